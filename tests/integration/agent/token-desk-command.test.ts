import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOidcIdp, type TestIdp } from '../../servers/oidc-idp.ts';
import { run } from '../../support/agent-client.ts';
import { agentWithAccount, answerPrompts } from '../../support/agent-account.ts';
import type { Harness } from '../../support/core-harness.ts';

// The `token-desk` command as a user runs it (`npx token-desk …`, i.e. bin/token-desk.js on
// Node 22), talking plain JSON to a real core's socket.

const BIN = join(import.meta.dirname, '../../../bin/token-desk.js');
let idp: TestIdp;
const harnesses: Harness[] = [];

beforeAll(async () => {
  idp = await startOidcIdp();
});
afterAll(() => idp.close());
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function setUp(options: Parameters<typeof agentWithAccount>[1] = {}) {
  const setup = await agentWithAccount(idp.issuer, { gitHosts: ['git.example.test'], ...options });
  harnesses.push(setup.h);
  return setup;
}

const tokenDesk = (socket: string, args: string[], input?: string) =>
  run(
    process.execPath,
    [BIN, ...args],
    { OIDC_SOCK: socket },
    input === undefined ? {} : { input },
  );

describe('token-desk token', () => {
  it('prints the raw token, the header, JSON and env lines', async () => {
    const { socket, tokens, account } = await setUp();
    const token = tokens().accessToken;
    const expSeconds = Math.floor(account.expiresAt! / 1000);

    expect(await tokenDesk(socket, ['token', 'work'])).toEqual({
      code: 0,
      stdout: `${token}\n`,
      stderr: '',
    });
    expect((await tokenDesk(socket, ['token', 'work', '--format', 'header'])).stdout).toBe(
      `Authorization: Bearer ${token}\n`,
    );
    const json = JSON.parse(
      (await tokenDesk(socket, ['token', 'work', '--format', 'json'])).stdout,
    );
    expect(json).toEqual({
      access_token: token,
      token_type: 'Bearer',
      expires_at: expSeconds,
      expiry: new Date(expSeconds * 1000).toISOString(),
      issuer: idp.issuer,
      account: 'work',
    });
    expect((await tokenDesk(socket, ['token', 'work', '--format', 'env'])).stdout).toBe(
      `export OIDC_AT='${token}'\nexport OIDC_ISS='${idp.issuer}'\nexport OIDC_EXP=${expSeconds}\n`,
    );
  });

  it('prints a Kubernetes ExecCredential, field by field', async () => {
    const { socket, tokens, account } = await setUp();
    const result = await tokenDesk(socket, ['token', 'work', '--format', 'exec-credential']);
    expect(result.code).toBe(0);
    const credential = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(credential).sort()).toEqual(['apiVersion', 'kind', 'status']);
    expect(credential['apiVersion']).toBe('client.authentication.k8s.io/v1');
    expect(credential['kind']).toBe('ExecCredential');
    const status = credential['status'] as Record<string, unknown>;
    expect(Object.keys(status).sort()).toEqual(['expirationTimestamp', 'token']);
    expect(status['token']).toBe(tokens().accessToken);
    // RFC 3339 in UTC, the account's expiry to the second.
    expect(status['expirationTimestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(status['expirationTimestamp'] as string)).toBe(
      Math.floor(account.expiresAt! / 1000) * 1000,
    );
  });

  it('passes --min-valid, --scope and --audience on', async () => {
    const { socket, tokens } = await setUp();
    const before = idp.tokenRequests.length;
    const narrow = await tokenDesk(socket, [
      'token',
      'work',
      '--scope',
      'openid',
      '--min-valid',
      '30',
    ]);
    expect(narrow.code).toBe(0);
    expect(narrow.stdout.trim()).not.toBe(tokens().accessToken);
    expect(idp.tokenRequests.slice(before)).toEqual([
      expect.objectContaining({ grant_type: 'refresh_token', scope: 'openid' }),
    ]);
    const forced = await tokenDesk(socket, ['token', 'work', '--min-valid', '7200']);
    expect(forced.stdout.trim()).toBe(tokens().accessToken);
    expect(idp.tokenRequests.length).toBe(before + 2);
    // An audience goes out as an RFC 8707 resource; this IdP knows no resource server and
    // says so, which reaches the script as the provider's own words.
    const main = tokens().accessToken;
    const audience = await tokenDesk(socket, [
      'token',
      'work',
      '--audience',
      'https://api.example.test',
    ]);
    expect(idp.tokenRequests.at(-1)).toMatchObject({
      grant_type: 'refresh_token',
      resource: 'https://api.example.test',
    });
    expect(audience).toEqual({
      code: 7,
      stdout: '',
      stderr:
        'token-desk: The provider returned an error. (invalid_target: resource indicator is missing, or unknown)\n',
    });
    expect(tokens().accessToken).toBe(main);
  });

  it('fails with one line on stderr and a distinct status, never printing a token', async () => {
    const { socket, h, tokens } = await setUp();
    const token = tokens().accessToken;
    const cases: [string[], number, RegExp][] = [
      [['token', 'nobody'], 6, /^token-desk: No account configured with that short name\n$/],
      [['token'], 2, /^token-desk: token needs exactly one account\n$/],
      [['token', 'work', '--format', 'yaml'], 2, /^token-desk: --format must be one of/],
      [['frobnicate'], 2, /^token-desk: unknown command "frobnicate"/],
    ];
    for (const [args, code, stderr] of cases) {
      const result = await tokenDesk(socket, args);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(stderr);
    }
    h.core.vault.lock();
    const locked = await tokenDesk(socket, ['token', 'work']);
    expect(locked).toEqual({ code: 4, stdout: '', stderr: 'token-desk: Agent locked\n' });
    const gone = await tokenDesk(join(h.dir, 'missing.sock'), ['token', 'work']);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toMatch(
      /^token-desk: Token Desk is not running, or "Scripts can request tokens" is off/,
    );
    for (const result of [locked, gone]) expect(result.stderr).not.toContain(token);
  });

  it('exits 5 when the user denies the request', async () => {
    const { socket, h } = await setUp({ access: 'ask' });
    const answers = answerPrompts(h, 'deny');
    const denied = await tokenDesk(socket, ['token', 'work']);
    answers.stop();
    expect(denied).toEqual({
      code: 5,
      stdout: '',
      stderr: 'token-desk: operation forbidden: denied in Token Desk\n',
    });
  });
});

