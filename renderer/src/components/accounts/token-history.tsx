import { useEffect, useState } from 'react';
import type {
  AccountSummary,
  SignInMethod,
  TokenHistoryEntry,
} from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { RelativeTime } from '../ui/relative-time.tsx';

const METHOD_WORDS: Record<SignInMethod, string> = {
  'authorization-code': 'in the browser',
  implicit: 'in the browser (implicit)',
  'device-code': 'with a device code',
  'client-credentials': 'with client credentials',
  password: 'with a password',
  'token-import': 'by importing a token',
};

/** One entry in words: what happened and how it ended; never a token. */
function describe(entry: TokenHistoryEntry): { what: string; detail?: string } {
  switch (entry.event) {
    case 'signed-in':
      return { what: `Signed in${entry.method ? ` ${METHOD_WORDS[entry.method]}` : ''}` };
    case 'refreshed':
      return {
        what: 'Refreshed',
        detail: entry.rotated ? 'new refresh token (rotated)' : 'same refresh token',
      };
    case 'refresh-failed':
      return { what: 'Refresh failed', detail: errorText(entry) };
    case 'revoked':
      return entry.outcome === 'ok'
        ? { what: 'Revoked' }
        : { what: 'Revoking failed', detail: errorText(entry) };
  }
}

function errorText(entry: TokenHistoryEntry): string | undefined {
  if (!entry.error) return undefined;
  const provider = entry.error.providerMessage ? ` (${entry.error.providerMessage})` : '';
  return `${entry.error.code}: ${entry.error.message}${provider}`;
}

/** The account's last 50 token events, newest first, in the Inspect panel. */
export function TokenHistory({ account }: { account: AccountSummary }) {
  const [entries, setEntries] = useState<TokenHistoryEntry[] | undefined>();
  const load = useAction(() => tokenManager().accounts.history(account.id));
  // Reload when the account changes (a refresh or sign-in just happened).
  const version = `${account.issuedAt}:${account.lastRefreshedAt}:${account.status}:${account.statusMessage}`;
  useEffect(() => {
    void load.run().then((result) => {
      if (result.ok) setEntries(result.value);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);

  return (
    <section className="token-history" aria-label="Token history">
      <ErrorMessage error={load.error} compact />
      {entries && entries.length === 0 ? <p className="muted">Nothing recorded yet.</p> : null}
      {entries && entries.length > 0 ? (
        <ol className="token-history__list">
          {entries.map((entry, i) => {
            const { what, detail } = describe(entry);
            return (
              <li
                key={`${entry.at}-${i}`}
                className={`token-history__entry token-history__entry--${entry.outcome}`}
              >
                <span className="token-history__what">{what}</span>
                <span className="token-history__when">
                  <RelativeTime at={entry.at} coarse />
                </span>
                {detail ? <span className="token-history__detail">{detail}</span> : null}
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}
