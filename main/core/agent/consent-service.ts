import { randomUUID } from 'node:crypto';
import type { ConsentDecision, ConsentRequest } from '../../../contract/domain.ts';
import { AppError } from '../errors.ts';

/** How a consent request ended. */
export type ConsentOutcome = ConsentDecision | 'timeout' | 'cancelled';

export const CONSENT_TIMEOUT_MS = 60_000;
export const ALLOW_HOUR_MS = 60 * 60_000;

export interface ConsentServiceOptions {
  onChange?: (pending: ConsentRequest[]) => void;
  timeoutMs?: number;
  now?: () => number;
}

/** What a request is about; the prompt's other fields are filled in here. */
export type ConsentAsk = Omit<ConsentRequest, 'id' | 'receivedAt' | 'expiresAt'>;

/**
 * Prompts for "ask" accounts: each waits for allow once / allow for an hour / deny, and is
 * refused after 60 s when nobody answers. "Allow for an hour" covers later requests for the
 * same account from the same application and program.
 */
export class ConsentService {
  private readonly pending = new Map<
    string,
    { request: ConsentRequest; settle: (outcome: ConsentOutcome) => void }
  >();
  private readonly grants = new Map<string, number>();
  private readonly options: ConsentServiceOptions;
  private readonly now: () => number;

  constructor(options: ConsentServiceOptions = {}) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  list(): ConsentRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }

  /** Whether an "allow for an hour" answer still covers this request. */
  isGranted(ask: ConsentAsk): boolean {
    const key = grantKey(ask);
    const until = this.grants.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.grants.delete(key);
    return false;
  }

  /** Shows a prompt and resolves with the user's answer, a timeout, or the client leaving. */
  ask(ask: ConsentAsk, signal?: AbortSignal): Promise<ConsentOutcome> {
    const receivedAt = this.now();
    const timeoutMs = this.options.timeoutMs ?? CONSENT_TIMEOUT_MS;
    const request: ConsentRequest = {
      ...ask,
      id: randomUUID(),
      receivedAt,
      expiresAt: receivedAt + timeoutMs,
    };
    return new Promise((resolve) => {
      const settle = (outcome: ConsentOutcome) => {
        if (!this.pending.delete(request.id)) return;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (outcome === 'allow-hour') this.grants.set(grantKey(ask), this.now() + ALLOW_HOUR_MS);
        this.changed();
        resolve(outcome);
      };
      const timer = setTimeout(() => settle('timeout'), timeoutMs);
      const onAbort = () => settle('cancelled');
      signal?.addEventListener('abort', onAbort);
      this.pending.set(request.id, { request, settle });
      this.changed();
      if (signal?.aborted) onAbort();
    });
  }

  answer(requestId: string, decision: ConsentDecision): void {
    const entry = this.pending.get(requestId);
    if (!entry) {
      throw new AppError('NOT_FOUND', 'That request was already answered or has timed out.');
    }
    entry.settle(decision);
  }

  /** Refuses everything waiting (socket turned off, app quitting) and forgets hour grants. */
  cancelAll(): void {
    for (const entry of [...this.pending.values()]) entry.settle('cancelled');
    this.grants.clear();
  }

  private changed(): void {
    this.options.onChange?.(this.list());
  }
}

function grantKey(ask: ConsentAsk): string {
  return JSON.stringify([ask.accountId, ask.applicationHint, ask.process?.executable ?? null]);
}
