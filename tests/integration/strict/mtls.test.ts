import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importKeyPair } from '../../../main/core/client-auth/client-keys.ts';
import {
  MTLS_CLIENT_ID,
  MTLS_CLIENT_SUBJECT,
  jwkWithCertificate,
  startStrictIdp,
  type StrictIdp,
} from '../../servers/strict-idp.ts';
import { createTestCa, selfSignedClientCertificate, type TestCa } from '../../servers/test-pki.ts';
import type { Harness } from '../../support/core-harness.ts';
import { claim, failure, section, signIn, strictHarness, strictInput } from './strict-harness.ts';

let ca: TestCa;
let idp: StrictIdp;
const harnesses: Harness[] = [];

beforeAll(async () => {
  ca = await createTestCa();
  idp = await startStrictIdp({ ca });
});
afterAll(() => idp.close());
afterEach(async () => {
  idp.tokenRequests.length = 0;
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function harness(): Promise<Harness> {
  const h = await strictHarness();
  harnesses.push(h);
  return h;
}

const thumbprint = (pem: string) =>
  Buffer.from(new X509Certificate(pem).fingerprint256.replace(/:/g, ''), 'hex').toString(
    'base64url',
  );

describe('tls_client_auth (RFC 8705) with certificate-bound tokens', () => {
  it('sign-in, refresh, introspect and revoke over the mTLS aliases with the client certificate', async () => {
    const client = await ca.issueClient(MTLS_CLIENT_SUBJECT);
    const h = await harness();
    const provider = await h.core.providers.add(
      strictInput(idp, ca, {
        clientId: MTLS_CLIENT_ID,
        clientAuth: 'tls_client_auth',
        tlsClient: { certificatePem: client.certPem, keyPem: client.keyPem },
      }),
    );
    expect(provider.tlsClientCertificate?.subject).toContain(`CN=${MTLS_CLIENT_SUBJECT}`);
    expect(JSON.stringify(provider)).not.toContain('PRIVATE KEY');

    expect((await signIn(h, idp, provider.id, 'jack')).status).toBe('succeeded');
    const [account] = h.core.accounts.summaries();
    await h.core.accounts.refresh(account!.id);
    expect(idp.tokenRequests.map((r) => [r.grantType, r.mtls, r.clientCert])).toEqual([
      ['authorization_code', true, true],
      ['refresh_token', true, true],
    ]);

    const inspection = await h.core.accounts.inspect(account!.id);
    const introspection = section(inspection, 'introspection');
    expect(claim(introspection, 'active')).toBe(true);
    const binding = section(inspection, 'token-binding');
    expect(claim(binding, 'cnf.x5t#S256')).toBe(thumbprint(client.certPem));
    expect(claim(binding, 'Certificate-bound')).toBeTruthy();
    // The bound token works at userinfo only over the certificate's connection: it does.
    expect(section(inspection, 'userinfo')?.status).toBe('ok');

    expect((await h.core.accounts.revoke(account!.id)).status).toBe('revoked');
    const after = await h.core.accounts.inspect(account!.id);
    expect(claim(section(after, 'introspection'), 'active')).toBe(false);
  });

  it('a certificate the provider does not accept: its error, said clearly', async () => {
    const other = await createTestCa('Someone Else CA');
    const wrong = await other.issueClient(MTLS_CLIENT_SUBJECT);
    const h = await harness();
    const provider = await h.core.providers.add(
      strictInput(idp, ca, {
        clientId: MTLS_CLIENT_ID,
        clientAuth: 'tls_client_auth',
        tlsClient: { certificatePem: wrong.certPem, keyPem: wrong.keyPem },
      }),
    );
    const done = await signIn(h, idp, provider.id, 'kim');
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('PROVIDER_ERROR');
    expect(done.error?.message).toContain('rejected the client credentials');
    expect(done.error?.providerMessage).toMatch(/^invalid_client: client authentication failed/);
  });

  it('refuses a key that does not belong to the certificate', async () => {
    const client = await ca.issueClient(MTLS_CLIENT_SUBJECT);
    const another = await ca.issueClient('someone');
    const h = await harness();
    const error = await failure(
      h.core.providers.add(
        strictInput(idp, ca, {
          clientId: MTLS_CLIENT_ID,
          clientAuth: 'tls_client_auth',
          tlsClient: { certificatePem: client.certPem, keyPem: another.keyPem },
        }),
      ),
    );
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('does not belong to the client certificate');
  });
});

describe('self_signed_tls_client_auth', () => {
  it('a self-signed certificate registered with its key: sign-in and refresh', async () => {
    const client = await selfSignedClientCertificate('token-desk-self-signed');
    const { publicJwk } = await importKeyPair(client.keyPem);
    const clientId = await idp.register({
      token_endpoint_auth_method: 'self_signed_tls_client_auth',
      tls_client_certificate_bound_access_tokens: true,
      jwks: { keys: [jwkWithCertificate(publicJwk, client.certPem)] },
    });
    const h = await harness();
    const provider = await h.core.providers.add(
      strictInput(idp, ca, {
        clientId,
        clientAuth: 'self_signed_tls_client_auth',
        tlsClient: { certificatePem: client.certPem, keyPem: client.keyPem },
      }),
    );
    expect((await signIn(h, idp, provider.id, 'lee')).status).toBe('succeeded');
    const [account] = h.core.accounts.summaries();
    expect((await h.core.accounts.refresh(account!.id)).status).toBe('active');
    const inspection = await h.core.accounts.inspect(account!.id);
    expect(claim(section(inspection, 'token-binding'), 'cnf.x5t#S256')).toBe(
      thumbprint(client.certPem),
    );
  });
});
