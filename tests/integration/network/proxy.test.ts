import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderInput, ProviderNetworkInput } from '../../../contract/domain.ts';
import type { NetworkEnvironment } from '../../../main/core/http/dispatcher.ts';
import { AppError } from '../../../main/core/errors.ts';
import { NATIVE_CLIENT_ID, startOidcIdp, type TestIdp } from '../../servers/oidc-idp.ts';
import { startRecordingProxy, type RecordingProxy } from '../../servers/recording-proxy.ts';
import { STRICT_HOST, startStrictIdp, type StrictIdp } from '../../servers/strict-idp.ts';
import { createTestCa, type TestCa } from '../../servers/test-pki.ts';
import { createHarness, type Harness } from '../../support/core-harness.ts';
import { registerSecret } from '../../support/leak-detector.ts';
import { nativeClientInput } from '../../support/oidc-provider-input.ts';
import { signInWithBrowser } from '../../support/sign-in.ts';

const PROXY_PASSWORD = 'proxy-password-for-tests-only-42';
registerSecret(PROXY_PASSWORD, 'proxy password');

let ca: TestCa;
let idp: StrictIdp;
let loopbackIdp: TestIdp;
let proxy: RecordingProxy;
let authProxy: RecordingProxy;
const harnesses: Harness[] = [];

