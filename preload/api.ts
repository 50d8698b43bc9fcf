/**
 * The narrow API the preload exposes as `window.tokenManager`, built over a transport. The
 * domain types it speaks are in contract/domain.ts, its channels in contract/channels.ts; the
 * renderer imports only types from here.
 */
import type {
  ChannelInput,
  ChannelOutput,
  EventChannel,
  EventChannels,
  InvokeChannel,
} from '../contract/channels.ts';
import type {
  AccountScriptingInput,
  AppSettings,
  ConsentDecision,
  CopyFormat,
  ProviderImportInput,
  ProviderInput,
  Result,
  SignInStartInput,
  TokenKind,
  VaultProtectionChange,
  VaultProtectionInput,
} from '../contract/domain.ts';

/** How the API reaches main: Electron IPC in the app, a Playwright binding in tests and preview. */
export interface Transport {
  invoke<C extends InvokeChannel>(
    channel: C,
    input: ChannelInput<C>,
  ): Promise<Result<ChannelOutput<C>>>;
  subscribe<E extends EventChannel>(
    event: E,
    listener: (payload: EventChannels[E]) => void,
  ): () => void;
}

type Invoke<C extends InvokeChannel> = Promise<Result<ChannelOutput<C>>>;
type Listen<E extends EventChannel> = (listener: (payload: EventChannels[E]) => void) => () => void;

export interface TokenManagerApi {
  app: { info(): Invoke<'app:info'> };
  settings: {
    get(): Invoke<'settings:get'>;
    update(changes: Partial<AppSettings>): Invoke<'settings:update'>;
  };
  vault: {
    status(): Invoke<'vault:status'>;
    create(input: VaultProtectionInput): Invoke<'vault:create'>;
    unlock(passphrase: string): Invoke<'vault:unlock'>;
    retryKeychain(): Invoke<'vault:retryKeychain'>;
    lock(): Invoke<'vault:lock'>;
    changeProtection(input: VaultProtectionChange): Invoke<'vault:changeProtection'>;
    setAsideDamaged(): Invoke<'vault:setAsideDamaged'>;
    onChanged: Listen<'vault:changed'>;
  };
  providers: {
    list(): Invoke<'providers:list'>;
    presets(): Invoke<'providers:presets'>;
    kinds(): Invoke<'providers:kinds'>;
    add(input: ProviderInput): Invoke<'providers:add'>;
    update(id: string, changes: ProviderInput): Invoke<'providers:update'>;
    remove(id: string): Invoke<'providers:remove'>;
    onChanged: Listen<'providers:changed'>;
    /** Exports one provider (`ids`) or all as JSON: setups only, never secrets or tokens. */
    exportSetups(ids?: string[]): Invoke<'providers:export'>;
    previewImport(content: string): Invoke<'providers:previewImport'>;
    importSetups(input: ProviderImportInput): Invoke<'providers:import'>;
  };
  accounts: {
    list(): Invoke<'accounts:list'>;
    refresh(id: string): Invoke<'accounts:refresh'>;
    refreshAll(providerId?: string): Invoke<'accounts:refreshAll'>;
    revoke(id: string): Invoke<'accounts:revoke'>;
    inspect(id: string): Invoke<'accounts:inspect'>;
    remove(id: string): Invoke<'accounts:remove'>;
    rename(id: string, label: string): Invoke<'accounts:rename'>;
    copyToken(id: string, kind: TokenKind): Invoke<'accounts:copyToken'>;
    copyCurl(id: string, method: string, url: string): Invoke<'accounts:copyCurl'>;
    revealToken(id: string, kind: TokenKind): Invoke<'accounts:revealToken'>;
    onChanged: Listen<'accounts:changed'>;
    /** Copies a token in one of the {@link CopyFormat}s, through main's clipboard guard. */
    copyAs(id: string, format: CopyFormat): Invoke<'accounts:copyAs'>;
    history(id: string): Invoke<'accounts:history'>;
  };
  signIn: {
    start(input: SignInStartInput): Invoke<'signIn:start'>;
    cancel(flowId: string): Invoke<'signIn:cancel'>;
    /** Opens the flow's sign-in page (or device verification page) in the system browser. */
    openInBrowser(flowId: string): Invoke<'signIn:openInBrowser'>;
    list(): Invoke<'signIn:list'>;
    onChanged: Listen<'signIn:changed'>;
  };
  /** Tokens for scripts: the socket, per-account access, consent prompts, the access log. */
  scripts: {
    updateAccount(input: AccountScriptingInput): Invoke<'accounts:updateScripting'>;
    status(): Invoke<'agent:status'>;
    pending(): Invoke<'agent:pending'>;
    answer(requestId: string, decision: ConsentDecision): Invoke<'agent:answer'>;
    log(): Invoke<'agent:log'>;
    clearLog(): Invoke<'agent:clearLog'>;
    onStatusChanged: Listen<'agent:changed'>;
    onPendingChanged: Listen<'agent:pendingChanged'>;
    onLogChanged: Listen<'agent:logChanged'>;
  };
}

