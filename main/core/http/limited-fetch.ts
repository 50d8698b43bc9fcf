import { loadUndici } from './undici.ts';
import { AppError } from '../errors.ts';
import { describeNetworkFailure } from './network-failure.ts';
import { checkDestination, type SendRule } from './outbound-guard.ts';
import { currentNetwork, type RequestNetwork } from './request-network.ts';

/** No provider response the app reads is anywhere near this; anything larger is refused. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * `fetch` that refuses bodies over {@link MAX_RESPONSE_BYTES} and never follows redirects
 * silently to another origin's error page. Used by openid-client (as its customFetch) and by
 * the named-provider clients, so every provider call has the same limits. It is also the one
 * place requests leave: a destination the current operation's secrets are not bound to is
 * refused before anything is sent (see {@link checkDestination}), and only then is the route
 * chosen: the provider's proxy, trusted CAs and client certificate (`network`, by default the
 * current operation's, see {@link currentNetwork}). undici's own `fetch` is used with undici's
 * dispatchers, so the client and its proxy agents always come from the same undici version.
 */
export async function limitedFetch(
  url: string | URL,
  init: RequestInit = {},
  rules: readonly SendRule[] = [],
  network: RequestNetwork = currentNetwork(),
): Promise<Response> {
  checkDestination(url, rules);
  const target = new URL(url);
  const route = await network.router.route(target, network.profile);
  const { fetch: undiciFetch } = await loadUndici();
  let response: Response;
  try {
    response = await undiciFetch(target, {
      redirect: 'manual',
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: route.dispatcher,
    });
  } catch (err) {
    throw await describeNetworkFailure(err, target, route.proxy, network);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  // Rebuilt as this runtime's own Response (undici's fetch made it), body read and bounded.
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body ? (response.body as ReadableStream<Uint8Array>).getReader() : null;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = Buffer.concat(chunks);
  // Null-body statuses must be rebuilt without a body.
  const nullBody = [101, 204, 205, 304].includes(response.status);
  const copy = new Response(nullBody ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers([...response.headers]),
  });
  // Keep the final URL: openid-client reads `response.url` in some checks.
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}

function tooLarge(): AppError {
  return new AppError(
    'INVALID_RESPONSE',
    `The provider sent a response larger than ${MAX_RESPONSE_BYTES / 1024} KiB, which is not a token response. Check the provider URL.`,
  );
}
