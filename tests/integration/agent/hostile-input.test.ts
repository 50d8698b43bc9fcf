import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentServer } from '../../../main/core/agent/agent-server.ts';
import { createIpcHandlers } from '../../../main/core/ipc/handlers.ts';
import { startOidcIdp, type TestIdp } from '../../servers/oidc-idp.ts';
import { oidcToken, plainRequest, rawExchange } from '../../support/agent-client.ts';
import { agentWithAccount, waitFor } from '../../support/agent-account.ts';
import type { Harness } from '../../support/core-harness.ts';

// What a misbehaving local client can do to the socket: the app answers or hangs up within
// its limits, and the window's own requests keep working meanwhile.

const LIMITS = { readTimeoutMs: 300, maxConnections: 32, maxRequestBytes: 64 * 1024 };
let idp: TestIdp;
const harnesses: Harness[] = [];

beforeAll(async () => {
  idp = await startOidcIdp();
});
afterAll(() => idp.close());
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function setUp() {
  const setup = await agentWithAccount(idp.issuer, { agentLimits: LIMITS });
  harnesses.push(setup.h);
  const ipc = createIpcHandlers(setup.h.core, {
    trustedSenders: ['app://renderer'],
    log: () => undefined,
  });
  const windowStillWorks = async () => {
    const result = await ipc['accounts:list']('app://renderer/index.html', undefined);
    expect(result.ok).toBe(true);
  };
  const scriptStillWorks = async () => {
    expect((await oidcToken(setup.socket, ['work'])).stdout.trim()).toBe(
      setup.tokens().accessToken,
    );
  };
  return { ...setup, windowStillWorks, scriptStillWorks };
}

function open(socketPath: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath, () => resolve(socket));
    socket.on('error', reject);
  });
}

describe('hostile input on the agent socket', () => {
  it('answers garbage with "Bad Request" and closes', async () => {
    const { socket, scriptStillWorks } = await setUp();
    const reply = JSON.parse(await rawExchange(socket, randomBytes(300)));
    expect(reply).toMatchObject({
      status: 'failure',
      error: expect.stringMatching(/^Bad Request/),
    });
    // Not JSON, though it starts like it: waits for more, then times out.
    expect(JSON.parse(await rawExchange(socket, '{"request": nonsense}\n'))).toMatchObject({
      error: 'Request timed out: the client sent too little.',
    });
    await scriptStillWorks();
  });

  it('cuts off a 10 MB line after the size limit', async () => {
    const { socket, windowStillWorks, scriptStillWorks } = await setUp();
    const client = await open(socket);
    const received: Buffer[] = [];
    client.on('data', (chunk: Buffer) => received.push(chunk));
    client.on('error', () => undefined);
    const closed = new Promise((resolve) => client.on('close', resolve));
    client.write(`{"request":"access_token","account":"${'a'.repeat(10 * 1024 * 1024)}"}\n`);
    await closed;
    const reply = Buffer.concat(received).toString();
    expect(reply).toContain('Bad Request: message larger than 65536 bytes');
    await windowStillWorks();
    await scriptStillWorks();
  });

  it('times out half a message followed by silence, plain or encrypted', async () => {
    const { socket, scriptStillWorks } = await setUp();
    const half = await rawExchange(socket, '{"request":"access_token","acc');
    expect(JSON.parse(half)).toMatchObject({
      error: 'Request timed out: the client sent too little.',
    });
    // Half a public key, and a key followed by half a sealed message.
    const halfKey = await rawExchange(socket, 'rXVulaNfjoWnDEaW8p6i5afRWuw7');
    expect(halfKey).toContain('Request timed out');
    const client = await open(socket);
    const chunks: string[] = [];
    client.on('data', (c: Buffer) => chunks.push(c.toString()));
    const closed = new Promise((resolve) => client.on('close', resolve));
    client.write('rXVulaNfjoWnDEaW8p6i5afRWuw7wyPY/ZbhENEAclA=');
    await waitFor(() => chunks.join('').length >= 44);
    client.write('98:cjxDO8W2HxBinZLF0GdGBZZqGr9zByT3:DHGtA9I7j+XN');
    await closed;
    expect(chunks.join('').slice(44)).toContain('Request timed out');
    await scriptStillWorks();
  });

  it('refuses a suspicious public key and a forged encrypted message', async () => {
    const { socket, scriptStillWorks } = await setUp();
    // The all-zero point: libsodium refuses to derive a key from it.
    const zeroKey = await rawExchange(socket, `${'A'.repeat(43)}=`);
    expect(JSON.parse(zeroKey)).toMatchObject({ error: 'received suspicious public key' });
    const client = await open(socket);
    const chunks: string[] = [];
    client.on('data', (c: Buffer) => chunks.push(c.toString()));
    const closed = new Promise((resolve) => client.on('close', resolve));
    client.write('rXVulaNfjoWnDEaW8p6i5afRWuw7wyPY/ZbhENEAclA=');
    await waitFor(() => chunks.join('').length >= 44);
    // Well-formed, but sealed under another key.
    client.write(
      '98:cjxDO8W2HxBinZLF0GdGBZZqGr9zByT3:DHGtA9I7j+XN6aRELRz0PoVpNOvte6+vjELKIrOinuUuAa1QReFJGd7UXNBwSop3KCnuzTjmo38i7seKqUC45ACaCTLvvLLwm8m86YNSNwVZm/x8IEuYGWbrKMJM3DfF+DMDXDIOebjK8xjbXD5CtXS3',
    );
    await closed;
    expect(JSON.parse(chunks.join('').slice(44))).toMatchObject({
      error: 'internal error: ipc encrypted message malformed',
    });
    await scriptStillWorks();
  });

  it('holds a thousand connections to its cap; the window and, afterwards, scripts still work', async () => {
    const { socket, h, windowStillWorks, scriptStillWorks } = await setUp();
    // Opened 100 at a time: the kernel's accept queue, not the app, limits a burst of 1,000.
    const sockets: Socket[] = [];
    for (let batch = 0; batch < 10; batch++) {
      sockets.push(...(await Promise.all(Array.from({ length: 100 }, () => open(socket)))));
    }
    const refused: string[] = [];
    for (const s of sockets) {
      s.on('data', (c: Buffer) => refused.push(c.toString()));
      s.on('error', () => undefined);
    }
    const tooMany = JSON.stringify({
      status: 'failure',
      error: 'Too many connections to Token Desk; try again.',
    });
    const timedOut = JSON.stringify({
      status: 'failure',
      error: 'Request timed out: the client sent too little.',
    });
    // While the burst is held, the window's own requests are answered.
    await windowStillWorks();
    // Beyond the cap each is refused at once; the ones served time out (they send nothing) and
    // free their places, so on a slow machine later arrivals may be served instead of refused.
    let peak = 0;
    await waitFor(() => {
      peak = Math.max(peak, h.core.agent['server']?.connectionCount ?? 0);
      return refused.length >= sockets.length;
    }, 20_000);
    expect(peak).toBeLessThanOrEqual(LIMITS.maxConnections);
    expect(refused.every((r) => r === tooMany || r === timedOut)).toBe(true);
    // The cap did turn connections away (without it every one would have been served).
    expect(refused.filter((r) => r === tooMany).length).toBeGreaterThan(0);
    // The silent ones time out and free their places.
    await Promise.all(
      sockets.map(
        (s) => new Promise((resolve) => (s.destroyed ? resolve(null) : s.on('close', resolve))),
      ),
    );
    await scriptStillWorks();
  });
});

