import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogEntry, ConsentRequest } from '../../../contract/domain.ts';
import { startOidcIdp, type TestIdp } from '../../servers/oidc-idp.ts';
import { oidcToken, plainRequest } from '../../support/agent-client.ts';
import { agentWithAccount, answerPrompts, waitFor } from '../../support/agent-account.ts';
import { createHarness, type Harness } from '../../support/core-harness.ts';

// "Ask" accounts: the prompt, its answers and timeout, and the access log that records them.

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
  const setup = await agentWithAccount(idp.issuer, { access: 'ask', ...options });
  harnesses.push(setup.h);
  return setup;
}

const ask = (socket: string, hint = 'deploy-script') =>
  plainRequest(socket, { request: 'access_token', account: 'work', application_hint: hint });

describe('consent for "ask" accounts', () => {
  it('shows a prompt naming the account, the hint and the requesting process', async () => {
    const { h, socket, account } = await setUp();
    const shown: ConsentRequest[] = [];
    const off = h.core.events.subscribe((event, payload) => {
      if (event === 'agent:pendingChanged') shown.push(...(payload as ConsentRequest[]));
    });
    const pending = oidcToken(socket, ['--name', 'ci-job', 'work']);
    await waitFor(() => h.core.consent.list().length === 1);
    const [request] = h.core.consent.list();
    expect(request).toMatchObject({
      accountId: account.id,
      accountLabel: 'alice@example.test',
      shortName: 'work',
      applicationHint: 'ci-job',
      process: { executable: '/usr/bin/oidc-token' },
    });
    expect(request!.process!.pid).toBeGreaterThan(1);
    expect(request!.expiresAt - request!.receivedAt).toBe(60_000);
    h.core.consent.answer(request!.id, 'allow-once');
    const result = await pending;
    off();
    expect(result.code).toBe(0);
    expect(shown.length).toBeGreaterThan(0);
    expect(h.core.consent.list()).toEqual([]);
  });

  it('allow once lets one request through; the next one asks again', async () => {
    const { h, socket, tokens } = await setUp();
    const answers = answerPrompts(h, 'allow-once');
    expect((await ask(socket))['access_token']).toBe(tokens().accessToken);
    expect((await ask(socket))['access_token']).toBe(tokens().accessToken);
    answers.stop();
    expect(answers.prompts).toBe(2);
  });

  it('allow for an hour covers the same application for an hour, not another one', async () => {
    let now = Date.now();
    const { h, socket } = await setUp({ now: () => now });
    const answers = answerPrompts(h, 'allow-hour');
    await ask(socket);
    await ask(socket);
    expect(answers.prompts).toBe(1);
    await ask(socket, 'another-tool');
    expect(answers.prompts).toBe(2);
    now += 61 * 60_000;
    await ask(socket);
    answers.stop();
    expect(answers.prompts).toBe(3);
  });

  it('deny refuses with a reason a script can show', async () => {
    const { h, socket } = await setUp();
    const answers = answerPrompts(h, 'deny');
    expect(await ask(socket)).toEqual({
      status: 'failure',
      error: 'operation forbidden: denied in Token Desk',
      error_code: 'ACCESS_DENIED',
    });
    answers.stop();
  });

  it('a prompt nobody answers is refused when it times out', async () => {
    const { socket, h } = await setUp({ consentTimeoutMs: 300 });
    const reply = await ask(socket);
    expect(reply).toMatchObject({ status: 'failure', error_code: 'ACCESS_DENIED' });
    expect(reply['error']).toMatch(/nobody answered/);
    expect(h.core.consent.list()).toEqual([]);
  });

  it('a client that hangs up takes its prompt away', async () => {
    const { socket, h } = await setUp();
    const { connect } = await import('node:net');
    const client = connect(socket, () =>
      client.write(JSON.stringify({ request: 'access_token', account: 'work' })),
    );
    await waitFor(() => h.core.consent.list().length === 1);
    client.destroy();
    await waitFor(() => h.core.consent.list().length === 0);
  });
});

describe('the access log', () => {
  it('records each request with account, hint, outcome and reason, never a token', async () => {
    const { h, socket, tokens } = await setUp({ access: 'always' });
    await ask(socket, 'deploy-script');
    await plainRequest(socket, { request: 'access_token', account: 'nobody' });
    const token = tokens().accessToken;
    h.core.vault.lock();
    await ask(socket, 'nightly');
    h.core.accessLog.flush();
    const log = h.core.accessLog.list();
    expect(
      log.map((e) => [e.requested, e.accountLabel, e.applicationHint, e.outcome, e.reason]),
    ).toEqual([
      ['work', 'alice@example.test', 'deploy-script', 'granted', 'always allowed'],
      ['nobody', null, null, 'refused', 'unknown account'],
      ['work', null, 'nightly', 'refused', 'vault locked'],
    ]);
    const stored = JSON.stringify(h.core.metadata.readAccessLog());
    expect(stored).toContain('deploy-script');
    expect(stored).not.toContain(token.slice(0, 20));
  });

  it('keeps the last 1,000 entries across a restart, and clears', async () => {
    const { h, socket } = await setUp({ access: 'always' });
    for (let i = 0; i < 1_005; i++) {
      h.core.accessLog.record({
        requested: `n${i}`,
        accountId: null,
        accountLabel: null,
        applicationHint: null,
        process: null,
        outcome: 'refused',
        reason: 'unknown account',
        scope: null,
        audience: null,
      });
    }
    await ask(socket, 'last');
    h.core.accessLog.flush();
    const dir = h.dir;
    h.core.dispose();
    const reopened = await createHarness({ dir });
    harnesses.push(reopened);
    const log: AccessLogEntry[] = reopened.core.accessLog.list();
    expect(log).toHaveLength(1_000);
    expect(log[0]!.requested).toBe('n6');
    expect(log.at(-1)!.applicationHint).toBe('last');
    reopened.core.accessLog.clear();
    expect(reopened.core.metadata.readAccessLog()).toEqual([]);
  });
});
