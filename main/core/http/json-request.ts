import { AppError, toAppError } from '../errors.ts';
import { limitedFetch } from './limited-fetch.ts';

export interface JsonRequest {
  url: string | URL;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  timeoutSeconds: number;
  /** Who answers, for messages: "PeerID", "the PlaceOS server"… */
  providerName: string;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** The parsed body; `undefined` for an empty body or one that is not JSON. */
  body: unknown;
  /** Set when the body is not JSON: thrown by {@link parsedBody}. */
  notJson?: AppError;
}

/**
 * The JSON body, or the error saying what arrived instead. Callers check statuses whose meaning
 * does not depend on the body (a 401) before calling this.
 */
export function parsedBody(response: JsonResponse): unknown {
  if (response.notJson) throw response.notJson;
  return response.body;
}

/**
 * One HTTP call to a provider that speaks JSON but not standard OAuth (PeerID, Pi, PlaceOS's
 * own APIs): bounded in time and size, and any answer that is not JSON (a proxy's HTML 502
 * page, a truncated body) becomes an INVALID_RESPONSE error that says what arrived.
 */
export async function requestJson(request: JsonRequest): Promise<JsonResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  } else if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  }

  let response: Response;
  let text: string;
  try {
    response = await limitedFetch(request.url, {
      method: request.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body === undefined ? {} : { body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutSeconds * 1000),
    });
    text = await response.text();
  } catch (err) {
    throw toAppError(err, request.providerName);
  }

  if (text.trim() === '')
    return { status: response.status, headers: response.headers, body: undefined };
  try {
    return {
      status: response.status,
      headers: response.headers,
      body: JSON.parse(text) as unknown,
    };
  } catch {
    const error = notJson(response, request.providerName);
    return { status: response.status, headers: response.headers, body: undefined, notJson: error };
  }
}

function notJson(response: Response, providerName: string): AppError {
  const type = response.headers.get('content-type') ?? 'no content type';
  const what = type.includes('html') ? 'an HTML page' : `a non-JSON body (${type.split(';')[0]})`;
  const hint =
    response.status >= 500
      ? 'The server or a proxy in front of it is failing; try again later.'
      : 'Check the provider URL in its settings.';
  return new AppError(
    'INVALID_RESPONSE',
    `${providerName} answered with ${what} (HTTP ${response.status}) instead of JSON. ${hint}`,
  );
}
