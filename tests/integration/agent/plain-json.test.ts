import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { updateAccountScripting } from '../../../main/core/agent/account-scripting.ts';
import { startOidcIdp, type TestIdp } from '../../servers/oidc-idp.ts';
import { encryptedRequest, plainRequest } from '../../support/agent-client.ts';
import { agentWithAccount } from '../../support/agent-account.ts';
import type { Harness } from '../../support/core-harness.ts';

// oidc-agent's IPC API in its plain-JSON form, as the Python and Go libraries send it.

let idp: TestIdp;
const harnesses: Harness[] = [];

beforeAll(async () => {
  idp = await startOidcIdp();
});
afterAll(() => idp.close());
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function setUp(...args: Parameters<typeof agentWithAccount>) {
  const setup = await agentWithAccount(...args);
  harnesses.push(setup.h);
  return setup;
}

describe('plain JSON requests', () => {
  it('answers access_token by account with exactly oidc-agent’s fields', async () => {
    const { socket, tokens, account } = await setUp(idp.issuer);
    const reply = await plainRequest(socket, {
      request: 'access_token',
      account: 'work',
      min_valid_period: 60,
      application_hint: 'example_application',
    });
    expect(reply).toEqual({
      status: 'success',
      access_token: tokens().accessToken,
      issuer: idp.issuer,
      expires_at: Math.floor(account.expiresAt! / 1000),
    });
    // Refresh token, ID token and client secret never leave.
    const text = JSON.stringify(reply);
    expect(text).not.toContain(tokens().refreshToken!);
    expect(text).not.toContain(tokens().idToken!);
  });

  it('answers access_token by issuer, with or without a trailing slash', async () => {
    const { socket, tokens } = await setUp(idp.issuer);
    for (const issuer of [idp.issuer, `${idp.issuer}/`]) {
      const reply = await plainRequest(socket, { request: 'access_token', issuer });
      expect(reply['access_token']).toBe(tokens().accessToken);
    }
    const unknown = await plainRequest(socket, {
      request: 'access_token',
      issuer: 'https://elsewhere.example/',
    });
    expect(unknown).toMatchObject({
      status: 'failure',
      error: 'No account configured for that issuer',
    });
  });

  it('lists loaded_accounts: the short names scripts may use', async () => {
    const { socket, h, account } = await setUp(idp.issuer);
    expect(await plainRequest(socket, { request: 'loaded_accounts' })).toEqual({
      status: 'success',
      info: ['work'],
    });
    updateAccountScripting(h.core, { id: account.id, access: 'never' });
    expect(await plainRequest(socket, { request: 'loaded_accounts' })).toEqual({
      status: 'success',
      info: [],
    });
  });

  it('answers malformed and unknown requests with oidc-agent’s "Bad Request"', async () => {
    const { socket } = await setUp(idp.issuer);
    expect(await plainRequest(socket, { request: 'add', config: {} })).toMatchObject({
      status: 'failure',
      error: 'Bad Request: unknown request',
    });
    expect(
      await plainRequest(socket, { request: 'access_token', account: 'work', issuer: 'x' }),
    ).toMatchObject({ status: 'failure', error: 'Bad Request: give either account or issuer' });
    expect(
      await plainRequest(socket, {
        request: 'access_token',
        account: 'work',
        min_valid_period: 'soon',
      }),
    ).toMatchObject({ status: 'failure', error_code: 'INVALID_INPUT' });
    // An ID token is not served to scripts.
    expect(await plainRequest(socket, { request: 'id_token', account: 'work' })).toMatchObject({
      status: 'failure',
      error: 'Bad Request: unknown request',
    });
  });

  it('gives the same answer over the encrypted exchange', async () => {
    const { socket, tokens } = await setUp(idp.issuer);
    const reply = await encryptedRequest(socket, { request: 'access_token', account: 'work' });
    expect(reply['access_token']).toBe(tokens().accessToken);
  });
});
