import { useState } from 'react';
import type { ErrorInfo, Result, SignInFlow, VaultStatus } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAccounts } from '../../hooks/use-accounts.ts';
import { useProviderKinds } from '../../hooks/use-provider-kinds.ts';
import { useProviders } from '../../hooks/use-providers.ts';
import { useSignInFlows } from '../../hooks/use-sign-in-flows.ts';
import { EmptyState } from '../providers/empty-state.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { ProviderDialog } from '../providers/provider-dialog.tsx';
import { ProviderSection } from '../providers/provider-section.tsx';
import { ScriptPrompts } from '../script-access/script-prompt.tsx';
import { SettingsDialog } from '../settings/settings-dialog.tsx';
import { SignInProgress } from '../sign-in/sign-in-progress.tsx';
import { ToastRegion } from '../ui/toasts.tsx';
import { TopBar } from './top-bar.tsx';

/** The unlocked app: providers with their accounts, sign-ins in progress, app dialogs. */
export function Workspace({ vault }: { vault: VaultStatus }) {
  const providers = useProviders();
  const accounts = useAccounts();
  const kinds = useProviderKinds().value;
  const flows = useSignInFlows();
  const [dialog, setDialog] = useState<'add-provider' | 'settings' | undefined>();
  const [retryError, setRetryError] = useState<ErrorInfo | undefined>();

  /** "Try again" on a browser or device sign-in that failed: the same method once more. */
  const retry = async (flow: SignInFlow): Promise<Result<unknown>> => {
    setRetryError(undefined);
    const { method } = flow;
    if (method === 'password' || method === 'token-import') return { ok: true, value: undefined };
    const result = await tokenManager().signIn.start({
      providerId: flow.providerId,
      method,
      ...(flow.accountId ? { accountId: flow.accountId } : {}),
    });
    if (!result.ok) setRetryError(result.error);
    return result;
  };

  const accountList = accounts.value ?? [];
  const providerList = providers.value;

  return (
    <div className="app">
      <TopBar
        vault={vault}
        accounts={accountList}
        onAddProvider={() => setDialog('add-provider')}
        onSettings={() => setDialog('settings')}
        providerCount={providerList?.length ?? 0}
      />
      <main className="content" aria-label="Providers and accounts">
        <ErrorMessage error={providers.error ?? accounts.error} />
        {providerList === undefined ? null : providerList.length === 0 ? (
          <EmptyState onAddProvider={() => setDialog('add-provider')} />
        ) : (
          providerList.map((provider) => (
            <ProviderSection
              key={provider.id}
              provider={provider}
              kindForm={kinds?.find((kind) => kind.kind === provider.kind)}
              accounts={accountList.filter((account) => account.providerId === provider.id)}
            />
          ))
        )}
      </main>
      <div className="corner">
        {retryError ? (
          <div className="corner__error">
            <ErrorMessage error={retryError} onDismiss={() => setRetryError(undefined)} />
          </div>
        ) : null}
        <SignInProgress
          flows={flows.value ?? []}
          accounts={accountList}
          providers={providerList ?? []}
          onRetry={retry}
        />
        <ToastRegion />
      </div>
      <ScriptPrompts />
      {dialog === 'add-provider' ? <ProviderDialog onClose={() => setDialog(undefined)} /> : null}
      {dialog === 'settings' ? (
        <SettingsDialog vault={vault} onClose={() => setDialog(undefined)} />
      ) : null}
    </div>
  );
}
