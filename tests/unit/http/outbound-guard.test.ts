import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendOnlyTo } from '../../../main/core/http/outbound-guard.ts';
import { limitedFetch } from '../../../main/core/http/limited-fetch.ts';

/** Two loopback servers: where a secret was issued, and somewhere else. Each counts requests. */
let issuer: { url: string; hits: number; server: Server };
let other: { url: string; hits: number; server: Server };

async function start(): Promise<{ url: string; hits: number; server: Server }> {
  const target = { url: '', hits: 0, server: createServer() };
  target.server.on('request', (_req, res) => {
    target.hits++;
    res.end('{}');
  });
  await new Promise<void>((resolve) => target.server.listen(0, '127.0.0.1', resolve));
  target.url = `http://127.0.0.1:${(target.server.address() as AddressInfo).port}`;
  return target;
}

beforeAll(async () => {
  issuer = await start();
  other = await start();
});
afterAll(async () => {
  for (const target of [issuer, other]) {
    await new Promise<void>((resolve) => target.server.close(() => resolve()));
  }
});

const rule = (origins: string[], active = () => true) => ({
  origins,
  what: 'the tokens of this account',
  active,
});

describe('sendOnlyTo and limitedFetch', () => {
  it('lets requests to a bound origin leave and refuses any other before it is sent', async () => {
    const before = { issuer: issuer.hits, other: other.hits };
    await sendOnlyTo(rule([issuer.url]), async () => {
      expect((await limitedFetch(`${issuer.url}/token`, { method: 'POST' })).status).toBe(200);
      await expect(limitedFetch(`${other.url}/token`, { method: 'POST' })).rejects.toMatchObject({
        code: 'REAUTH_REQUIRED',
        message: expect.stringMatching(/Nothing was sent/),
      });
    });
    expect(issuer.hits).toBe(before.issuer + 1);
    expect(other.hits).toBe(before.other);
  });

  it('follows the operation through awaits and timers, and nested rules all apply', async () => {
    const before = other.hits;
    await sendOnlyTo(rule([issuer.url, other.url]), () =>
      sendOnlyTo(rule([issuer.url]), async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await expect(limitedFetch(other.url)).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
      }),
    );
    expect(other.hits).toBe(before);
    // Outside any operation nothing is restricted (requests that carry no stored secret).
    expect((await limitedFetch(other.url)).status).toBe(200);
  });

  it('refuses everything once the rule is no longer active (the vault locked)', async () => {
    let unlocked = true;
    const before = issuer.hits;
    await sendOnlyTo(
      rule([issuer.url], () => unlocked),
      async () => {
        await limitedFetch(issuer.url);
        unlocked = false;
        await expect(limitedFetch(issuer.url)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
      },
    );
    expect(issuer.hits).toBe(before + 1);
  });

  it('applies rules a caller passes along (a client configuration holding a secret)', async () => {
    const before = other.hits;
    await expect(limitedFetch(other.url, {}, [rule([issuer.url])])).rejects.toMatchObject({
      code: 'REAUTH_REQUIRED',
    });
    expect(other.hits).toBe(before);
  });
});