describe('socket and folder modes', () => {
  it('listens in a 0700 folder on a 0600 socket and removes it when turned off', async () => {
    const { socket, h } = await setUp();
    expect((await lstat(join(socket, '..'))).mode & 0o777).toBe(0o700);
    const info = await lstat(socket);
    expect(info.isSocket()).toBe(true);
    expect(info.mode & 0o777).toBe(0o600);
    h.core.metadata.updateSettings({ scriptsEnabled: false });
    await h.core.agent.sync();
    await expect(lstat(socket)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a folder others can open, and a path another agent serves', async () => {
    const base = await mkdtemp(join(tmpdir(), 'token-desk-modes-'));
    try {
      const folder = join(base, 'open');
      await mkdir(folder);
      await chmod(folder, 0o755);
      const server = new AgentServer({
        socketPath: join(folder, 'agent.sock'),
        handle: async () => ({ status: 'success' }),
      });
      await expect(server.start()).rejects.toThrow(/others can open it/);

      const path = join(base, 'own', 'agent.sock');
      const first = new AgentServer({
        socketPath: path,
        handle: async () => ({ status: 'success' }),
      });
      await first.start();
      const second = new AgentServer({
        socketPath: path,
        handle: async () => ({ status: 'success' }),
      });
      await expect(second.start()).rejects.toThrow(/already serving scripts/);
      expect(await plainRequest(path, { request: 'loaded_accounts' })).toEqual({
        status: 'success',
      });
      await first.stop();
      // A socket file left by a crashed app answers nobody: it is replaced.
      await new Promise((resolve) =>
        execFile(
          process.execPath,
          [
            '-e',
            `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`,
          ],
          resolve,
        ),
      );
      expect((await lstat(path)).isSocket()).toBe(true);
      const replacing = new AgentServer({
        socketPath: path,
        handle: async () => ({ status: 'success', replaced: true }),
      });
      await replacing.start();
      expect(await plainRequest(path, { request: 'loaded_accounts' })).toEqual({
        status: 'success',
        replaced: true,
      });
      await replacing.stop();
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('shows why the socket could not start in the status', async () => {
    const { h } = await setUp();
    const blocked = join(h.dir, 'blocked');
    await mkdir(blocked, { mode: 0o755 });
    await chmod(blocked, 0o755);
    const { AgentService } = await import('../../../main/core/agent/agent-service.ts');
    const agent = new AgentService({
      socketPath: join(blocked, 'agent.sock'),
      tokens: h.core.scriptTokens,
      consent: h.core.consent,
      log: h.core.accessLog,
      events: h.core.events,
      enabled: () => true,
    });
    await agent.sync();
    expect(agent.status()).toMatchObject({ enabled: true, running: false, socketPath: null });
    expect(agent.status().problem).toMatch(
      /^Scripts cannot reach Token Desk: .*others can open it/,
    );
  });
});
