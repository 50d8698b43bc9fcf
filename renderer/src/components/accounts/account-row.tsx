import { memo, useEffect, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type {
  AccountSummary,
  Availability,
  CopyFormat,
  ProviderSummary,
  RefreshKind,
  Result,
  SignInMethod,
  TokenKind,
} from '../../../../contract/domain.ts';
import { localError, tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { moveRowFocus, neighbourRow } from '../../lib/row-focus.ts';
import { noSignInReason, reauthMethod } from '../../lib/sign-in-methods.ts';
import { Button } from '../ui/button.tsx';
import { CopiedNotice } from './copied-notice.tsx';
import { CurlDialog } from './curl-dialog.tsx';
import { COPIED_WHAT, CopyAsMenu } from './copy-as-menu.tsx';
import { SignInDeadline } from './sign-in-deadline.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Expiry } from './expiry.tsx';
import { InspectPanel } from './inspect-panel.tsx';
import { Menu } from '../ui/menu.tsx';
import { Notice } from '../ui/notice.tsx';
import { RelativeTime } from '../ui/relative-time.tsx';
import { RenameDialog } from './rename-dialog.tsx';
import { AccountScriptingDialog } from '../script-access/account-scripting-dialog.tsx';
import { ScopeChips } from './scope-chips.tsx';
import { StatusBadge } from './status-badge.tsx';
import { useToasts } from '../ui/toasts.tsx';

type OpenDialog = 'inspect' | 'revoke' | 'remove' | 'rename' | 'scripting' | 'curl' | undefined;

const reasonOf = (availability: Availability): string | undefined =>
  availability.available ? undefined : availability.reason;

/** What "refresh" did, by what main says it does. */
const REFRESHED: Record<RefreshKind, string> = {
  refresh: 'Token refreshed',
  reissue: 'New token received',
  verify: 'Token verified',
};

/** "Sign in again" in the words of the account's own method. */
function signInAgainLabel(method: SignInMethod | undefined): string {
  if (method === 'token-import') return 'Import a new token';
  if (method === 'client-credentials') return 'Request a token again';
  return 'Sign in again';
}

/** When the account got its token, in the words of how it got it. */
function issuedText(account: AccountSummary): [string, number] {
  const refreshed = account.lastRefreshedAt;
  switch (account.signInMethod) {
    case 'token-import':
      return refreshed ? ['Verified', refreshed] : ['Imported', account.issuedAt];
    case 'client-credentials':
      return refreshed ? ['Renewed', refreshed] : ['Issued', account.issuedAt];
    default:
      return refreshed ? ['Refreshed', refreshed] : ['Signed in', account.issuedAt];
  }
}

const SUBJECT_LABELS: Partial<Record<ProviderSummary['kind'], string>> = {
  pi: 'uid',
  peerid: 'user',
};

/**
 * One signed-in account: who, which scopes, how long the token lives, and what to do with it.
 * Re-rendered only when its summary changes (summaries are replaced, never edited) or its
 * countdown's words do. From the keyboard, with the row focused: ↑ ↓ move, Enter inspects,
 * C copies, R refreshes, Delete asks to remove.
 */
export const AccountRow = memo(function AccountRow({
  ref,
  chunk,
  account,
  provider,
  onSignIn,
}: {
  /** The row's tbody (the list's windowing watches it). */
  ref?: Ref<HTMLTableSectionElement>;
  /** Which chunk of the windowed list the row belongs to. */
  chunk?: number;
  account: AccountSummary;
  provider: ProviderSummary;
  /** Signs `account` in again with `method` (or opens the form that method needs). */
  onSignIn: (method: SignInMethod, account: AccountSummary) => Promise<Result<unknown>>;
}) {
  const api = tokenManager();
  const rowRef = useRef<HTMLTableRowElement>(null);
  const toasts = useToasts();
  const [dialog, setDialog] = useState<OpenDialog>();
  const [copied, setCopied] = useState(false);
  const refresh = useAction(() => api.accounts.refresh(account.id));
  const copy = useAction((format: CopyFormat) => api.accounts.copyAs(account.id, format));
  const againMethod = reauthMethod(account, provider);
  const signIn = useAction(() =>
    againMethod
      ? onSignIn(againMethod, account)
      : Promise.resolve({ ok: false as const, error: localError(noSignInReason(provider)) }),
  );
  const actionError = refresh.error ?? copy.error ?? signIn.error;
  // A token the provider refused is said once, by the status line with its way out.
  const error =
    actionError?.code === 'REAUTH_REQUIRED' && account.status === 'reauth-required'
      ? undefined
      : actionError;
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

  const copyToken = (kind: TokenKind) => copyAs(kind === 'access' ? 'access-token' : 'id-token');
  const copyAs = async (format: CopyFormat) => {
    clearErrors();
    const result = await copy.run(format);
    if (!result.ok) return;
    setCopied(format !== 'id-token');
    const { clearsAt } = result.value;
    // A DPoP-bound access token is refused without a proof made for each request.
    const dpop = format !== 'id-token' && account.tokenBinding === 'dpop';
    toasts.push({
      key: 'clipboard',
      tone: dpop ? 'info' : 'success',
      title: <CopiedNotice clearsAt={clearsAt} />,
      detail: `${COPIED_WHAT[format]} of ${account.label}`,
      ...(dpop
        ? {
            note: 'This token is DPoP-bound: the token alone is refused. Use Copy as → curl command for a request with a fresh proof.',
          }
        : {}),
      duration: clearsAt ? Math.max(2000, clearsAt - Date.now()) : 5000,
    });
  };

  const curlCopied = (clearsAt: number | null) =>
    toasts.push({
      key: 'clipboard',
      tone: 'success',
      title: <CopiedNotice clearsAt={clearsAt} />,
      detail: `curl command with a DPoP proof, for ${account.label}`,
      duration: clearsAt ? Math.max(2000, clearsAt - Date.now()) : 5000,
    });

  const refreshNow = async () => {
    clearErrors();
    const result = await refresh.run();
    if (result.ok) {
      toasts.push({
        tone: 'success',
        title: REFRESHED[account.refreshKind],
        detail: account.label,
      });
    }
  };

  const signInAgain = () => {
    clearErrors();
    void signIn.run();
  };

  const { actions } = account;

  /** The row's shortcuts; keys pressed on its buttons and menus keep their own meaning. */
  const onRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey)
      return;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        void moveRowFocus(event.currentTarget, event.key === 'ArrowDown' ? 1 : -1);
        break;
      case 'Enter':
        setDialog('inspect');
        break;
      case 'c':
      case 'C':
        if (actions.copy.available) void copyToken('access');
        else toasts.push({ tone: 'info', title: actions.copy.reason, detail: account.label });
        break;
      case 'r':
      case 'R':
        if (actions.refresh.available) void refreshNow();
        else toasts.push({ tone: 'info', title: actions.refresh.reason, detail: account.label });
        break;
      case 'Delete':
      case 'Backspace':
        setDialog('remove');
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const needsAttention = account.status !== 'active';
  const showCopied = copied && actions.copy.available;
  const againLabel = signInAgainLabel(againMethod);
  const [issuedVerb, issuedAt] = issuedText(account);
  const userMethod = !['token-import', 'client-credentials'].includes(account.signInMethod);

  return (
    <tbody
      className={`account account--${account.status}`}
      ref={ref}
      data-account-row-group=""
      data-clock-scope=""
      data-chunk={chunk}
    >
      <tr
        className="account__main"
        ref={rowRef}
        tabIndex={0}
        data-account-row=""
        aria-label={`${account.label}, ${provider.name}`}
        aria-keyshortcuts="Enter C R Delete"
        onKeyDown={onRowKeyDown}
      >
        <th scope="row" className="col-account">
          <div className="account__label">
            <span className="account__name" title={account.label}>
              {account.label}
            </span>
            <StatusBadge status={account.status} method={account.signInMethod} />
          </div>
          <div className="account__meta">
            {account.subject ? (
              <>
                <span className="muted">{SUBJECT_LABELS[provider.kind] ?? 'sub'}</span>{' '}
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
            {issuedVerb} <RelativeTime at={issuedAt} coarse />
            {account.hasRefreshToken || !userMethod ? null : ' · no refresh token'}
          </div>
          {account.status === 'active' ? (
            <div className="account__deadline">
              <SignInDeadline at={account.signInNeededBy} />
            </div>
          ) : null}
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
              // The visible text is part of the name (WCAG 2.5.3): "Copied" while it says so.
              aria-label={`${showCopied ? 'Copied token' : 'Copy token'} of ${account.label}`}
              title="Copy the access token"
            >
              {showCopied ? 'Copied' : 'Copy token'}
            </Button>
            <CopyAsMenu
              account={account}
              unavailableReason={reasonOf(actions.copy)}
              onCopy={(format) =>
                // A DPoP-bound token's curl command needs a proof for one method and URL.
                format === 'curl' && account.tokenBinding === 'dpop'
                  ? setDialog('curl')
                  : void copyAs(format)
              }
            />
            <Button
              size="sm"
              icon="refresh"
              pending={refresh.pending}
              unavailableReason={reasonOf(actions.refresh)}
              onClick={() => void refreshNow()}
              aria-label={`${account.refreshLabel} ${account.label}`}
              title={actions.refresh.available ? actions.refresh.note : undefined}
            >
              {account.refreshLabel}
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
                {
                  label: againLabel,
                  icon: 'signIn',
                  unavailableReason: againMethod ? undefined : noSignInReason(provider),
                  onSelect: signInAgain,
                },
                { label: 'Rename…', icon: 'pencil', onSelect: () => setDialog('rename') },
                { label: 'Script access…', icon: 'key', onSelect: () => setDialog('scripting') },
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
                icon={againMethod === 'token-import' ? 'clipboard' : 'signIn'}
                pending={signIn.pending}
                unavailableReason={againMethod ? undefined : noSignInReason(provider)}
                tipAlign="end"
                onClick={signInAgain}
                aria-label={`${againLabel} as ${account.label}`}
              >
                {againLabel}
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
      {dialog === 'curl' ? (
        <CurlDialog account={account} onClose={() => setDialog(undefined)} onCopied={curlCopied} />
      ) : null}
      {dialog === 'rename' ? (
        <RenameDialog account={account} onClose={() => setDialog(undefined)} />
      ) : null}
      {dialog === 'scripting' ? (
        <AccountScriptingDialog account={account} onClose={() => setDialog(undefined)} />
      ) : null}
      {dialog === 'revoke' ? (
        <ConfirmDialog
          title={`Revoke the tokens of ${account.label}?`}
          confirmLabel="Revoke"
          pendingLabel="Revoking…"
          onConfirm={() => api.accounts.revoke(account.id)}
          onClose={() => setDialog(undefined)}
          onDone={() =>
            toasts.push({
              tone: 'info',
              title: 'Tokens revoked',
              detail: account.label,
              duration: provider.capabilities.notes.length > 0 ? 8000 : 4000,
            })
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
          onConfirm={async () => {
            // The row goes away (maybe before this resolves): its neighbour takes the focus.
            const next = neighbourRow(rowRef.current);
            const result = await api.accounts.remove(account.id);
            if (result.ok) window.setTimeout(() => next?.focus(), 0);
            return result;
          }}
          onClose={() => setDialog(undefined)}
        >
          <RemoveConsequences account={account} provider={provider} />
        </ConfirmDialog>
      ) : null}
    </tbody>
  );
});

/** What removing an account does here and at the provider, in the provider's own terms. */
function RemoveConsequences({
  account,
  provider,
}: {
  account: AccountSummary;
  provider: ProviderSummary;
}) {
  const { revoke } = provider.capabilities;
  if (account.status === 'revoked') {
    return (
      <p>
        The tokens were already revoked at {provider.name}. Removing deletes them from this app.
      </p>
    );
  }
  if (!revoke.available) {
    return (
      <>
        <p>The tokens of {account.label} are deleted from this app.</p>
        <Notice tone="warn" compact>
          {revoke.reason}
        </Notice>
      </>
    );
  }
  return (
    <>
      <p>The tokens of this account are deleted from this app.</p>
      <p>
        <strong>They are not revoked at {provider.name}</strong> and stay valid until they expire.
        Revoke first if nobody should use them again.
      </p>
    </>
  );
}
