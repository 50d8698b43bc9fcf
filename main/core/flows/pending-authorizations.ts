import { AppError, cleanProviderMessage } from '../errors.ts';
import { parseRedirect, type ParsedRedirect } from './redirect-parser.ts';

/** Everything needed to finish one browser sign-in, kept in main and keyed by `state`. */
export interface PendingAuthorization {
  state: string;
  flowId: string;
  method: 'authorization-code' | 'implicit';
  codeVerifier: string;
  nonce: string;
}

/** A redirect that matched its sign-in: the URL as received and what it carries. */
export interface DeliveredRedirect {
  url: URL;
  redirect: Extract<ParsedRedirect, { kind: 'code' | 'token' }>;
}

/** Where a redirect arrived: the loopback listener or the OS's private-use scheme handler. */
export type RedirectChannel = 'loopback' | 'custom-scheme';

export type DeliveryOutcome =
  { ok: true; flowId: string } | { ok: false; flowId?: string; error: AppError };

interface Entry {
  pending: PendingAuthorization;
  timer: NodeJS.Timeout;
  resolve: (delivered: DeliveredRedirect) => void;
  reject: (error: AppError) => void;
}

/** How long a used or expired state is remembered, to explain a late or replayed callback. */
const REMEMBER_MS = 30 * 60 * 1000;

/**
 * The single registry of sign-ins waiting for their redirect. Each entry is used once; an
 * unknown, missing, replayed or late `state` is rejected without touching the others.
 */
export class PendingAuthorizations {
  private readonly entries = new Map<string, Entry>();
  private readonly finished = new Map<
    string,
    { why: 'used' | 'expired' | 'cancelled'; at: number }
  >();

  /**
   * Registers a sign-in and resolves with its redirect once the browser comes back with the
   * matching state. Rejects with SIGN_IN_TIMEOUT after `timeoutMs`, with CANCELLED on
   * {@link cancel}, or with the provider's error when it redirects with one.
   */
  register(
    pending: PendingAuthorization,
    timeoutMs: number,
    timeoutMessage = 'The sign-in was not completed in the browser in time. Start it again when you are ready.',
  ): Promise<DeliveredRedirect> {
    if (this.entries.has(pending.state)) throw new Error('state collision');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(pending.state, 'expired');
        reject(new AppError('SIGN_IN_TIMEOUT', timeoutMessage));
      }, timeoutMs);
      timer.unref();
      this.entries.set(pending.state, { pending, timer, resolve, reject });
    });
  }

  /**
   * Delivers a redirect URL (loopback request or custom-scheme URL) to its sign-in. Provider
   * text (`error_description`) is kept only for a redirect whose state matches a sign-in.
   */
  deliver(input: string | URL, channel: RedirectChannel = 'custom-scheme'): DeliveryOutcome {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      return {
        ok: false,
        error: new AppError('INVALID_RESPONSE', 'The sign-in response is not a valid URL.'),
      };
    }
    const redirect = parseRedirect(url);
    const state = redirect.state;
    if (!state) {
      // Anyone can craft such a link: its words must not appear as if the provider said them.
      return {
        ok: false,
        error: new AppError(
          'STATE_MISMATCH',
          'The sign-in response has no state (or more than one), so it cannot be matched to a sign-in started here. It was ignored.',
        ),
      };
    }
    const entry = this.entries.get(state);
    if (!entry) return { ok: false, error: this.unknownStateError(state) };

    if (redirect.kind === 'invalid') {
      return {
        ok: false,
        flowId: entry.pending.flowId,
        error: new AppError('INVALID_RESPONSE', redirect.reason),
      };
    }
    this.settle(state, 'used');
    if (redirect.kind === 'token' && channel !== 'loopback') {
      // Whichever app claims a private-use scheme (or reads a command line) saw this token.
      const error = new AppError(
        'INVALID_RESPONSE',
        'An access token arrived through the app’s URL scheme, where another app could have read it. It was refused; sign in again with the loopback redirect.',
      );
      entry.reject(error);
      return { ok: false, flowId: entry.pending.flowId, error };
    }
    if (redirect.kind === 'error') {
      const error = new AppError(
        redirect.error === 'access_denied' ? 'CANCELLED' : 'PROVIDER_ERROR',
        redirect.error === 'access_denied'
          ? 'The sign-in was denied or cancelled at the provider.'
          : 'The provider ended the sign-in with an error.',
        {
          providerMessage:
            cleanProviderMessage(
              redirect.errorDescription
                ? `${redirect.error}: ${redirect.errorDescription}`
                : redirect.error,
            ) ?? 'unknown error',
        },
      );
      entry.reject(error);
      return { ok: false, flowId: entry.pending.flowId, error };
    }
    entry.resolve({ url, redirect });
    return { ok: true, flowId: entry.pending.flowId };
  }

  get(state: string): PendingAuthorization | undefined {
    return this.entries.get(state)?.pending;
  }

  /** Cancels the sign-in with this flow id, if it is still waiting. */
  cancel(flowId: string): boolean {
    for (const [state, entry] of this.entries) {
      if (entry.pending.flowId !== flowId) continue;
      this.settle(state, 'cancelled');
      entry.reject(new AppError('CANCELLED', 'The sign-in was cancelled.'));
      return true;
    }
    return false;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Cancels everything (app shutdown). */
  dispose(): void {
    for (const entry of [...this.entries.values()]) this.cancel(entry.pending.flowId);
  }

  private settle(state: string, why: 'used' | 'expired' | 'cancelled'): void {
    const entry = this.entries.get(state);
    if (entry) clearTimeout(entry.timer);
    this.entries.delete(state);
    const now = Date.now();
    this.finished.set(state, { why, at: now });
    for (const [old, info] of this.finished)
      if (now - info.at > REMEMBER_MS) this.finished.delete(old);
  }

  private unknownStateError(state: string): AppError {
    switch (this.finished.get(state)?.why) {
      case 'used':
        return new AppError(
          'STATE_MISMATCH',
          'This sign-in response was already used. Nothing changed.',
        );
      case 'expired':
        return new AppError(
          'SIGN_IN_TIMEOUT',
          'This sign-in had already timed out when the browser came back. Start the sign-in again.',
        );
      case 'cancelled':
        return new AppError(
          'CANCELLED',
          'This sign-in was cancelled in the app. Start it again if you meant to sign in.',
        );
      default:
        return new AppError(
          'STATE_MISMATCH',
          'This sign-in response does not match any sign-in started in this app (wrong state). It was ignored.',
        );
    }
  }
}
