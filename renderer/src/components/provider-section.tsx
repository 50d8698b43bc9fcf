import { useId, useState } from 'react';
import type { AccountSummary, ProviderSummary, Result } from '../../../preload/api.ts';
import { tokenManager } from '../api.ts';
import { useAction } from '../hooks/use-action.ts';
import { AccountRow } from './account-row.tsx';
import { Button } from './button.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { ErrorMessage } from './error-message.tsx';
import { Menu } from './menu.tsx';
import { ProviderDialog } from './provider-dialog.tsx';
import { ProviderLimits } from './provider-limits.tsx';

const KIND_LABELS = {
  oidc: 'OpenID Connect',
  oauth2: 'OAuth 2.0',
  peerid: 'PeerID',
  placeos: 'PlaceOS',
  pi: 'Pi Network',
} as const;

function displayUrl(provider: ProviderSummary): string {
  const url = provider.issuer ?? provider.endpoints.token ?? '';
  return url.replace(/^https:\/\//, '').replace(/\/$/, '');
}

/** A provider and its accounts: header with what identifies it, then one row per account. */
export function ProviderSection({
  provider,
  accounts,
  onSignIn,
}: {
  provider: ProviderSummary;
  accounts: AccountSummary[];
  onSignIn: (providerId: string, accountId?: string) => Promise<Result<unknown>>;
}) {
  const headingId = useId();
  const [dialog, setDialog] = useState<'edit' | 'remove' | undefined>();
  const signIn = useAction(() => onSignIn(provider.id));
  const canSignIn = provider.capabilities.signIn.some(
    (option) => option.method === 'authorization-code' && option.available,
  );
  const count = accounts.length;

  return (
    <section className="provider" aria-labelledby={headingId}>
      <header className="provider__header">
        <div className="provider__identity">
          <div className="provider__title">
            <h2 id={headingId}>{provider.name}</h2>
            <span className="tag">{KIND_LABELS[provider.kind]}</span>
            <ProviderLimits provider={provider} />
          </div>
          <p className="provider__facts">
            <span title={provider.issuer ?? provider.endpoints.token}>
              <span className="visually-hidden">
                {provider.issuer ? 'Issuer' : 'Token endpoint'}:{' '}
              </span>
              <span className="mono">{displayUrl(provider)}</span>
            </span>
            <span aria-hidden="true" className="sep">
              ·
            </span>
            <span>
              <span className="muted">client</span>{' '}
              <span className="mono">{provider.clientId}</span>
            </span>
          </p>
        </div>
        <div className="provider__actions">
          <Button
            size="sm"
            variant={count === 0 ? 'primary' : 'secondary'}
            icon={count === 0 ? 'signIn' : 'plus'}
            pending={signIn.pending}
            unavailableReason={
              canSignIn
                ? undefined
                : `${provider.name} has no authorization endpoint, so a browser sign-in is not possible. Add one in the provider settings.`
            }
            tipAlign="end"
            onClick={() => void signIn.run()}
            aria-label={
              count === 0 ? `Sign in to ${provider.name}` : `Add account at ${provider.name}`
            }
          >
            {count === 0 ? 'Sign in' : 'Add account'}
          </Button>
          <Menu
            label={`Provider actions for ${provider.name}`}
            items={[
              { label: 'Edit provider…', icon: 'pencil', onSelect: () => setDialog('edit') },
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
          {accounts.map((account) => (
            <AccountRow
              key={account.id}
              account={account}
              onSignIn={(accountId) => onSignIn(provider.id, accountId)}
            />
          ))}
        </table>
      ) : (
        <p className="provider__empty">
          No accounts yet.{' '}
          {canSignIn
            ? `Sign in to ${provider.name} in your browser to add one.`
            : 'This provider has no authorization endpoint for a browser sign-in.'}
        </p>
      )}

      {dialog === 'edit' ? (
        <ProviderDialog provider={provider} onClose={() => setDialog(undefined)} />
      ) : null}
      {dialog === 'remove' ? (
        <ConfirmDialog
          title={`Remove ${provider.name}?`}
          confirmLabel="Remove provider"
          pendingLabel="Removing…"
          onConfirm={() => tokenManager().providers.remove(provider.id)}
          onClose={() => setDialog(undefined)}
        >
          <p>
            {count === 0
              ? 'The provider settings and its stored client secret are deleted from this app.'
              : `Its ${count === 1 ? 'account' : `${count} accounts`} and their tokens are deleted from this app, with the provider settings and its stored client secret.`}
          </p>
          {count > 0 ? (
            <p>
              <strong>Nothing is revoked at {provider.name}</strong>: the tokens stay valid until
              they expire. Revoke accounts first if nobody should use them again.
            </p>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
