import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, toAppError } from '../../main/core/errors.ts';
import { limitedFetch } from '../../main/core/http/limited-fetch.ts';

/** What the stand-in provider answers next; `hang` never answers. */
interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  hang?: boolean;
}

const CLIENT_SECRET = 'cs-SECRET-b1946ac92492d2347c6235b4d2611184';
const REFRESH_TOKEN = 'rt-SECRET-6f5902ac237024bdd0c176cb93063dc4';
const ACCESS_TOKEN = 'at-SECRET-e59ff97941044f85df5297e1c302d260';
const SECRETS = [CLIENT_SECRET, REFRESH_TOKEN, ACCESS_TOKEN];

let server: Server;
let base: string;
let reply: Reply = {};
const received: { authorization: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ authorization: req.headers.authorization ?? '', body });
      if (reply.hang) return;
      res.writeHead(reply.status ?? 200, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/**
 * `timeout` is in seconds: one second only where the timeout itself is tested, so the other
 * calls cannot time out on a slow machine.
 */
function configuration(
  options: { limited?: boolean; timeout?: number } = {},
): client.Configuration {
  const config = new client.Configuration(
    {
      issuer: base,
      token_endpoint: `${base}/token`,
      userinfo_endpoint: `${base}/userinfo`,
      revocation_endpoint: `${base}/revoke`,
    },
    'token-desk',
    { client_id: 'token-desk' },
    client.ClientSecretPost(CLIENT_SECRET),
  );
  config.timeout = options.timeout ?? 10;
  if (options.limited) config[client.customFetch] = limitedFetch;
  client.allowInsecureRequests(config);
  return config;
}

/** Runs a real openid-client call against the stand-in and normalizes what it throws. */
async function failureOf(
  next: Reply,
  call: (config: client.Configuration) => Promise<unknown>,
  context?: string,
  timeout?: number,
): Promise<AppError> {
  reply = next;
  received.length = 0;
  let thrown: unknown;
  try {
    await call(configuration({ limited: true, timeout }));
  } catch (err) {
    thrown = err;
  }
  expect(thrown, 'the call should have failed').toBeDefined();
  const error = toAppError(thrown, context);
  expectNoSecrets(error);
  return error;
}

function expectNoSecrets(error: AppError): void {
  const shown = [error.message, error.providerMessage ?? '', JSON.stringify(error.toInfo())];
  for (const text of shown) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const json = { 'content-type': 'application/json' };
const refresh = (config: client.Configuration) => client.refreshTokenGrant(config, REFRESH_TOKEN);

describe('toAppError with errors openid-client really throws', () => {
  it('invalid_grant from the token endpoint → REAUTH_REQUIRED with the provider’s words', async () => {
    const error = await failureOf(
      {
        status: 400,
        headers: json,
        body: '{"error":"invalid_grant","error_description":"Refresh token expired or revoked"}',
      },
      refresh,
    );
    // The refresh token and client secret really went over the wire…
    expect(received[0]?.body).toContain(REFRESH_TOKEN);
    expect(received[0]?.body).toContain(CLIENT_SECRET);
    // …and none of it comes back in the error.
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('REAUTH_REQUIRED');
    expect(error.message).toMatch(/Sign in again/);
    expect(error.providerMessage).toBe('invalid_grant: Refresh token expired or revoked');
    expect(error.toInfo()).toEqual({
      code: 'REAUTH_REQUIRED',
      message: error.message,
      providerMessage: 'invalid_grant: Refresh token expired or revoked',
    });
  });

  it('invalid_client in the body → PROVIDER_ERROR pointing at the client settings', async () => {
    const error = await failureOf(
      { status: 401, headers: json, body: '{"error":"invalid_client"}' },
      refresh,
    );
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.message).toMatch(/client ID, the client secret/);
    expect(error.providerMessage).toBe('invalid_client');
  });

  it('a 401 Basic challenge naming invalid_client (as oidc-provider sends) → PROVIDER_ERROR', async () => {
    const error = await failureOf(
      {
        status: 401,
        headers: {
          ...json,
          'www-authenticate': `Basic realm="${base}", error="invalid_client", error_description="client authentication failed"`,
        },
        body: '{"error":"invalid_client","error_description":"client authentication failed"}',
      },
      refresh,
    );
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.providerMessage).toBe('invalid_client: client authentication failed');
  });

  it('bug: a bare 401 Basic challenge (wrong client secret) is not "sign in again"', async () => {
    const error = await failureOf(
      {
        status: 401,
        headers: { ...json, 'www-authenticate': 'Basic realm="x"' },
        body: '{"error":"invalid_client"}',
      },
      refresh,
    );
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.message).toMatch(/client secret/);
  });

  it('invalid_scope and unknown errors → PROVIDER_ERROR; unsupported_grant_type → UNSUPPORTED', async () => {
    const scope = await failureOf(
      { status: 400, headers: json, body: '{"error":"invalid_scope","error_description":"no"}' },
      refresh,
    );
    expect(scope).toMatchObject({ code: 'PROVIDER_ERROR', providerMessage: 'invalid_scope: no' });

    const unknown = await failureOf(
      { status: 400, headers: json, body: '{"error":"slow_down_please"}' },
      refresh,
    );
    expect(unknown).toMatchObject({
      code: 'PROVIDER_ERROR',
      message: 'The provider returned an error.',
      providerMessage: 'slow_down_please',
    });

    const grant = await failureOf(
      { status: 400, headers: json, body: '{"error":"unsupported_grant_type"}' },
      refresh,
    );
    expect(grant.code).toBe('UNSUPPORTED');
  });

  it('a 401 Bearer challenge from UserInfo → REAUTH_REQUIRED with the challenge’s description', async () => {
    const error = await failureOf(
      {
        status: 401,
        headers: {
          'www-authenticate':
            'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
        },
      },
      (config) => client.fetchUserInfo(config, ACCESS_TOKEN, client.skipSubjectCheck),
    );
    expect(received[0]?.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(error.code).toBe('REAUTH_REQUIRED');
    expect(error.providerMessage).toBe('invalid_token: The access token expired');
  });

  it('a bare 401 Bearer challenge (no error parameter) still says the token is not accepted', async () => {
    const error = await failureOf(
      { status: 401, headers: { 'www-authenticate': 'Bearer realm="api"' } },
      (config) => client.fetchUserInfo(config, ACCESS_TOKEN, client.skipSubjectCheck),
    );
    expect(error.code).toBe('REAUTH_REQUIRED');
    expect(error.message).toMatch(/token is invalid or expired/);
  });

  it('an HTML 502 page → INVALID_RESPONSE, without the page in the message', async () => {
    const error = await failureOf(
      {
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
      },
      refresh,
    );
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toBe('The provider sent a response this app cannot use.');
    expect(`${error.message} ${error.providerMessage}`).not.toMatch(/<html|<h1/);
  });

  it('an HTML page with status 200 → INVALID_RESPONSE "not JSON"', async () => {
    const error = await failureOf(
      { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Sign in</html>' },
      refresh,
      'Acme ID',
    );
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toBe(
      'Acme ID sent a response that is not JSON (HTTP 200). Check the provider URL in its settings.',
    );
  });

  it('a 200 token response without access_token → INVALID_RESPONSE', async () => {
    const error = await failureOf(
      { status: 200, headers: json, body: '{"token_type":"Bearer"}' },
      refresh,
    );
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.providerMessage).toBeTruthy();
  });

  it('a refused connection → NETWORK naming the cause and the provider', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const config = new client.Configuration(
      { issuer: base, token_endpoint: `http://127.0.0.1:${closedPort}/token` },
      'token-desk',
      {},
      client.ClientSecretPost(CLIENT_SECRET),
    );
    client.allowInsecureRequests(config);
    const thrown = await client.refreshTokenGrant(config, REFRESH_TOKEN).catch((e: unknown) => e);
    const error = toAppError(thrown, 'Acme ID');
    expectNoSecrets(error);
    expect(error.code).toBe('NETWORK');
    expect(error.message).toBe(
      'Could not reach Acme ID: the connection was refused. Check the URL and your connection, then try again.',
    );
    expect(error.message).not.toContain(String(closedPort));
  });

  it('a provider that never answers → TIMEOUT after the configured second', async () => {
    const started = Date.now();
    const error = await failureOf({ hang: true }, refresh, 'the issuer', 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe('The issuer did not answer in time. Try again later.');
  });

  it('a response over the size limit → the INVALID_RESPONSE raised inside customFetch', async () => {
    const error = await failureOf(
      { status: 200, headers: json, body: `{"access_token":"${'a'.repeat(2 * 1024 * 1024)}"}` },
      refresh,
    );
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toMatch(/larger than 1024 KiB/);
  });

  it('flattens and shortens a long multi-line provider description', async () => {
    const description = `line one\n\n\tline two ${'x'.repeat(2000)}`;
    const error = await failureOf(
      {
        status: 400,
        headers: json,
        body: JSON.stringify({ error: 'invalid_request', error_description: description }),
      },
      refresh,
    );
    expect(error.providerMessage?.startsWith('invalid_request: line one line two xxx')).toBe(true);
    expect(error.providerMessage).not.toMatch(/\n|\t/);
    expect(error.providerMessage?.endsWith('…')).toBe(true);
    expect(error.providerMessage!.length).toBeLessThanOrEqual('invalid_request: '.length + 501);
  });

  it('discovery of a URL that is not an issuer → INVALID_RESPONSE', async () => {
    reply = { status: 404, headers: { 'content-type': 'text/html' }, body: 'Not Found' };
    const thrown = await client
      .discovery(new URL(base), 'token-desk', {}, undefined, {
        execute: [client.allowInsecureRequests],
        timeout: 1,
      })
      .catch((e: unknown) => e);
    expect(toAppError(thrown, 'the issuer').code).toBe('INVALID_RESPONSE');
  });
});

