import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A server on 127.0.0.1 playing "somewhere else" (a typo, an attacker's host): it records every
 * request and answers like a willing OAuth server (a discovery document naming itself, tokens,
 * an active introspection, a user), so a client that would send it secrets gets every chance to.
 */
export async function startRecordingServer(): Promise<{
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}> {
  const requests: RecordedRequest[] = [];
  let url = '';
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const path = (req.url ?? '').split('?')[0];
      const reply =
        path === '/.well-known/openid-configuration'
          ? {
              issuer: url,
              authorization_endpoint: `${url}/auth`,
              token_endpoint: `${url}/token`,
              revocation_endpoint: `${url}/revoke`,
              introspection_endpoint: `${url}/introspect`,
              userinfo_endpoint: `${url}/me`,
              grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
            }
          : path === '/token'
            ? {
                access_token: 'elsewhere-access',
                token_type: 'Bearer',
                expires_in: 3600,
                refresh_token: 'elsewhere-refresh',
              }
            : { active: true, sub: 'alice' };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The secrets among `secrets` that a recorded request carries anywhere: URL, headers (a Basic
 * `Authorization` header decoded), body; raw, form-encoded or JSON-escaped.
 */
export function secretsIn(request: RecordedRequest, secrets: readonly string[]): string[] {
  const headers = Object.entries(request.headers).map(([k, v]) => `${k}: ${String(v)}`);
  const basic = /^Basic\s+(.+)$/i.exec(String(request.headers.authorization ?? ''));
  const decodedBasic = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : '';
  const text = [request.url, ...headers, request.body, decodedBasic].join('\n');
  const decoded = [text, safeDecode(text), safeDecode(text.replace(/\+/g, ' '))].join('\n');
  return secrets.filter((secret) => secret && decoded.includes(secret));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
