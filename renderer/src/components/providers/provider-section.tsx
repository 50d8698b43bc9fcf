import { memo, useCallback, useId, useState } from 'react';
import type {
  AccountSummary,
  ProviderKindForm,
  ProviderSummary,
  Result,
  SignInMethod,
} from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { emptyHint, needsDialog } from '../../lib/sign-in-methods.ts';
import { AccountRows } from '../accounts/account-rows.tsx';
import { useToasts } from '../ui/toasts.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Menu } from '../ui/menu.tsx';
import { ProviderDialog } from './provider-dialog.tsx';
import { ExportProvidersDialog } from './share-providers.tsx';
import { ProviderLimits } from './provider-limits.tsx';
import { ProviderNotes } from './provider-notes.tsx';
import { SignInButton } from '../sign-in/sign-in-button.tsx';
import { SignInDialog, type SignInRequest } from '../sign-in/sign-in-dialog.tsx';

/** Where the provider lives: its issuer, its token endpoint, or its base URL. */
function location(provider: ProviderSummary): { label: string; url: string } {
  if (provider.issuer) return { label: 'Issuer', url: provider.issuer };
  if (provider.baseUrl) return { label: 'Server', url: provider.baseUrl };
  return { label: 'Token endpoint', url: provider.endpoints.token ?? '' };
}

