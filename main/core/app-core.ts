import { join } from 'node:path';
import type {
  AccountsDelta,
  AccountSummary,
  AppInfo,
  RefreshAllResult,
  VaultStatus,
} from '../../contract/domain.ts';
import { AccountService } from './accounts/account-service.ts';
import { refreshAll } from './accounts/refresh-all.ts';
import { SessionExpiryNotifier } from './accounts/session-expiry-notifier.ts';
import { TokenHistory } from './accounts/token-history.ts';
import { AutoLock, type AutoLockReason } from './auto-lock.ts';
import { AccessLog } from './agent/access-log.ts';
import type { AgentServerLimits } from './agent/agent-server.ts';
import { AgentService } from './agent/agent-service.ts';
import { ConsentService } from './agent/consent-service.ts';
import { identifyPeerProcess } from './agent/peer-process.ts';
import { ScriptTokenService } from './agent/script-token-service.ts';
import { defaultSocketPath } from './agent/socket-location.ts';
import { ClipboardGuard, type ClipboardPort } from './clipboard-guard.ts';
import { CoreEvents } from './events.ts';
import { RedirectInbox } from './flows/redirect-inbox.ts';
import { NetworkRouter, type NetworkEnvironment } from './http/dispatcher.ts';
import { SignInService } from './flows/sign-in-service.ts';
import type { DocumentStore } from './metadata/metadata-file.ts';
import { MetadataStore } from './metadata/metadata-store.ts';
import { accountVaultId, providerVaultId } from './model.ts';
import { ProviderService } from './providers/provider-service.ts';
import { BoundedRunner } from './bounded-runner.ts';
import { RefreshScheduler } from './refresh-scheduler.ts';
import { bindingFor, type SecretBinding } from './secret-binding.ts';
import type { OsKeychain, ScryptParams } from './vault/key-protection.ts';
import { TokenVault } from './vault/token-vault.ts';

export const APP_NAME = 'Token Desk';
/** RFC 8252 §7.1 private-use scheme, reverse-domain form. Also in electron-builder.yml. */
export const CUSTOM_SCHEME = 'io.github.tokendesk';
export const CUSTOM_SCHEME_CALLBACK_PATH = '/oauth/callback';

export interface CoreOptions {
  /** Where vault.json lives (the app's userData folder). */
  dataDir: string;
  /** electron-store in the app, `conf` on plain Node. */
  metadataStore: DocumentStore;
  keychain?: OsKeychain;
  openExternal: (url: string) => Promise<void>;
  clipboard: ClipboardPort;
  notify?: (title: string, body: string) => void;
  version?: string;
  signInTimeoutMs?: number;
  httpTimeoutSeconds?: number;
  /** Where the scripts' socket listens; default under $XDG_RUNTIME_DIR or the temp folder. */
  agentSocketPath?: string;
  /** Tests only: a shorter wait for the user's answer, tighter socket limits. */
  consentTimeoutMs?: number;
  agentLimits?: Partial<AgentServerLimits>;
  /** Tests only: cheaper key derivation. */
  scrypt?: ScryptParams;
  /**
   * How provider calls find their proxy: the app passes Electron's `resolveProxy` (OS settings
   * and PAC files); on plain Node, HTTPS_PROXY/HTTP_PROXY/NO_PROXY apply.
   */
  network?: NetworkEnvironment;
  now?: () => number;
}

/** The whole app without Electron: what the shell, the tests and the browser preview share. */
export interface Core {
  events: CoreEvents;
  vault: TokenVault;
  providers: ProviderService;
  accounts: AccountService;
  signIn: SignInService;
  scheduler: RefreshScheduler;
  /** Bounds concurrent refreshes per app and per provider; for every bulk refresh. */
  refreshRunner: BoundedRunner;
  /** "Refresh all" (or one provider's accounts), through {@link Core.refreshRunner}. */
  refreshAll(providerId?: string): Promise<RefreshAllResult>;
  clipboard: ClipboardGuard;
  metadata: MetadataStore;
  /** Sign-ins, refreshes, failures and revocations per account (no token values). */
  history: TokenHistory;
  /** Warns a day and an hour before a refresh token ends, where the provider said when. */
  sessionExpiry: SessionExpiryNotifier;
  redirects: RedirectInbox;
  /** Locks on screen lock, suspend and idle; the shell forwards the OS's events to it. */
  autoLock: AutoLock;
  /** Tokens for scripts: the oidc-agent–compatible socket and what it serves. */
  agent: AgentService;
  scriptTokens: ScriptTokenService;
  consent: ConsentService;
  accessLog: AccessLog;
  info: AppInfo;
  vaultStatus(): Promise<VaultStatus>;
  /**
   * Locks the vault and drops what was decrypted: cached client configurations (they hold the
   * client secret) and a token still on the clipboard. Nothing secret leaves until unlocked.
   */
  lock(reason?: AutoLockReason | 'user'): void;
  /** Loads the vault, starts background refresh and accepts buffered custom-scheme redirects. */
  start(): Promise<void>;
  /** Stops timers and waiting sign-ins, and clears a copied token still on the clipboard. */
  shutdown(): Promise<void>;
  dispose(): void;
}

