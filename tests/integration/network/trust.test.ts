import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderInput } from '../../../contract/domain.ts';
import { AppError } from '../../../main/core/errors.ts';
import { NATIVE_CLIENT_ID } from '../../servers/oidc-idp.ts';
import { STRICT_HOST, startStrictIdp, type StrictIdp } from '../../servers/strict-idp.ts';
import { createTestCa, type TestCa } from '../../servers/test-pki.ts';
import { createHarness, type Harness } from '../../support/core-harness.ts';
import { signInWithBrowser } from '../../support/sign-in.ts';

let ca: TestCa;
let idp: StrictIdp;
const harnesses: Harness[] = [];

beforeAll(async () => {
  ca = await createTestCa('Acme Corp Root CA');
  idp = await startStrictIdp({ ca });
});
afterAll(() => idp.close());
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function harness(): Promise<Harness> {
  const h = await createHarness({
    network: { proxyVariables: {}, hostAliases: { [STRICT_HOST]: '127.0.0.1' } },
  });
  harnesses.push(h);
  return h;
}

function input(issuer: string, extraCaCertificates: string[] = []): ProviderInput {
  return {
    kind: 'oidc',
    name: 'Acme IdP',
    issuer,
    clientId: NATIVE_CLIENT_ID,
    clientAuth: 'none',
    scopes: ['openid', 'offline_access'],
    authParams: { prompt: 'consent' },
    redirectKind: 'loopback',
    network: { proxy: 'system', extraCaCertificates },
  };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

describe('a provider on HTTPS with a certificate from a company CA', () => {
  it('is refused with a message naming the certificate and the CA until the CA is added to it', async () => {
    const h = await harness();
    const error = await rejection(h.core.providers.add(input(idp.issuer)));

    expect(error.code).toBe('CERTIFICATE_REJECTED');
    expect(error.message).toContain(`The certificate of ${new URL(idp.issuer).host}`);
    expect(error.message).toContain(`CN=${STRICT_HOST}`);
    expect(error.message).toContain('Acme Corp Root CA');
    expect(error.message).toContain('issued by a certificate authority this app does not trust');
    const problem = error.toInfo().certificate!;
    expect(problem.reason).toBe('unknown-ca');
    expect(problem.caSubject).toContain('Acme Corp Root CA');
    expect(fingerprint(problem.caPem!)).toBe(fingerprint(ca.certPem));
    expect(h.core.providers.list()).toHaveLength(0);

    // "Trust this CA for this provider": the offered PEM is all it takes.
    const provider = await h.core.providers.add(input(idp.issuer, [problem.caPem!]));
    expect(provider.network.extraCaCertificates).toHaveLength(1);
    const { done } = await signInWithBrowser(h, provider.id, 'carol', {
      dispatcher: idp.browserAgent,
    });
    expect(done.status).toBe('succeeded');
    const [account] = h.core.accounts.summaries();
    await h.core.accounts.refresh(account!.id);
    expect(h.core.accounts.summaries()[0]!.status).toBe('active');
  });

  it('trusts the CA for that provider only: another provider on the same server is still refused', async () => {
    const h = await harness();
    await h.core.providers.add(input(idp.issuer, [ca.certPem]));
    const error = await rejection(h.core.providers.add({ ...input(idp.issuer), name: 'Other' }));
    expect(error.code).toBe('CERTIFICATE_REJECTED');
    expect(h.core.providers.list().map((p) => p.name)).toEqual(['Acme IdP']);
  });

  it('refuses a pasted text that is not a certificate, saying so', async () => {
    const h = await harness();
    const error = await rejection(h.core.providers.add(input(idp.issuer, ['not a certificate'])));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('PEM certificate');
  });
});

describe('certificate errors say why', () => {
  it('an expired certificate: named as expired, no CA offered', async () => {
    const expired = await startStrictIdp({
      ca,
      serverCertificate: await ca.issueServer([STRICT_HOST], { expired: true }),
    });
    try {
      const h = await harness();
      const error = await rejection(h.core.providers.add(input(expired.issuer, [ca.certPem])));
      expect(error.code).toBe('CERTIFICATE_REJECTED');
      expect(error.message).toContain('it has expired');
      expect(error.toInfo().certificate?.reason).toBe('expired');
      expect(error.toInfo().certificate?.caPem).toBeUndefined();
    } finally {
      await expired.close();
    }
  });

  it('a certificate for another host name: named as such, even with the CA trusted', async () => {
    const wrongHost = await startStrictIdp({
      ca,
      serverCertificate: await ca.issueServer(['other.test']),
    });
    try {
      const h = await harness();
      const error = await rejection(h.core.providers.add(input(wrongHost.issuer, [ca.certPem])));
      expect(error.code).toBe('CERTIFICATE_REJECTED');
      expect(error.message).toContain('issued for another host name');
      expect(error.message).toContain('CN=other.test');
    } finally {
      await wrongHost.close();
    }
  });
});
