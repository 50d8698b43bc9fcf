/**
 * Hostile callbacks: what a page on the web, another local program or a crafted link can send
 * to the loopback listener and to the private-use scheme handler while a sign-in waits. Each
 * is refused with a coded error, shows none of the sender's words, leaves the sign-in waiting
 * (so the genuine redirect still completes it) and stores nothing.
 */
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_SCHEME } from '../../../main/core/app-core.ts';
import { MAX_SHOWN_PROVIDER_TEXT } from '../../../main/core/flows/loopback-listener.ts';
import { startOidcIdp, type TestIdp } from '../../servers/oidc-idp.ts';
import { createHarness, type Harness } from '../../support/core-harness.ts';
import { browse } from '../../support/headless-browser.ts';
import { nativeClientInput } from '../../support/oidc-provider-input.ts';
import { waitForFlow } from '../../support/wait.ts';

let idp: TestIdp;
let h: Harness;

beforeAll(async () => {
  idp = await startOidcIdp();
});
afterAll(async () => {
  await idp.close();
});
afterEach(async () => {
  await h?.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so Host, method and request target are exactly what a test says. */
function raw(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        timeout: 5_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer')));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Starts a loopback sign-in and holds the IdP's genuine redirect back. */
async function waitingSignIn() {
  h = await createHarness();
  const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
  const opened = h.nextOpened();
  const flow = await h.core.signIn.start({ providerId: provider.id, method: 'authorization-code' });
  const outcome = await browse(await opened, { account: 'alice', holdLoopback: true });
  if (outcome.kind === 'loopback') throw new Error('expected the redirect to be held');
  const genuine = new URL(outcome.url);
  const state = genuine.searchParams.get('state')!;
  return { flow, genuine, state, port: Number(genuine.port), host: genuine.host };
}

async function stillWaitingThenCompletes(
  flowId: string,
  genuine: URL,
  expectedPriorAccounts = 0,
): Promise<void> {
  expect(h.core.signIn.list().find((f) => f.id === flowId)?.status).toBe('waiting');
  expect(h.core.accounts.summaries()).toHaveLength(expectedPriorAccounts);
  const done = await fetch(genuine);
  expect(done.status).toBe(200);
  expect((await waitForFlow(h.core, flowId)).status).toBe('succeeded');
}

describe('loopback listener', () => {
  it('bug: answered any Host, so a DNS-rebound page could drive it; now only 127.0.0.1:<port>', async () => {
    const { flow, genuine, port } = await waitingSignIn();
    const path = `${genuine.pathname}${genuine.search}`;
    for (const host of [
      'evil.example',
      `localhost:${port}`,
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
    ]) {
      const res = await raw(port, { path, headers: { host } });
      expect(res.status, host).toBe(421);
      expect(res.body).toBe('Wrong host');
    }
    // The genuine redirect was not used up by the requests with a wrong Host.
    await stillWaitingThenCompletes(flow.id, genuine);
  });

  it('answers only its one path and GET/POST', async () => {
    const { flow, genuine, port, host } = await waitingSignIn();
    const query = genuine.search;
    for (const path of [`/${query}`, `/callback/${query}`, `/CALLBACK${query}`, `/oauth${query}`]) {
      expect((await raw(port, { path, headers: { host } })).status, path).toBe(404);
    }
    // An absolute-form target naming another origin is not "our" callback either.
    const absolute = await raw(port, {
      path: `http://evil.example/callback${query}`,
      headers: { host },
    });
    expect(absolute.status).toBe(404);
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await raw(port, { method, path: `/callback${query}`, headers: { host } });
      expect(res.status, method).toBe(405);
      expect(res.headers['allow']).toBe('GET, POST');
    }
    await stillWaitingThenCompletes(flow.id, genuine);
  });

  it('refuses oversized request targets before reading them', async () => {
    const { flow, genuine, port, host } = await waitingSignIn();
    const long = await raw(port, {
      path: `/callback${genuine.search}&pad=${'a'.repeat(10_000)}`,
      headers: { host },
    });
    expect(long.status).toBe(414);
    // Beyond Node's header limit the server refuses before the app sees anything.
    const huge = await raw(port, {
      path: `/callback${genuine.search}&pad=${'a'.repeat(70_000)}`,
      headers: { host },
    }).catch(() => ({ status: 431 }));
    expect(huge.status).toBe(431);
    await stillWaitingThenCompletes(flow.id, genuine);
  });

  it('refuses a wrong, missing or repeated state and repeated parameters, and keeps waiting', async () => {
    const { flow, genuine, state, port, host } = await waitingSignIn();
    const code = genuine.searchParams.get('code')!;
    const cases: [string, RegExp][] = [
      [`code=${code}&state=forged`, /does not match any sign-in/],
      [`code=${code}`, /has no state/],
      [`code=${code}&state=${state}&state=${state}`, /has no state \(or more than one\)/],
      [`code=${code}&code=other&state=${state}`, /code parameter more than once/],
      [`code=&state=${state}`, /neither a code/],
    ];
    for (const [query, message] of cases) {
      const res = await raw(port, { path: `/callback?${query.toString()}`, headers: { host } });
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatch(message);
    }
    await stillWaitingThenCompletes(flow.id, genuine);
  });

  it('bug: showed provider text from any link; now none without a known state', async () => {
    const { flow, genuine, port, host } = await waitingSignIn();
    const phishing = 'Your account is locked. Call Zebra-7731 to unlock it';
    for (const query of [
      new URLSearchParams({ error: 'access_denied', error_description: phishing }),
      new URLSearchParams({ error: 'access_denied', error_description: phishing, state: 'x' }),
    ]) {
      const res = await raw(port, { path: `/callback?${query.toString()}`, headers: { host } });
      expect(res.status).toBe(400);
      expect(res.body).not.toMatch(/Zebra|locked|access_denied/);
    }
    expect(h.notifications).toEqual([]);
    await stillWaitingThenCompletes(flow.id, genuine);
  });

  it('shows an error answer for the known state, escaped and capped', async () => {
    const { flow, state, port, host } = await waitingSignIn();
    const description = `<script>alert(1)</script> ${'y'.repeat(3000)}`;
    const query = new URLSearchParams({
      error: 'server_error',
      error_description: description,
      state,
    });
    const res = await raw(port, { path: `/callback?${query.toString()}`, headers: { host } });
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('<script>');
    expect(res.body).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    const shown = /<code>([^<]*)<\/code>/.exec(res.body)?.[1] ?? '';
    expect(shown.replaceAll(/&#\d+;/g, '.').length).toBeLessThanOrEqual(
      MAX_SHOWN_PROVIDER_TEXT + 1,
    );
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    // The error ended the sign-in, with the provider's (capped) words kept for the app.
    const done = await waitForFlow(h.core, flow.id);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'PROVIDER_ERROR' } });
    expect(done.error?.providerMessage?.length).toBeLessThanOrEqual(501);
    expect(h.core.accounts.summaries()).toEqual([]);
  });

  it('a reused redirect finds the listener closed', async () => {
    const { flow, genuine } = await waitingSignIn();
    await stillWaitingThenCompletes(flow.id, genuine);
    await expect(fetch(genuine)).rejects.toThrow(/fetch failed/);
    expect(h.core.accounts.summaries()).toHaveLength(1);
  });

  it('an expired state: the sign-in times out and a late redirect finds nothing', async () => {
    h = await createHarness({ signInTimeoutMs: 300 });
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    const opened = h.nextOpened();
    const flow = await h.core.signIn.start({
      providerId: provider.id,
      method: 'authorization-code',
    });
    const outcome = await browse(await opened, { account: 'alice', holdLoopback: true });
    const done = await waitForFlow(h.core, flow.id);
    expect(done.error?.code).toBe('SIGN_IN_TIMEOUT');
    await expect(fetch(outcome.url)).rejects.toThrow(/fetch failed/);
    expect(h.core.accounts.summaries()).toEqual([]);
  });

  it('the relay POST accepts only its own origin, a form body and one bounded field', async () => {
    const { flow, genuine, state, port, host } = await waitingSignIn();
    const origin = `http://${host}`;
    const fragment = `access_token=stolen&token_type=Bearer&state=${state}`;
    const form = 'application/x-www-form-urlencoded';
    const posts: [Record<string, string>, string][] = [
      [{ host, 'content-type': form }, new URLSearchParams({ response: fragment }).toString()],
      [
        { host, origin: 'http://evil.example', 'content-type': form },
        new URLSearchParams({ response: fragment }).toString(),
      ],
      [{ host, origin, 'content-type': 'text/plain' }, `response=${fragment}`],
      [{ host, origin, 'content-type': form }, `response=a&response=b`],
      [{ host, origin, 'content-type': form }, `response=${'a'.repeat(20_000)}`],
    ];
    for (const [headers, body] of posts) {
      const res = await raw(port, { method: 'POST', path: '/callback', headers, body });
      expect(res.status, JSON.stringify(headers)).toBe(400);
      expect(res.body).toBe('Bad request');
    }
    await stillWaitingThenCompletes(flow.id, genuine);
  });
});