/**
 * Builds every service and wires their events; call {@link Core.start} next. Must stay free
 * of anything that needs Electron's `ready` (main/index.ts builds the core before it so that
 * a redirect delivered with the launch reaches the inbox).
 */
export function createCore(options: CoreOptions): Core {
  const now = options.now ?? Date.now;
  const events = new CoreEvents();
  const metadata = new MetadataStore(options.metadataStore);
  const vault = new TokenVault({
    filePath: join(options.dataDir, 'vault.json'),
    ...(options.keychain ? { keychain: options.keychain } : {}),
    ...(options.scrypt ? { scrypt: options.scrypt } : {}),
    legacyBinding: (id) => legacyBinding(metadata, id),
  });
  const router = new NetworkRouter(options.network);
  const providers = new ProviderService({
    network: router,
    metadata,
    vault,
    events,
    timeoutSeconds: options.httpTimeoutSeconds ?? 20,
    customScheme: CUSTOM_SCHEME,
    callbackPath: CUSTOM_SCHEME_CALLBACK_PATH,
    now,
  });
  const history = new TokenHistory(metadata);
  const accounts = new AccountService({ metadata, vault, events, providers, history, now });
  const sessionExpiry = new SessionExpiryNotifier({
    accounts: () => accounts.summaries(),
    notify: (title, body) => options.notify?.(title, body),
    enabled: () => vault.isUnlocked,
    now,
  });
  const signIn = new SignInService({
    appName: APP_NAME,
    customScheme: CUSTOM_SCHEME,
    callbackPath: CUSTOM_SCHEME_CALLBACK_PATH,
    vault,
    providers,
    accounts,
    events,
    openExternal: options.openExternal,
    timeoutMs: options.signInTimeoutMs ?? 5 * 60_000,
    now,
  });
  // Background refresh and "Refresh all" share the bounds the settings give.
  const refreshRunner = new BoundedRunner(() => {
    const settings = metadata.getSettings();
    return { concurrency: settings.refreshConcurrency, perGroup: settings.refreshPerProvider };
  });
  const scheduler = new RefreshScheduler({
    accounts: () => accounts.summaries(),
    refresh: (id) => accounts.refresh(id),
    runner: refreshRunner,
    enabled: () => vault.isUnlocked && metadata.getSettings().autoRefresh,
    onExpiring: (account) => {
      if (account.expiresAt === null) return;
      options.notify?.(`${account.label} expires soon`, expiringMessage(account, now()));
    },
    onFailure: (account, error) => {
      if (error.code === 'REAUTH_REQUIRED') {
        options.notify?.(
          `${account.label} needs a new sign-in`,
          `${account.providerName}: ${error.message}`,
        );
      }
    },
    now,
  });
  const clipboard = new ClipboardGuard(
    options.clipboard,
    () => metadata.getSettings().clipboardClearSeconds,
    now,
  );
  const redirects = new RedirectInbox();
  const lock = (_reason: AutoLockReason | 'user' = 'user') => {
    vault.lock();
    providers.forgetConfigurations();
    void clipboard.clearNow();
  };
  const autoLock = new AutoLock({
    policy: () => {
      const settings = metadata.getSettings();
      const passphrase = vault.protection === 'passphrase';
      return {
        enabled:
          settings.autoLock === 'always' || (settings.autoLock === 'passphrase' && passphrase),
        idleMs: settings.autoLockMinutes * 60_000,
      };
    },
    isUnlocked: () => vault.isUnlocked,
    lock,
    now,
  });
  const consent = new ConsentService({
    onChange: (pending) => events.emit('agent:pendingChanged', pending),
    ...(options.consentTimeoutMs ? { timeoutMs: options.consentTimeoutMs } : {}),
    now,
  });
  const accessLog = new AccessLog({
    metadata,
    onChange: (entries) => events.emit('agent:logChanged', entries),
    now,
  });
  const scriptTokens = new ScriptTokenService({
    accounts,
    providers,
    events,
    consent,
    log: accessLog,
    // The vault's lock state today; the lock service can take its place without other changes.
    isLocked: () => !vault.isUnlocked,
    now,
  });
  const agent = new AgentService({
    socketPath: options.agentSocketPath ?? defaultSocketPath(),
    tokens: scriptTokens,
    consent,
    log: accessLog,
    events,
    enabled: () => metadata.getSettings().scriptsEnabled,
    identifyPeer: identifyPeerProcess,
    ...(options.agentLimits ? { limits: options.agentLimits } : {}),
  });

  const vaultStatus = async (): Promise<VaultStatus> => ({
    ...(await vault.status()),
    filePath: vault.filePath,
  });

  events.subscribe((event, payload) => {
    if (event === 'accounts:changed') {
      const delta = payload as AccountsDelta;
      if (delta.reset) {
        scheduler.reschedule();
        sessionExpiry.reschedule();
      } else {
        scheduler.accountsChanged(delta.changed, delta.removed);
        sessionExpiry.accountsChanged(delta.changed, delta.removed);
      }
    }
    // An account whose provider moved away from where its tokens were issued needs a sign-in.
    if (event === 'providers:changed') accounts.resetSummaries();
  });
  let wasUnlocked = false;
  vault.onChange(() => {
    if (vault.isUnlocked && !wasUnlocked) autoLock.activity();
    if (!vault.isUnlocked) providers.forgetConfigurations();
    wasUnlocked = vault.isUnlocked;
    void vaultStatus().then((status) => events.emit('vault:changed', status));
    // Locking or unlocking changes what every summary can say (tokens present, bindings).
    accounts.resetSummaries();
    scheduler.reschedule();
  });

  return {
    events,
    vault,
    providers,
    accounts,
    signIn,
    scheduler,
    refreshRunner,
    refreshAll: (providerId) => refreshAll({ accounts, runner: refreshRunner }, providerId),
    clipboard,
    metadata,
    history,
    sessionExpiry,
    redirects,
    autoLock,
    lock,
    agent,
    scriptTokens,
    consent,
    accessLog,
    info: {
      name: APP_NAME,
      version: options.version ?? '0.0.0',
      customScheme: CUSTOM_SCHEME,
      redirectUris: {
        loopback: providers.redirectUriHint({ redirectKind: 'loopback' }),
        'custom-scheme': providers.redirectUriHint({ redirectKind: 'custom-scheme' }),
      },
      clipboardClearSeconds: metadata.getSettings().clipboardClearSeconds,
    },
    vaultStatus,
    async start() {
      await vault.load();
      accounts.assignMissingShortNames();
      scheduler.start();
      sessionExpiry.start();
      autoLock.start();
      await agent.sync();
      redirects.setHandler((url) => {
        const outcome = signIn.handleRedirectUrl(url);
        // A matched redirect reports through its flow; an unmatched one has nowhere else to go.
        if (!outcome.ok && !outcome.flowId)
          options.notify?.('Sign-in response ignored', outcome.error.message);
      });
    },
    async shutdown() {
      this.dispose();
      await agent.stop();
      await clipboard.clearNow();
      await router.close();
    },
    dispose() {
      scheduler.stop();
      sessionExpiry.stop();
      autoLock.stop();
      signIn.dispose();
      void agent.stop();
      scriptTokens.dispose();
    },
  };
}

/** Why the background cannot renew a token, and what the user does about it before it expires. */
function expiringMessage(account: AccountSummary, now: number): string {
  const minutes = Math.max(0, Math.round(((account.expiresAt ?? now) - now) / 60_000));
  const when = minutes < 1 ? 'in less than a minute' : `in about ${minutes} min`;
  const what =
    account.refreshKind === 'verify'
      ? `${account.providerName} tokens cannot be renewed from this app.`
      : `${account.providerName} did not extend this token when it was refreshed.`;
  const next =
    account.signInMethod === 'token-import'
      ? 'Import a new token before then.'
      : 'Sign in again before then.';
  return `The token expires ${when}. ${what} ${next}`;
}

/** Where a record of a previous-format vault is bound: its provider as configured now. */
function legacyBinding(metadata: MetadataStore, recordId: string): SecretBinding | null {
  for (const provider of metadata.listProviders()) {
    if (recordId === providerVaultId(provider.id)) return bindingFor(provider);
  }
  const account = metadata.listAccounts().find((a) => recordId === accountVaultId(a.id));
  const provider = account ? metadata.getProvider(account.providerId) : undefined;
  return provider ? bindingFor(provider) : null;
}
