import { useEffect, useMemo, useRef, useState } from 'react';
import type {
  AccountSummary,
  ErrorInfo,
  Result,
  SignInFlow,
  VaultStatus,
} from '../../../../contract/domain.ts';
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
import { accountMatcher } from '../../lib/account-filter.ts';
import { isTyping } from '../../lib/row-focus.ts';
import { FindBar } from './find-bar.tsx';
import { ShortcutsDialog } from './shortcuts-dialog.tsx';
import { TopBar } from './top-bar.tsx';

const NONE: AccountSummary[] = [];

/** The unlocked app: providers with their accounts, sign-ins in progress, app dialogs. */
export function Workspace({ vault }: { vault: VaultStatus }) {
  const providers = useProviders();
  const accounts = useAccounts();
  const kinds = useProviderKinds().value;
  const flows = useSignInFlows();
  const [dialog, setDialog] = useState<'add-provider' | 'settings' | 'shortcuts' | undefined>();
  const [query, setQuery] = useState('');
  const findRef = useRef<HTMLInputElement>(null);

  // Window-wide keys: Ctrl/Cmd+F and / focus Find, ? shows the shortcuts. Not while typing,
  // and not while a dialog is open (it has its own keys).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const find = (event.ctrlKey || event.metaKey) && !event.altKey && event.key === 'f';
      if (find || (event.key === '/' && !isTyping(event.target))) {
        event.preventDefault();
        findRef.current?.focus();
        findRef.current?.select();
      } else if (event.key === '?' && !isTyping(event.target)) {
        event.preventDefault();
        setDialog('shortcuts');
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
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

  const accountList = accounts.value ?? NONE;
  const providerList = providers.value;
  const matcher = useMemo(() => accountMatcher(query), [query]);
  // Grouped once per change of the list or the query, so untouched sections keep their props.
  const byProvider = useMemo(() => {
    const groups = new Map<string, AccountSummary[]>();
    for (const account of accountList) {
      if (matcher && !matcher(account)) continue;
      const group = groups.get(account.providerId);
      if (group) group.push(account);
      else groups.set(account.providerId, [account]);
    }
    return groups;
  }, [accountList, matcher]);
  const matches = useMemo(
    () => [...byProvider.values()].reduce((sum, group) => sum + group.length, 0),
    [byProvider],
  );

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
        {accountList.length > 0 ? (
          <FindBar
            ref={findRef}
            query={query}
            onQuery={setQuery}
            matches={matches}
            total={accountList.length}
            onShowShortcuts={() => setDialog('shortcuts')}
          />
        ) : null}
        <ErrorMessage error={providers.error ?? accounts.error} />
        {providerList === undefined ? null : providerList.length === 0 ? (
          <EmptyState onAddProvider={() => setDialog('add-provider')} />
        ) : (
          providerList.map((provider) => (
            <ProviderSection
              key={provider.id}
              provider={provider}
              kindForm={kinds?.find((kind) => kind.kind === provider.kind)}
              accounts={byProvider.get(provider.id) ?? NONE}
              filtered={matcher !== null}
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
      {dialog === 'shortcuts' ? <ShortcutsDialog onClose={() => setDialog(undefined)} /> : null}
      {dialog === 'settings' ? (
        <SettingsDialog vault={vault} onClose={() => setDialog(undefined)} />
      ) : null}
    </div>
  );
}
