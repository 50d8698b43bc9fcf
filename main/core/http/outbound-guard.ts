import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../errors.ts';

/**
 * Where requests made while a secret is in hand may go. Every provider request leaves through
 * `limitedFetch`, which checks the rules of the operation it belongs to (carried through
 * awaits by AsyncLocalStorage): a refresh token, access token or client secret read from the
 * vault for one operation can only reach the origins it is bound to, however the provider's
 * endpoints were changed meanwhile (a form, a hand-edited metadata file, a discovery document).
 */
export interface SendRule {
  /** The origins (`https://host[:port]`) the secret may be sent to. */
  origins: readonly string[];
  /** What is guarded, for the message: "the tokens of this account", "the client secret". */
  what: string;
  /** False once the secret may no longer leave at all (the vault was locked). */
  active: () => boolean;
}

const rules = new AsyncLocalStorage<readonly SendRule[]>();

/** Runs `operation` so that every request it makes obeys `rule` too (rules accumulate). */
export function sendOnlyTo<T>(rule: SendRule, operation: () => T): T {
  return rules.run([...(rules.getStore() ?? []), rule], operation);
}

/**
 * Throws instead of letting a request to `url` leave when a rule of the current operation
 * forbids it. Called by `limitedFetch` before anything is sent; `extra` adds rules a caller
 * holds outside the operation (an openid-client Configuration holding a client secret).
 */
export function checkDestination(url: string | URL, extra: readonly SendRule[] = []): void {
  const origin = new URL(url).origin;
  for (const rule of [...(rules.getStore() ?? []), ...extra]) {
    if (!rule.active()) {
      throw new AppError(
        'VAULT_LOCKED',
        'The vault was locked, so nothing was sent. Unlock it and try again.',
      );
    }
    if (!rule.origins.includes(origin)) {
      throw new AppError(
        'REAUTH_REQUIRED',
        `Nothing was sent: ${rule.what} may only go to ${rule.origins.join(', ') || 'the server that issued them'}, not to ${origin}. Sign in again (and enter the client secret again) for the provider's new address.`,
      );
    }
  }
}
