import { useEffect, useRef, useState } from 'react';
import type {
  AccountSummary,
  ProviderSummary,
  Result,
  SignInMethod,
} from '../../../../contract/domain.ts';
import { AccountRow } from './account-row.tsx';

/** Rows rendered or left as one placeholder together. */
const CHUNK = 20;
/** The height a row usually takes, for the placeholders of rows not rendered yet. */
const ROW_HEIGHT_ESTIMATE = 66;

/**
 * A provider's account rows, windowed: a chunk of rows is rendered once it comes near the
 * viewport; until then a placeholder of about its height holds its place. 1,000 accounts
 * render a first screen as fast as 50, and rows far below cost nothing until scrolled to.
 */
export function AccountRows({
  accounts,
  provider,
  onSignIn,
}: {
  accounts: AccountSummary[];
  provider: ProviderSummary;
  onSignIn: (method: SignInMethod, account: AccountSummary) => Promise<Result<unknown>>;
}) {
  const [shown, setShown] = useState<ReadonlySet<number>>(() => new Set([0]));
  const placeholders = useRef(new Map<number, Element>());
  const chunks = Math.ceil(accounts.length / CHUNK);

  useEffect(() => {
    if (chunks <= 1) return;
    const observer = new IntersectionObserver(
      (entries) => {
        const near = entries.filter((e) => e.isIntersecting);
        if (near.length === 0) return;
        setShown((current) => {
          const next = new Set(current);
          for (const entry of near)
            next.add(Number((entry.target as HTMLElement).dataset['chunk']));
          return next;
        });
      },
      { rootMargin: '600px 0px' },
    );
    for (const element of placeholders.current.values()) observer.observe(element);
    return () => observer.disconnect();
  }, [chunks, shown]);

  const parts = [];
  for (let chunk = 0; chunk < chunks; chunk++) {
    const rows = accounts.slice(chunk * CHUNK, (chunk + 1) * CHUNK);
    if (shown.has(chunk)) {
      for (const account of rows) {
        parts.push(
          <AccountRow key={account.id} account={account} provider={provider} onSignIn={onSignIn} />,
        );
      }
    } else {
      parts.push(
        <tbody
          key={`chunk-${chunk}`}
          className="account-placeholder"
          data-row-placeholder=""
          data-chunk={chunk}
          aria-hidden="true"
          ref={(element) => {
            if (element) placeholders.current.set(chunk, element);
            else placeholders.current.delete(chunk);
          }}
        >
          <tr style={{ height: rows.length * ROW_HEIGHT_ESTIMATE }}>
            <td colSpan={4} />
          </tr>
        </tbody>,
      );
    }
  }
  return <>{parts}</>;
}
