/**
 * The secret-leak detector shared by every test: the test servers and harnesses register each
 * secret they hand out (access, refresh and ID tokens, client secrets, passphrases), and
 * everything the app says to the outside is scanned for them: console output, core events,
 * notifications, IPC results (except an explicit reveal), loopback pages. A vitest setup file
 * (leak-guard-setup.ts) fails the test in which a known secret showed up, naming where.
 *
 * The registry lives on `globalThis`, so servers, harnesses and the setup file share it
 * whichever module instance they loaded.
 */

export type SecretKind =
  | 'access token'
  | 'refresh token'
  | 'ID token'
  | 'client secret'
  | 'passphrase'
  | 'proxy password'
  | 'private key'
  | 'token';

export interface Leak {
  kind: SecretKind;
  /** Where it was seen, e.g. `console.error`, `event accounts:changed`, `ipc accounts:list`. */
  where: string;
}

interface Registry {
  secrets: Map<string, SecretKind>;
  leaks: Leak[];
  /** How many scans ran: lets a test prove the detector is wired in where it claims. */
  scans: Map<string, number>;
}

const KEY = Symbol.for('token-desk.tests.leak-detector');
/** Shorter values could occur in ordinary text by chance. */
const MIN_SECRET_LENGTH = 12;

function registry(): Registry {
  const g = globalThis as { [KEY]?: Registry };
  g[KEY] ??= { secrets: new Map(), leaks: [], scans: new Map() };
  return g[KEY];
}

/** Remembers a value that must never appear in anything the app logs, emits or returns. */
export function registerSecret(value: unknown, kind: SecretKind): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  registry().secrets.set(value, kind);
}

/** The kinds of the known secrets `text` contains. */
export function findSecrets(text: string): SecretKind[] {
  const found: SecretKind[] = [];
  for (const [secret, kind] of registry().secrets) if (text.includes(secret)) found.push(kind);
  return found;
}

/** Scans what the app sent somewhere (any value, serialized) and records each secret in it. */
export function scanForSecrets(value: unknown, where: string): void {
  const reg = registry();
  reg.scans.set(where, (reg.scans.get(where) ?? 0) + 1);
  if (reg.secrets.size === 0 || value === undefined || value === null) return;
  const text = typeof value === 'string' ? value : safeStringify(value);
  for (const kind of findSecrets(text)) reg.leaks.push({ kind, where });
}

/** Returns and forgets the leaks recorded so far. */
export function takeLeaks(): Leak[] {
  return registry().leaks.splice(0);
}

/** How many times something was scanned at `where` (wiring checks). */
export function scanCount(where: string): number {
  return registry().scans.get(where) ?? 0;
}

function safeStringify(value: unknown): string {
  if (value instanceof Error) {
    return `${value.name}: ${value.message} ${safeStringify({ ...value })} ${
      value.cause === undefined ? '' : safeStringify(value.cause)
    }`;
  }
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) =>
        v instanceof Error ? `${v.name}: ${v.message}` : typeof v === 'bigint' ? String(v) : v,
      ) ?? String(value)
    );
  } catch {
    return String(value);
  }
}

/** Registers the token fields of a token endpoint response body (RFC 6749 §5.1). */
export function registerTokenResponse(body: unknown): void {
  if (!body || typeof body !== 'object') return;
  const b = body as Record<string, unknown>;
  registerSecret(b['access_token'], 'access token');
  registerSecret(b['refresh_token'], 'refresh token');
  registerSecret(b['id_token'], 'ID token');
}