/** Builds the named window API over a transport. Used by the preload and the test bridge. */
export function createTokenManagerApi(transport: Transport): TokenManagerApi {
  const call = transport.invoke.bind(transport);
  const on =
    <E extends EventChannel>(event: E): Listen<E> =>
    (listener) =>
      transport.subscribe(event, listener);
  return {
    app: { info: () => call('app:info', undefined) },
    settings: {
      get: () => call('settings:get', undefined),
      update: (changes) => call('settings:update', changes),
    },
    vault: {
      status: () => call('vault:status', undefined),
      create: (input) => call('vault:create', input),
      unlock: (passphrase) => call('vault:unlock', { passphrase }),
      retryKeychain: () => call('vault:retryKeychain', undefined),
      lock: () => call('vault:lock', undefined),
      changeProtection: (input) => call('vault:changeProtection', input),
      setAsideDamaged: () => call('vault:setAsideDamaged', undefined),
      onChanged: on('vault:changed'),
    },
    providers: {
      list: () => call('providers:list', undefined),
      presets: () => call('providers:presets', undefined),
      kinds: () => call('providers:kinds', undefined),
      add: (input) => call('providers:add', input),
      update: (id, changes) => call('providers:update', { id, changes }),
      remove: (id) => call('providers:remove', { id }),
      onChanged: on('providers:changed'),
      exportSetups: (ids) => call('providers:export', ids ? { ids } : {}),
      previewImport: (content) => call('providers:previewImport', { content }),
      importSetups: (input) => call('providers:import', input),
    },
    accounts: {
      list: () => call('accounts:list', undefined),
      refresh: (id) => call('accounts:refresh', { id }),
      refreshAll: (providerId) =>
        call('accounts:refreshAll', providerId === undefined ? {} : { providerId }),
      revoke: (id) => call('accounts:revoke', { id }),
      inspect: (id) => call('accounts:inspect', { id }),
      remove: (id) => call('accounts:remove', { id }),
      rename: (id, label) => call('accounts:rename', { id, label }),
      copyToken: (id, kind) => call('accounts:copyToken', { id, kind }),
      copyCurl: (id, method, url) => call('accounts:copyCurl', { id, method, url }),
      revealToken: (id, kind) => call('accounts:revealToken', { id, kind }),
      onChanged: on('accounts:changed'),
      copyAs: (id, format) => call('accounts:copyAs', { id, format }),
      history: (id) => call('accounts:history', { id }),
    },
    signIn: {
      start: (input) => call('signIn:start', input),
      cancel: (flowId) => call('signIn:cancel', { flowId }),
      openInBrowser: (flowId) => call('signIn:openInBrowser', { flowId }),
      list: () => call('signIn:list', undefined),
      onChanged: on('signIn:changed'),
    },
    scripts: {
      updateAccount: (input) => call('accounts:updateScripting', input),
      status: () => call('agent:status', undefined),
      pending: () => call('agent:pending', undefined),
      answer: (requestId, decision) => call('agent:answer', { requestId, decision }),
      log: () => call('agent:log', undefined),
      clearLog: () => call('agent:clearLog', undefined),
      onStatusChanged: on('agent:changed'),
      onPendingChanged: on('agent:pendingChanged'),
      onLogChanged: on('agent:logChanged'),
    },
  };
}

declare global {
  interface Window {
    tokenManager: TokenManagerApi;
  }
}
