import { useEffect, useState } from 'react';
import type { AccountSummary, Availability, Result, TokenKind } from '../../../preload/api.ts';
import { tokenManager } from '../api.ts';
import { useAction } from '../hooks/use-action.ts';
import { Button } from './button.tsx';
import { CopiedNotice } from './copied-notice.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { ErrorMessage } from './error-message.tsx';
import { Expiry } from './expiry.tsx';
import { InspectPanel } from './inspect-panel.tsx';
import { Menu } from './menu.tsx';
import { RelativeTime } from './relative-time.tsx';
import { RenameDialog } from './rename-dialog.tsx';
import { ScopeChips } from './scope-chips.tsx';
import { StatusBadge } from './status-badge.tsx';
import { useToasts } from './toasts.tsx';

type OpenDialog = 'inspect' | 'revoke' | 'remove' | 'rename' | undefined;

const reasonOf = (availability: Availability): string | undefined =>
  availability.available ? undefined : availability.reason;

/** One signed-in account: who, which scopes, how long the token lives, and what to do with it. */
export function AccountRow({
  account,
  onSignIn,
}: {
  account: AccountSummary;
  onSignIn: (accountId: string) => Promise<Result<unknown>>;
}) {
  const api = tokenManager();
  const toasts = useToasts();
  const [dialog, setDialog] = useState<OpenDialog>();
  const [copied, setCopied] = useState(false);
  const refresh = useAction(() => api.accounts.refresh(account.id));
  const copy = useAction((kind: TokenKind) => api.accounts.copyToken(account.id, kind));
  const signIn = useAction(() => onSignIn(account.id));
  const error = refresh.error ?? copy.error ?? signIn.error;
  const clearErrors = () => {
    refresh.setError(undefined);
    copy.setError(undefined);
    signIn.setError(undefined);
  };

  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const copyToken = async (kind: TokenKind) => {
    clearErrors();
    const result = await copy.run(kind);
    if (!result.ok) return;
    setCopied(kind === 'access');
    const { clearsAt } = result.value;
    toasts.push({
      key: 'clipboard',
      tone: 'success',
      title: <CopiedNotice clearsAt={clearsAt} />,
      detail: `${kind === 'access' ? 'Access token' : 'ID token'} of ${account.label}`,
      duration: clearsAt ? Math.max(2000, clearsAt - Date.now()) : 5000,
    });
  };

  const refreshNow = async () => {
    clearErrors();
    const result = await refresh.run();
    if (result.ok) {
      toasts.push({ tone: 'success', title: 'Token refreshed', detail: account.label });
    }
  };

  const signInAgain = () => {
    clearErrors();
    void signIn.run();
  };

  const { actions } = account;
  const needsAttention = account.status !== 'active';
  const showCopied = copied && actions.copy.available;

  return (
    <tbody className={`account account--${account.status}`}>
      <tr className="account__main">
        <th scope="row" className="col-account">
          <div className="account__label">
            <span className="account__name">{account.label}</span>
            <StatusBadge status={account.status} />
          </div>
          <div className="account__meta">
            {account.subject ? (
              <>
                <span className="muted">sub</span>{' '}
                <span className="mono" title={account.subject}>
                  {account.subject}
                </span>
              </>
            ) : (
              <span className="muted">No subject reported</span>
            )}
          </div>
        </th>
        <td className="col-scopes">
          <ScopeChips scopes={account.scopes} />
        </td>
        <td className="col-expiry">
          {account.status === 'revoked' ? (
            <span className="expiry expiry--none">
              <span className="expiry__dot" aria-hidden="true" />
              revoked
            </span>
          ) : (
            <Expiry expiresAt={account.expiresAt} muted={needsAttention} />
          )}
          <div className="account__meta muted">
            {account.lastRefreshedAt ? (
              <>
                Refreshed <RelativeTime at={account.lastRefreshedAt} coarse />
              </>
            ) : (
              <>
                Signed in <RelativeTime at={account.issuedAt} coarse />
              </>
            )}
            {account.hasRefreshToken ? null : ' · no refresh token'}
          </div>
        </td>
        <td className="col-actions">
          <div className="row-actions">
            <Button
              size="sm"
              icon={showCopied ? 'check' : 'copy'}
              className="btn--copy"
              pending={copy.pending}
              unavailableReason={reasonOf(actions.copy)}
              onClick={() => void copyToken('access')}
              aria-label={`Copy token of ${account.label}`}
              title="Copy the access token"
            >
              {showCopied ? 'Copied' : 'Copy token'}
            </Button>
            <Button
              size="sm"
              icon="refresh"
              pending={refresh.pending}
              unavailableReason={reasonOf(actions.refresh)}
              onClick={() => void refreshNow()}
              aria-label={`Refresh ${account.label}`}
            >
              Refresh
            </Button>
            <Button
              size="sm"
              icon="inspect"
              unavailableReason={reasonOf(actions.inspect)}
              tipAlign="end"
              onClick={() => setDialog('inspect')}
              aria-label={`Inspect ${account.label}`}
            >
              Inspect
            </Button>
            <Menu
              label={`More actions for ${account.label}`}
              items={[
                ...(account.hasIdToken
                  ? [
                      {
                        label: 'Copy ID token',
                        icon: 'copy' as const,
                        unavailableReason: reasonOf(actions.copy),
                        onSelect: () => void copyToken('id'),
                      },
                    ]
                  : []),
                { label: 'Sign in again', icon: 'signIn', onSelect: signInAgain },
                { label: 'Rename…', icon: 'pencil', onSelect: () => setDialog('rename') },
                {
                  label: 'Revoke…',
                  icon: 'revoke',
                  unavailableReason: reasonOf(actions.revoke),
                  onSelect: () => setDialog('revoke'),
                  separatorBefore: true,
                },
                {
                  label: 'Remove…',
                  icon: 'trash',
                  tone: 'danger',
                  onSelect: () => setDialog('remove'),
                },
              ]}
            />
          </div>
        </td>
      </tr>
      {needsAttention ? (
        <tr className="account__notice">
          <td colSpan={4}>
            <div className={`status-line status-line--${account.status}`}>
              <p>
                {account.statusMessage ??
                  (account.status === 'revoked'
                    ? 'These tokens were revoked.'
                    : 'This account needs a new sign-in.')}
              </p>
              <Button
                size="sm"
                variant={account.status === 'revoked' ? 'secondary' : 'primary'}
                icon="signIn"
                pending={signIn.pending}
                onClick={signInAgain}
                aria-label={`Sign in again as ${account.label}`}
              >
                Sign in again
              </Button>
            </div>
          </td>
        </tr>
      ) : null}
      {error ? (
        <tr className="account__error">
          <td colSpan={4}>
            <ErrorMessage error={error} onDismiss={clearErrors} compact />
          </td>
        </tr>
      ) : null}
      {dialog === 'inspect' ? (
        <InspectPanel account={account} onClose={() => setDialog(undefined)} />
      ) : null}
      {dialog === 'rename' ? (
        <RenameDialog account={account} onClose={() => setDialog(undefined)} />
      ) : null}
      {dialog === 'revoke' ? (
        <ConfirmDialog
          title={`Revoke the tokens of ${account.label}?`}
          confirmLabel="Revoke"
          pendingLabel="Revoking…"
          onConfirm={() => api.accounts.revoke(account.id)}
          onClose={() => setDialog(undefined)}
          onDone={() =>
            toasts.push({ tone: 'info', title: 'Tokens revoked', detail: account.label })
          }
        >
          <p>
            {actions.revoke.available && actions.revoke.note
              ? actions.revoke.note
              : `Asks ${account.providerName} to revoke this account's tokens.`}
          </p>
          <p className="muted">Apps using these tokens lose access. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
      {dialog === 'remove' ? (
        <ConfirmDialog
          title={`Remove ${account.label}?`}
          confirmLabel="Remove"
          pendingLabel="Removing…"
          onConfirm={() => api.accounts.remove(account.id)}
          onClose={() => setDialog(undefined)}
        >
          <p>The tokens of this account are deleted from this app.</p>
          <p>
            <strong>They are not revoked at {account.providerName}</strong> and stay valid until
            they expire. Revoke first if nobody should use them again.
          </p>
        </ConfirmDialog>
      ) : null}
    </tbody>
  );
}