beforeAll(async () => {
  ca = await createTestCa();
  idp = await startStrictIdp({ ca });
  loopbackIdp = await startOidcIdp();
  proxy = await startRecordingProxy({ hosts: idp.hosts });
  authProxy = await startRecordingProxy({
    hosts: idp.hosts,
    credentials: { username: 'dana', password: PROXY_PASSWORD },
  });
});
afterAll(async () => {
  await Promise.all([idp.close(), loopbackIdp.close(), proxy.close(), authProxy.close()]);
});
afterEach(async () => {
  proxy.passed.length = 0;
  authProxy.passed.length = 0;
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

/** The harness maps no names: without a host map here, idp.test is reachable only through a proxy. */
async function harness(network: NetworkEnvironment = {}): Promise<Harness> {
  const h = await createHarness({ network });
  harnesses.push(h);
  return h;
}

function input(network: ProviderNetworkInput): ProviderInput {
  return {
    kind: 'oidc',
    name: 'Corp IdP',
    issuer: idp.issuer,
    clientId: NATIVE_CLIENT_ID,
    clientAuth: 'none',
    scopes: ['openid', 'offline_access'],
    authParams: { prompt: 'consent' },
    redirectKind: 'loopback',
    network: { extraCaCertificates: [ca.certPem], ...network },
  };
}

const idpTarget = () => new URL(idp.issuer).host;

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function signInAndRefresh(h: Harness, providerId: string): Promise<void> {
  const { done } = await signInWithBrowser(h, providerId, 'erin', {
    dispatcher: idp.browserAgent,
  });
  expect(done.status).toBe('succeeded');
  const [account] = h.core.accounts.summaries();
  await h.core.accounts.refresh(account!.id);
}

describe('a proxy given for the provider', () => {
  it('carries discovery, the code exchange and the refresh, and only to the provider', async () => {
    const h = await harness();
    const provider = await h.core.providers.add(input({ proxy: 'url', proxyUrl: proxy.url }));
    expect(proxy.passed.length).toBeGreaterThan(0);
    await signInAndRefresh(h, provider.id);

    const before = proxy.passed.length;
    await h.core.accounts.refresh(h.core.accounts.summaries()[0]!.id);
    expect(proxy.passed.every((p) => p.method === 'CONNECT' && p.target === idpTarget())).toBe(
      true,
    );
    // The loopback redirect of the sign-in never went through it.
    expect(proxy.passed.some((p) => p.target.startsWith('127.0.0.1'))).toBe(false);
    expect(before).toBeGreaterThan(0);
  });

  it('is never used for loopback providers', async () => {
    const h = await harness();
    const provider = await h.core.providers.add(
      nativeClientInput(loopbackIdp.issuer, {
        network: { proxy: 'url', proxyUrl: proxy.url },
      }),
    );
    const { done } = await signInWithBrowser(h, provider.id, 'frank');
    expect(done.status).toBe('succeeded');
    await h.core.accounts.refresh(h.core.accounts.summaries()[0]!.id);
    expect(proxy.passed).toEqual([]);
  });

  it('that is down: the error names the proxy, not the provider', async () => {
    const down = await startRecordingProxy({ hosts: {} });
    await down.close();
    const h = await harness();
    const error = await failure(h.core.providers.add(input({ proxy: 'url', proxyUrl: down.url })));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toContain(`Could not reach the proxy ${down.url}`);
  });

  it('asking for credentials: sent from the vault when given, a clear 407 error when not', async () => {
    const h = await harness();
    const missing = await failure(
      h.core.providers.add(input({ proxy: 'url', proxyUrl: authProxy.url, proxyUsername: 'dana' })),
    );
    expect(missing.message).toContain(
      `The proxy ${authProxy.url} asked for credentials (HTTP 407)`,
    );

    const provider = await h.core.providers.add(
      input({
        proxy: 'url',
        proxyUrl: authProxy.url,
        proxyUsername: 'dana',
        proxyPassword: PROXY_PASSWORD,
      }),
    );
    expect(provider.hasProxyPassword).toBe(true);
    expect(provider.network.proxyUsername).toBe('dana');
    expect(JSON.stringify(provider)).not.toContain(PROXY_PASSWORD);
    await signInAndRefresh(h, provider.id);
    expect(authProxy.passed.at(-1)).toMatchObject({ target: idpTarget(), authorized: true });
    // The password is in the vault, not in the metadata file.
    const metadata = await readFile(join(h.dir, 'metadata.json'), 'utf8');
    expect(metadata).toContain('dana');
    expect(metadata).not.toContain(PROXY_PASSWORD);

    // Editing the provider without retyping the password keeps it.
    const edited = await h.core.providers.update(provider.id, {
      ...input({ proxy: 'url', proxyUrl: authProxy.url, proxyUsername: 'dana' }),
      name: 'Corp IdP (renamed)',
    });
    expect(edited.hasProxyPassword).toBe(true);
    await h.core.accounts.refresh(h.core.accounts.summaries()[0]!.id);
  });

  it('refuses credentials inside the proxy URL (the password belongs in the vault)', async () => {
    const h = await harness();
    const error = await failure(
      h.core.providers.add(input({ proxy: 'url', proxyUrl: `http://dana:secret@127.0.0.1:1` })),
    );
    expect(error.code).toBe('INVALID_INPUT');
  });
});

describe('the system proxy', () => {
  it('on plain Node: HTTPS_PROXY is used', async () => {
    const h = await harness({ proxyVariables: { httpsProxy: proxy.url } });
    const provider = await h.core.providers.add(input({ proxy: 'system' }));
    await signInAndRefresh(h, provider.id);
    expect(proxy.passed.length).toBeGreaterThan(0);
  });

  it('on plain Node: NO_PROXY is respected', async () => {
    const h = await harness({
      proxyVariables: { httpsProxy: proxy.url, noProxy: `localhost,.example.com,${STRICT_HOST}` },
      hostAliases: { [STRICT_HOST]: '127.0.0.1' },
    });
    const provider = await h.core.providers.add(input({ proxy: 'system' }));
    await signInAndRefresh(h, provider.id);
    expect(proxy.passed).toEqual([]);
  });

  it('"none" on a provider overrides the system proxy', async () => {
    const h = await harness({
      proxyVariables: { httpsProxy: proxy.url },
      hostAliases: { [STRICT_HOST]: '127.0.0.1' },
    });
    const provider = await h.core.providers.add(input({ proxy: 'none' }));
    await signInAndRefresh(h, provider.id);
    expect(proxy.passed).toEqual([]);
  });

  it('in the app: asks the OS (Electron resolveProxy) for each URL and follows its answer', async () => {
    const asked: string[] = [];
    let answer = `PROXY 127.0.0.1:${proxy.port}; DIRECT`;
    const h = await harness({
      resolveSystemProxy: async (url) => {
        asked.push(url);
        return answer;
      },
      hostAliases: { [STRICT_HOST]: '127.0.0.1' },
    });
    const provider = await h.core.providers.add(input({ proxy: 'system' }));
    await signInAndRefresh(h, provider.id);
    expect(asked).toContain(`${idp.issuer}/.well-known/openid-configuration`);
    expect(asked).toContain(`${idp.issuer}/token`);
    expect(asked.every((url) => !url.startsWith('http://127.0.0.1'))).toBe(true);
    expect(proxy.passed.length).toBeGreaterThan(0);

    proxy.passed.length = 0;
    answer = 'DIRECT';
    await h.core.accounts.refresh(h.core.accounts.summaries()[0]!.id);
    expect(proxy.passed).toEqual([]);
  });
});
