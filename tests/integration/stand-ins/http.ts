/**
 * Helpers for the stand-in contract tests: plain fetch (no redirects followed, short
 * timeouts), and stand-ins started for one test alone.
 */
import { onTestFinished } from 'vitest';

/** A stand-in started for the current test alone, closed when the test ends (pass or fail). */
export async function ownServer<S extends { close(): Promise<void> }>(
  started: Promise<S>,
): Promise<S> {
  const server = await started;
  onTestFinished(() => server.close());
  return server;
}

export interface Sent {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: unknown;
}

export async function send(url: string, init: RequestInit = {}): Promise<Sent> {
  const res = await fetch(url, {
    redirect: 'manual',
    signal: AbortSignal.timeout(5_000),
    ...init,
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

export function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Sent> {
  return send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Sent> {
  return send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

const DAY = 24 * 3600 * 1000;
export const days = (n: number): number => n * DAY;