describe('custom-scheme redirects', () => {
  async function waitingSchemeSignIn() {
    h = await createHarness();
    const provider = await h.core.providers.add(
      nativeClientInput(idp.issuer, { redirectKind: 'custom-scheme' }),
    );
    const opened = h.nextOpened();
    const flow = await h.core.signIn.start({
      providerId: provider.id,
      method: 'authorization-code',
    });
    const outcome = await browse(await opened, { account: 'alice', holdLoopback: true });
    const genuine = new URL(outcome.url);
    return { flow, genuine, state: genuine.searchParams.get('state')! };
  }

  it('refuses hostile URLs through the inbox, telling the user without their words', async () => {
    const { flow, genuine, state } = await waitingSchemeSignIn();
    const base = `${CUSTOM_SCHEME}:/oauth/callback`;
    const code = genuine.searchParams.get('code')!;
    const hostile = [
      `${base}?code=${code}&state=forged`,
      `${base}?code=${code}`,
      `${base}?code=${code}&state=${state}&state=other`,
      `${base}?error=access_denied&error_description=Call+%2B1-555-0100+now`,
      `${base}?error=access_denied&error_description=Call+%2B1-555-0100+now&state=forged`,
      `${base}#access_token=planted&state=forged`,
      `${base}?code=${code}&state=${'s'.repeat(100_000)}`,
    ];
    for (const url of hostile) h.core.redirects.receive(url);
    expect(h.notifications).toHaveLength(hostile.length);
    for (const n of h.notifications) {
      expect(n.title).toBe('Sign-in response ignored');
      expect(n.body).not.toMatch(/555|Call|planted/);
      expect(n.body.length).toBeLessThan(200);
    }
    expect(h.core.signIn.list().find((f) => f.id === flow.id)?.status).toBe('waiting');
    h.core.redirects.receive(genuine.href);
    expect((await waitForFlow(h.core, flow.id)).status).toBe('succeeded');
  });

  it('a repeated code for the known state fails for that sign-in, which keeps waiting', async () => {
    const { flow, genuine, state } = await waitingSchemeSignIn();
    const code = genuine.searchParams.get('code')!;
    const outcome = h.core.signIn.handleRedirectUrl(
      `${CUSTOM_SCHEME}:/oauth/callback?code=${code}&code=x&state=${state}`,
    );
    expect(outcome).toMatchObject({
      ok: false,
      flowId: flow.id,
      error: { code: 'INVALID_RESPONSE' },
    });
    h.core.redirects.receive(genuine.href);
    expect((await waitForFlow(h.core, flow.id)).status).toBe('succeeded');
  });

  it('a reused URL is refused as already used and changes nothing', async () => {
    const { flow, genuine } = await waitingSchemeSignIn();
    h.core.redirects.receive(genuine.href);
    await waitForFlow(h.core, flow.id);
    const before = h.core.accounts.summaries();
    const replay = h.core.signIn.handleRedirectUrl(genuine.href);
    expect(replay).toMatchObject({ ok: false, error: { code: 'STATE_MISMATCH' } });
    expect(h.core.accounts.summaries()).toEqual(before);
  });
});