describe('toAppError with other failures', () => {
  it('passes an AppError through unchanged, also when openid-client wrapped it', () => {
    const original = new AppError('VAULT_LOCKED', 'The vault is locked.');
    expect(toAppError(original)).toBe(original);
    expect(toAppError(new Error('wrapper', { cause: original }))).toBe(original);
  });

  it('an aborted fetch → CANCELLED', async () => {
    reply = { hang: true };
    const controller = new AbortController();
    const request = fetch(`${base}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = toAppError(await request.catch((e: unknown) => e));
    expect(error.code).toBe('CANCELLED');
  });

  it('a fetch that hits AbortSignal.timeout → TIMEOUT', async () => {
    reply = { hang: true };
    const thrown = await fetch(`${base}/slow`, { signal: AbortSignal.timeout(30) }).catch(
      (e: unknown) => e,
    );
    expect(toAppError(thrown).code).toBe('TIMEOUT');
  });

  it('anything else → INTERNAL with a generic message that does not echo the original', () => {
    const error = toAppError(new Error(`JSON.parse failed on ${REFRESH_TOKEN}`));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('Something unexpected went wrong. Try again.');
    expectNoSecrets(error);
    expect(toAppError('a string').code).toBe('INTERNAL');
    expect(toAppError(undefined).code).toBe('INTERNAL');
  });
});
