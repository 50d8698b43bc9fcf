import type { AccountSummary } from '../../../contract/domain.ts';

/**
 * The Find box's matching: every word typed must appear (case-insensitive) in the account's
 * label, subject, provider name or one of its scopes. An empty query matches everything.
 */
export function accountMatcher(query: string): ((account: AccountSummary) => boolean) | null {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  return (account) => {
    const haystack = searchText(account);
    return words.every((word) => haystack.includes(word));
  };
}

const texts = new WeakMap<AccountSummary, string>();

/** What Find searches in, computed once per summary object (summaries are replaced on change). */
function searchText(account: AccountSummary): string {
  let text = texts.get(account);
  if (text === undefined) {
    text = [account.label, account.subject ?? '', account.providerName, ...account.scopes]
      .join('\n')
      .toLowerCase();
    texts.set(account, text);
  }
  return text;
}