const shortUrl = (url: string) => url.replace(/^https:\/\//, '').replace(/\/$/, '');

const done: Result<undefined> = { ok: true, value: undefined };

/**
 * A provider and its accounts: header with what identifies it, then one row per account. While
 * Find filters (`filtered`), `accounts` are the matches; with none, the section collapses to
 * its title.
 */
export const ProviderSection = memo(function ProviderSection({
  provider,
  kindForm,
  accounts,
  filtered = false,
}: {
  provider: ProviderSummary;
  /** How main describes the provider's kind; undefined while loading. */
  kindForm: ProviderKindForm | undefined;
  accounts: AccountSummary[];
  filtered?: boolean;
}) {
  const api = tokenManager();
  const toasts = useToasts();
  const headingId = useId();
  const [dialog, setDialog] = useState<'edit' | 'remove' | 'export' | undefined>();
  const [request, setRequest] = useState<SignInRequest | undefined>();
  const count = accounts.length;
  const where = location(provider);

  /**
   * Starts a sign-in with `method`, or opens the form or warning it needs first. Signing an
   * account in again with the implicit flow skips the warning: it was read the first time.
   */
  const beginSignIn = useCallback(
    (method: SignInMethod, account?: AccountSummary): Promise<Result<unknown>> => {
      if (method === 'password' || method === 'token-import') {
        setRequest({ method, account });
        return Promise.resolve(done);
      }
      if (needsDialog(method) && !account) {
        setRequest({ method });
        return Promise.resolve(done);
      }
      return tokenManager().signIn.start({
        providerId: provider.id,
        method,
        ...(account ? { accountId: account.id } : {}),
      });
    },
    [provider.id],
  );
  const signIn = useAction((method: SignInMethod) => beginSignIn(method));
  const refreshAll = useAction(() => api.accounts.refreshAll(provider.id));
  const runRefreshAll = async () => {
    const result = await refreshAll.run();
    if (!result.ok) return;
    const { refreshed, failed } = result.value;
    toasts.push({
      tone: failed.length ? 'info' : 'success',
      title: failed.length
        ? `${refreshed} refreshed, ${failed.length} failed`
        : `${refreshed} ${refreshed === 1 ? 'account' : 'accounts'} refreshed`,
      detail: failed.length
        ? failed
            .slice(0, 3)
            .map((f) => `${f.label}: ${f.error.message}`)
            .join(' · ')
        : provider.name,
    });
  };

  if (filtered && count === 0) {
    return (
      <section className="provider provider--collapsed" aria-labelledby={headingId}>
        <header className="provider__header">
          <div className="provider__title">
            <h2 id={headingId}>{provider.name}</h2>
            <span className="muted">no matching accounts</span>
          </div>
        </header>
      </section>
    );
  }

  return (
    <section className="provider" aria-labelledby={headingId}>
      <header className="provider__header">
        <div className="provider__identity">
          <div className="provider__title">
            <h2 id={headingId}>{provider.name}</h2>
            {/* The kind, unless the name already says it ("PeerID"). */}
            {!kindForm || provider.name === kindForm.label ? null : (
              <span className="tag">{kindForm.label}</span>
            )}
            <ProviderLimits provider={provider} />
          </div>
          <p className="provider__facts">
            <span title={where.url}>
              <span className="visually-hidden">{where.label}: </span>
              <span className="mono">{shortUrl(where.url)}</span>
            </span>
            {kindForm?.client.registration !== 'required' ? null : (
              <>
                <span aria-hidden="true" className="sep">
                  ·
                </span>
                <span>
                  <span className="muted">{kindForm.client.noun}</span>{' '}
                  <span className="mono">{provider.clientId}</span>
                </span>
              </>
            )}
          </p>
        </div>
        <div className="provider__actions">
          <SignInButton
            provider={provider}
            hasAccounts={count > 0}
            pending={signIn.pending}
            onChoose={(method) => void signIn.run(method)}
          />
          <Menu
            label={`Provider actions for ${provider.name}`}
            items={[
              {
                label: 'Refresh all accounts',
                icon: 'refresh',
                unavailableReason:
                  count === 0
                    ? 'No accounts to refresh.'
                    : refreshAll.pending
                      ? 'Refreshing…'
                      : undefined,
                onSelect: () => void runRefreshAll(),
              },
              { label: 'Edit provider…', icon: 'pencil', onSelect: () => setDialog('edit') },
              { label: 'Export setup…', icon: 'file', onSelect: () => setDialog('export') },
              {
                label: 'Remove provider…',
                icon: 'trash',
                tone: 'danger',
                onSelect: () => setDialog('remove'),
              },
            ]}
          />
        </div>
      </header>
      {signIn.error ? (
        <div className="provider__error">
          <ErrorMessage error={signIn.error} onDismiss={() => signIn.setError(undefined)} compact />
        </div>
      ) : null}

      {count > 0 ? (
        <table className="accounts">
          <colgroup>
            <col className="col-account" />
            <col className="col-scopes" />
            <col className="col-expiry" />
            <col className="col-actions" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Scopes</th>
              <th scope="col">Access token</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <AccountRows accounts={accounts} provider={provider} onSignIn={beginSignIn} />
        </table>
      ) : (
        <p className="provider__empty">No accounts yet. {emptyHint(provider)}</p>
      )}
      <ProviderNotes provider={provider} />

      {request ? (
        <SignInDialog provider={provider} request={request} onClose={() => setRequest(undefined)} />
      ) : null}
      {dialog === 'export' ? (
        <ExportProvidersDialog providerId={provider.id} onClose={() => setDialog(undefined)} />
      ) : null}
      {dialog === 'edit' ? (
        <ProviderDialog provider={provider} onClose={() => setDialog(undefined)} />
      ) : null}
      {dialog === 'remove' ? (
        <ConfirmDialog
          title={`Remove ${provider.name}?`}
          confirmLabel="Remove provider"
          pendingLabel="Removing…"
          onConfirm={() => api.providers.remove(provider.id)}
          onClose={() => setDialog(undefined)}
        >
          <p>
            {count === 0
              ? 'The provider settings and its stored client secret are deleted from this app.'
              : `Its ${count === 1 ? 'account' : `${count} accounts`} and their tokens are deleted from this app, with the provider settings and its stored client secret.`}
          </p>
          {count > 0 ? (
            provider.capabilities.revoke.available ? (
              <p>
                <strong>Nothing is revoked at {provider.name}</strong>: the tokens stay valid until
                they expire. Revoke accounts first if nobody should use them again.
              </p>
            ) : (
              <p>
                <strong>{provider.capabilities.revoke.reason}</strong>
              </p>
            )
          ) : null}
        </ConfirmDialog>
      ) : null}
    </section>
  );
});
