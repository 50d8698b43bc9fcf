/**
 * A minimal cookie-aware "system browser" for integration tests: follows an authorization URL
 * through the IdP (which finishes the interaction for the account named in a header) and
 * stops at the app's redirect. A loopback redirect is really requested, as a browser would;
 * a custom-scheme redirect is returned for the test to hand over like the OS would.
 */
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { RELAY_FORM_MARKER } from '../../main/core/flows/loopback-listener.ts';
import { TEST_ACCOUNT_HEADER } from '../servers/oidc-idp.ts';
import { scanForSecrets } from './leak-detector.ts';

export type BrowserOutcome =
  | { kind: 'loopback'; status: number; body: string; url: string }
  | { kind: 'custom-scheme'; url: string }
  | { kind: 'stopped'; status: number; url: string; body: string };

export interface BrowseOptions {
  account?: string;
  /** Stop before requesting the loopback redirect and return it (to replay or delay it). */
  holdLoopback?: boolean;
  /** For an IdP on HTTPS under a test name: the dispatcher that trusts it and resolves it. */
  dispatcher?: Dispatcher;
}

export async function browse(
  startUrl: string,
  options: BrowseOptions = {},
): Promise<BrowserOutcome> {
  const jar = new Map<string, string>();
  let url = startUrl;
  const idpOrigin = new URL(startUrl).origin;
  for (let hop = 0; hop < 20; hop++) {
    const target = new URL(url);
    if (target.origin !== idpOrigin) {
      if (!target.protocol.startsWith('http')) return { kind: 'custom-scheme', url };
      if (options.holdLoopback) return { kind: 'stopped', status: 0, url, body: '' };
      if (target.hash.length > 1) return relayFragment(target);
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      return { kind: 'loopback', status: res.status, body: scannedPage(await res.text()), url };
    }
    const headers: Record<string, string> = {};
    if (jar.size) headers['cookie'] = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (options.account) headers[TEST_ACCOUNT_HEADER] = options.account;
    const init = { redirect: 'manual' as const, headers, signal: AbortSignal.timeout(10_000) };
    const res = options.dispatcher
      ? ((await undiciFetch(url, {
          ...init,
          dispatcher: options.dispatcher,
        })) as unknown as Response)
      : await fetch(url, init);
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      url =
        location.includes(':') && !location.startsWith('/') && !/^https?:/i.test(location)
          ? location
          : new URL(location, url).href;
      continue;
    }
    return { kind: 'stopped', status: res.status, url, body: await res.text() };
  }
  throw new Error('too many redirects');
}

/**
 * An implicit-flow redirect carries the token in the fragment, which a browser never sends to
 * a server: the listener answers with a page whose script clears the fragment from the address
 * and posts it back in a form. This "browser" runs no scripts, so it checks that the page is
 * that relay and makes the same-origin POST itself, as Chromium would (with its `Origin`).
 */
async function relayFragment(target: URL): Promise<BrowserOutcome> {
  const withoutFragment = new URL(target);
  withoutFragment.hash = '';
  const page = await fetch(withoutFragment, { signal: AbortSignal.timeout(10_000) });
  const html = await page.text();
  if (!html.includes(RELAY_FORM_MARKER) || !html.includes('history.replaceState')) {
    return { kind: 'stopped', status: page.status, url: withoutFragment.href, body: html };
  }
  const res = await fetch(withoutFragment, {
    method: 'POST',
    headers: {
      origin: withoutFragment.origin,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ response: target.hash.slice(1) }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  return {
    kind: 'loopback',
    status: res.status,
    body: await res.text(),
    url: withoutFragment.href,
  };
}

/** What the app's loopback page shows the user must carry no secret (leak-detector.ts). */
function scannedPage(body: string): string {
  scanForSecrets(body, 'loopback page');
  return body;
}