describe('token-desk accounts', () => {
  it('lists short names, providers, expiry and access', async () => {
    const { socket, account } = await setUp();
    const result = await tokenDesk(socket, ['accounts']);
    expect(result.code).toBe(0);
    const expiry = new Date(Math.floor(account.expiresAt! / 1000) * 1000).toISOString();
    expect(result.stdout.split('\n')).toEqual([
      expect.stringMatching(/^SHORT NAME\s+PROVIDER\s+EXPIRES\s+ACCESS$/),
      expect.stringMatching(
        new RegExp(`^work\\s+Test IdP\\s+${expiry.replace(/\./g, '\\.')}\\s+always$`),
      ),
      '',
    ]);
  });
});

describe('token-desk git-credential', () => {
  it('answers get for a bound host with the token and its expiry', async () => {
    const { socket, tokens, account } = await setUp();
    const result = await tokenDesk(
      socket,
      ['git-credential', 'get'],
      'protocol=https\nhost=git.example.test\npath=team/repo.git\n\n',
    );
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: `username=oauth2\npassword=${tokens().accessToken}\npassword_expiry_utc=${Math.floor(account.expiresAt! / 1000)}\n`,
    });
  });

  it('keeps the username git sent, and says nothing for a host bound to no account', async () => {
    const { socket, tokens } = await setUp();
    const withUser = await tokenDesk(
      socket,
      ['git-credential', 'get'],
      'protocol=https\nhost=git.example.test\nusername=alice\n',
    );
    expect(withUser.stdout.split('\n').slice(0, 2)).toEqual([
      'username=alice',
      `password=${tokens().accessToken}`,
    ]);
    const other = await tokenDesk(
      socket,
      ['git-credential', 'get'],
      'protocol=https\nhost=github.com\n\n',
    );
    expect(other).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('store and erase are no-ops that print nothing', async () => {
    const { socket, h } = await setUp();
    const logged = h.core.accessLog.list().length;
    for (const op of ['store', 'erase']) {
      const result = await tokenDesk(
        socket,
        ['git-credential', op],
        'protocol=https\nhost=git.example.test\nusername=oauth2\npassword=secret\n\n',
      );
      expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    }
    expect(h.core.accessLog.list().length).toBe(logged);
  });
});
