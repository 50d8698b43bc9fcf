/**
 * The one typed contract between the main process and the renderer: every invoke channel with
 * its input and output, every event main pushes, and the narrow API the preload exposes as
 * `window.tokenManager`. Main derives its handler table from {@link InvokeChannels}; the
 * renderer imports only types from this file.
 *
 * Nothing here carries a refresh token or a client secret to the renderer. The only raw token
 * that ever crosses is the one the user explicitly reveals (`accounts.revealToken`).
 */

// ---------------------------------------------------------------------------------------------
// Shared values

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'PROVIDER_ERROR'
  | 'INVALID_RESPONSE'
  | 'REAUTH_REQUIRED'
  | 'UNSUPPORTED'
  | 'STATE_MISMATCH'
  | 'SIGN_IN_TIMEOUT'
  | 'VAULT_LOCKED'
  | 'VAULT_CORRUPT'
  | 'WRONG_PASSPHRASE'
  | 'UNTRUSTED_SENDER'
  | 'SCRIPT_ACCESS_OFF'
  | 'ACCESS_DENIED'
  | 'INTERNAL';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  providerMessage?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** Standard servers (`oidc` by discovery, `oauth2` by manual endpoints) and the named providers. */
export type ProviderKind = 'oidc' | 'oauth2' | 'peerid' | 'placeos' | 'pi';
export type RedirectKind = 'loopback' | 'custom-scheme';
export type ClientAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post';
export type SignInMethod =
  | 'authorization-code'
  | 'implicit'
  | 'device-code'
  | 'client-credentials'
  | 'password'
  | 'token-import';
export type TokenKind = 'access' | 'id';

/** Whether an action is offered for an account, and in words why not or what it will do. */
export type Availability =
  { available: true; note?: string } | { available: false; reason: string };

// ---------------------------------------------------------------------------------------------
// Vault

export type VaultState = 'missing' | 'locked' | 'unlocked' | 'corrupt';

export interface VaultStatus {
  state: VaultState;
  protection: 'os-keychain' | 'passphrase' | null;
  keychainAvailable: boolean;
  problem?: string;
  /** Where the vault lives, so a user can find (and back up) the file. */
  filePath: string;
}

export type VaultProtectionInput =
  { protection: 'os-keychain' } | { protection: 'passphrase'; passphrase: string };

/** A protection change: the current passphrase is required while a passphrase protects the vault. */
export type VaultProtectionChange = VaultProtectionInput & { currentPassphrase?: string };

// ---------------------------------------------------------------------------------------------
// Providers

export interface ProviderEndpoints {
  authorization?: string;
  token?: string;
  revocation?: string;
  introspection?: string;
  userinfo?: string;
  deviceAuthorization?: string;
}

/** What the user types to add or edit a provider. The secret goes to the vault, never back. */
export interface ProviderInput {
  kind: ProviderKind;
  name: string;
  /** OpenID Connect issuer; its discovery document supplies the endpoints. */
  issuer?: string;
  /** Manual endpoints for OAuth-only servers. */
  endpoints?: ProviderEndpoints;
  /** PeerID, PlaceOS and Pi: the server's base URL (PlaceOS: the user's domain). */
  baseUrl?: string;
  /** Empty for providers without client registration (Pi Network). */
  clientId: string;
  /** Omit to keep the stored secret when editing; empty string removes it. */
  clientSecret?: string;
  clientAuth: ClientAuthMethod;
  scopes: string[];
  /** Extra authorization request parameters such as `audience`, `resource`, `prompt`. */
  authParams: Record<string, string>;
  /** Extra token request parameters (client credentials, password, device): `audience`, `resource`… */
  tokenParams?: Record<string, string>;
  redirectKind: RedirectKind;
}

/** A sign-in method a provider offers, or one it lacks and why. */
export type SignInOption =
  | { method: SignInMethod; available: true; warning?: string }
  | { method: SignInMethod; available: false; reason: string };

/** What a provider can do, so the UI offers only that and explains the rest. */
export interface ProviderCapabilities {
  signIn: SignInOption[];
  refresh: Availability;
  revoke: Availability;
  introspection: boolean;
  userinfo: boolean;
  /** Facts about this provider a user should know (e.g. what revocation does not do). */
  notes: string[];
}

export interface ProviderSummary {
  id: string;
  kind: ProviderKind;
  name: string;
  issuer: string | null;
  baseUrl: string | null;
  endpoints: ProviderEndpoints;
  clientId: string;
  hasClientSecret: boolean;
  /**
   * Set when the stored client secret is not used because the provider's issuer or an
   * endpoint origin changed since it was entered: it has to be entered again.
   */
  clientSecretProblem?: string;
  clientAuth: ClientAuthMethod;
  scopes: string[];
  authParams: Record<string, string>;
  tokenParams: Record<string, string>;
  redirectKind: RedirectKind;
  capabilities: ProviderCapabilities;
  /** The redirect URI to register at the provider for this configuration. */
  redirectUriHint: string;
}

/** A field a preset leaves for the user, substituted for `{key}` in the preset's input. */
export interface PresetField {
  key: string;
  label: string;
  placeholder?: string;
  hint?: string;
  /** Secrets (client secret) are typed into a password field and go to the vault. */
  secret?: boolean;
  /** May be left empty; parameters whose value ends up empty are dropped. */
  optional?: boolean;
  defaultValue?: string;
}

/** A one-click template with the right endpoints, scopes and flows for a known provider. */
export interface ProviderPreset {
  id: string;
  name: string;
  description: string;
  /** Prefilled form; `{key}` placeholders are replaced by the values of {@link fields}. */
  input: ProviderInput;
  fields: PresetField[];
  docsUrl?: string;
}

// ---------------------------------------------------------------------------------------------
// Accounts

export type AccountStatus = 'active' | 'reauth-required' | 'revoked' | 'error';

/**
 * What "refresh" does for an account: `refresh` uses its refresh token, `reissue` requests a
 * new token with the same grant (client credentials), `verify` only asks the provider whether
 * the token is still valid (Pi Network) and cannot extend it.
 */
export type RefreshKind = 'refresh' | 'reissue' | 'verify';

export interface AccountSummary {
  id: string;
  providerId: string;
  providerName: string;
  label: string;
  subject: string | null;
  scopes: string[];
  /** Absolute expiry of the access token (epoch ms); null when the provider gave none. */
  expiresAt: number | null;
  issuedAt: number;
  lastRefreshedAt: number | null;
  status: AccountStatus;
  statusMessage: string | null;
  signInMethod: SignInMethod;
  hasRefreshToken: boolean;
  hasIdToken: boolean;
  /**
   * When the refresh token (the provider's session) ends and a new sign-in is needed (epoch
   * ms): only where the provider said (`refresh_expires_in`, a JWT refresh token's `exp`);
   * null when nothing says.
   */
  signInNeededBy: number | null;
  /** What "refresh" does for this account; code decides by this, never by the label. */
  refreshKind: RefreshKind;
  /** How "refresh" is named for people: "Refresh", "Request new token", "Verify again". */
  refreshLabel: string;
  /** Scripts: the name `oidc-token`/`token-desk` use, whether they may, and bound git hosts. */
  scripting: AccountScripting;
  actions: {
    refresh: Availability;
    revoke: Availability;
    inspect: Availability;
    copy: Availability;
  };
}

// ---------------------------------------------------------------------------------------------
// Tokens for scripts (the oidc-agent–compatible socket)

/** Whether scripts may get this account's token: never (default), after asking, or always. */
export type ScriptAccess = 'never' | 'ask' | 'always';

export interface AccountScripting {
  /** Unique, usable as `oidc-token <shortName>`; derived from the label until edited. */
  shortName: string;
  access: ScriptAccess;
  /** Hosts `token-desk git-credential` answers with this account's token. */
  gitHosts: string[];
}

export interface AccountScriptingInput {
  id: string;
  shortName?: string;
  access?: ScriptAccess;
  gitHosts?: string[];
}

export interface AgentStatus {
  enabled: boolean;
  running: boolean;
  /** Where the socket listens (a named pipe on Windows); null while stopped. */
  socketPath: string | null;
  /** The line to paste into a shell: `export OIDC_SOCK=…`. */
  exportLine: string | null;
  /** Why the socket could not start. */
  problem?: string;
}

/** A script waiting for the user's answer ("ask" accounts). */
export interface ConsentRequest {
  id: string;
  accountId: string;
  accountLabel: string;
  shortName: string;
  /** What the client says it is (`application_hint`), unverified. */
  applicationHint: string | null;
  /** The requesting program (Linux: peer pid → executable), when it could be determined. */
  process: PeerProcess | null;
  scope: string | null;
  audience: string | null;
  receivedAt: number;
  /** Refused automatically at this time (60 s after it arrived). */
  expiresAt: number;
}

export interface PeerProcess {
  pid: number;
  executable: string | null;
}

export type ConsentDecision = 'allow-once' | 'allow-hour' | 'deny';

export type AccessOutcome = 'granted' | 'refused';

/** One line of the access log: never a token. */
export interface AccessLogEntry {
  id: string;
  at: number;
  /** The short name or issuer the script asked for. */
  requested: string;
  accountId: string | null;
  accountLabel: string | null;
  applicationHint: string | null;
  process: PeerProcess | null;
  outcome: AccessOutcome;
  /** Why, in words: "always allowed", "allowed once", "denied", "vault locked"… */
  reason: string;
  scope: string | null;
  audience: string | null;
}

export interface Claim {
  name: string;
  value: unknown;
  /** Set for time claims (exp, iat, nbf, auth_time…): the instant in epoch ms. */
  time?: number;
}

export interface InspectionSection {
  id: string;
  title: string;
  status: 'ok' | 'error' | 'unavailable';
  note?: string;
  error?: ErrorInfo;
  claims?: Claim[];
}

export interface Inspection {
  accountId: string;
  inspectedAt: number;
  sections: InspectionSection[];
}

// ---------------------------------------------------------------------------------------------
// Copy as…, token history, sharing provider setups

/**
 * How a token is put on the clipboard: the access token alone, as an `Authorization: Bearer`
 * header, as a `curl` command with that header (URL placeholder), or the ID token.
 */
export type CopyFormat = 'access-token' | 'authorization-header' | 'curl' | 'id-token';

export type TokenHistoryEvent = 'signed-in' | 'refreshed' | 'refresh-failed' | 'revoked';

/** One line of an account's token history: what happened and when, never a token. */
export interface TokenHistoryEntry {
  at: number;
  event: TokenHistoryEvent;
  outcome: 'ok' | 'failed';
  /** Refreshes: whether the provider sent a new refresh token (rotation). */
  rotated?: boolean;
  /** Sign-ins: how. */
  method?: SignInMethod;
  /** Failures: the app's code and message (never a token; the provider's words included). */
  error?: ErrorInfo;
}

/** A provider export: the file's name and its JSON text (no tokens, no secrets). */
export interface ProviderExport {
  fileName: string;
  content: string;
  count: number;
}

/** What importing a file would do, per provider in it. */
export interface ProviderImportItem {
  index: number;
  name: string;
  kind: ProviderKind;
  /** Issuer, base URL or token endpoint: where it points. */
  location: string;
  /**
   * `new`: added as is; `duplicate`: the same setup exists (skipped); `renamed`: another
   * provider has this name, so it is added as {@link importName}.
   */
  status: 'new' | 'duplicate' | 'renamed';
  importName: string;
  /** The existing provider it conflicts with. */
  conflictWith?: string;
  /** Fields the file leaves for the importer to fill (the client secret). */
  toFill: 'clientSecret'[];
}

export interface ProviderImportPreview {
  items: ProviderImportItem[];
}

export interface ProviderImportInput {
  content: string;
  /** Client secrets typed by the importer, by item index. */
  clientSecrets?: Record<string, string>;
}

export interface ProviderImportResult {
  added: ProviderSummary[];
  skipped: string[];
}

// ---------------------------------------------------------------------------------------------
// Sign-in flows

export type SignInStatus = 'waiting' | 'exchanging' | 'succeeded' | 'failed' | 'cancelled';

interface SignInTarget {
  providerId: string;
  /** Sign an existing account in again instead of adding a new one. */
  accountId?: string;
}

/** Starts a sign-in. Credentials typed by the user are used once and never stored. */
export type SignInStartInput =
  | (SignInTarget & {
      method: 'authorization-code' | 'implicit' | 'device-code' | 'client-credentials';
    })
  | (SignInTarget & { method: 'password'; username: string; password: string; mobile?: string })
  | (SignInTarget & { method: 'token-import'; token: string });

/** What the user needs for a device sign-in (RFC 8628), shown while the app polls. */
export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  /** A QR code of the verification URL, as an SVG document. */
  qrSvg: string;
  intervalSeconds: number;
}

export interface SignInFlow {
  id: string;
  providerId: string;
  providerName: string;
  method: SignInMethod;
  redirectKind: RedirectKind;
  status: SignInStatus;
  startedAt: number;
  expiresAt: number;
  /** The URL opened in the system browser, to open it again if the tab was closed. */
  authorizationUrl?: string;
  device?: DeviceCodePrompt;
  accountId?: string;
  error?: ErrorInfo;
}

// ---------------------------------------------------------------------------------------------
// App

export interface AppSettings {
  /** Seconds after which a copied token is cleared from the clipboard; 0 keeps it. */
  clipboardClearSeconds: number;
  /** Refresh tokens in the background shortly before they expire. */
  autoRefresh: boolean;
  /**
   * When the vault locks by itself (screen lock, suspend, idle): only when a passphrase
   * protects it (the default), always, or never.
   */
  autoLock: AutoLockSetting;
  /** Minutes without activity before the vault locks. */
  autoLockMinutes: number;
  /** Serve tokens to scripts over the oidc-agent–compatible socket (off by default). */
  scriptsEnabled: boolean;
}

export type AutoLockSetting = 'passphrase' | 'always' | 'never';

export interface AppInfo {
  name: string;
  version: string;
  customScheme: string;
  /** The redirect URIs to register at a provider, per redirect kind. */
  redirectUris: Record<RedirectKind, string>;
  clipboardClearSeconds: number;
}

// ---------------------------------------------------------------------------------------------
// Channels

type Channel<I, O> = { input: I; output: O };

export interface InvokeChannels {
  'app:info': Channel<void, AppInfo>;
  'settings:get': Channel<void, AppSettings>;
  'settings:update': Channel<Partial<AppSettings>, AppSettings>;
  'vault:status': Channel<void, VaultStatus>;
  'vault:create': Channel<VaultProtectionInput, VaultStatus>;
  'vault:unlock': Channel<{ passphrase: string }, VaultStatus>;
  /** Reads the vault again and retries the OS keychain (after it refused to open the vault). */
  'vault:retryKeychain': Channel<void, VaultStatus>;
  'vault:lock': Channel<void, VaultStatus>;
  /** Re-keys the vault under new protection (see `VaultProtectionChange`). */
  'vault:changeProtection': Channel<VaultProtectionChange, VaultStatus>;
  'vault:setAsideDamaged': Channel<void, VaultStatus & { movedTo: string }>;
  'providers:list': Channel<void, ProviderSummary[]>;
  'providers:presets': Channel<void, ProviderPreset[]>;
  'providers:add': Channel<ProviderInput, ProviderSummary>;
  'providers:update': Channel<{ id: string; changes: ProviderInput }, ProviderSummary>;
  'providers:remove': Channel<{ id: string }, void>;
  'accounts:list': Channel<void, AccountSummary[]>;
  'accounts:refresh': Channel<{ id: string }, AccountSummary>;
  'accounts:revoke': Channel<{ id: string }, AccountSummary>;
  'accounts:inspect': Channel<{ id: string }, Inspection>;
  'accounts:remove': Channel<{ id: string }, void>;
  'accounts:rename': Channel<{ id: string; label: string }, AccountSummary>;
  'accounts:copyToken': Channel<{ id: string; kind: TokenKind }, { clearsAt: number | null }>;
  'accounts:revealToken': Channel<{ id: string; kind: TokenKind }, { token: string }>;
  'signIn:start': Channel<SignInStartInput, SignInFlow>;
  'signIn:cancel': Channel<{ flowId: string }, void>;
  'signIn:openInBrowser': Channel<{ flowId: string }, void>;
  'signIn:list': Channel<void, SignInFlow[]>;
  // Tokens for scripts
  'accounts:updateScripting': Channel<AccountScriptingInput, AccountSummary>;
  'agent:status': Channel<void, AgentStatus>;
  'agent:pending': Channel<void, ConsentRequest[]>;
  'agent:answer': Channel<{ requestId: string; decision: ConsentDecision }, void>;
  'agent:log': Channel<void, AccessLogEntry[]>;
  'agent:clearLog': Channel<void, void>;
  // Copy as…, token history, sharing provider setups
  'accounts:copyAs': Channel<{ id: string; format: CopyFormat }, { clearsAt: number | null }>;
  'accounts:history': Channel<{ id: string }, TokenHistoryEntry[]>;
  'providers:export': Channel<{ ids?: string[] }, ProviderExport>;
  'providers:previewImport': Channel<{ content: string }, ProviderImportPreview>;
  'providers:import': Channel<ProviderImportInput, ProviderImportResult>;
}

export type InvokeChannel = keyof InvokeChannels;
export type ChannelInput<C extends InvokeChannel> = InvokeChannels[C]['input'];
export type ChannelOutput<C extends InvokeChannel> = InvokeChannels[C]['output'];

export interface EventChannels {
  'vault:changed': VaultStatus;
  'providers:changed': ProviderSummary[];
  'accounts:changed': AccountSummary[];
  'signIn:changed': SignInFlow[];
  // Tokens for scripts
  'agent:changed': AgentStatus;
  'agent:pendingChanged': ConsentRequest[];
  'agent:logChanged': AccessLogEntry[];
}

export type EventChannel = keyof EventChannels;

export const INVOKE_CHANNELS = [
  'app:info',
  'settings:get',
  'settings:update',
  'vault:status',
  'vault:create',
  'vault:unlock',
  'vault:retryKeychain',
  'vault:lock',
  'vault:changeProtection',
  'vault:setAsideDamaged',
  'providers:list',
  'providers:presets',
  'providers:add',
  'providers:update',
  'providers:remove',
  'accounts:list',
  'accounts:refresh',
  'accounts:revoke',
  'accounts:inspect',
  'accounts:remove',
  'accounts:rename',
  'accounts:copyToken',
  'accounts:revealToken',
  'signIn:start',
  'signIn:cancel',
  'signIn:openInBrowser',
  'signIn:list',
  // Tokens for scripts
  'accounts:updateScripting',
  'agent:status',
  'agent:pending',
  'agent:answer',
  'agent:log',
  'agent:clearLog',
  // Copy as…, token history, sharing provider setups
  'accounts:copyAs',
  'accounts:history',
  'providers:export',
  'providers:previewImport',
  'providers:import',
] as const satisfies readonly InvokeChannel[];

export const EVENT_CHANNELS = [
  'vault:changed',
  'providers:changed',
  'accounts:changed',
  'signIn:changed',
  // Tokens for scripts
  'agent:changed',
  'agent:pendingChanged',
  'agent:logChanged',
] as const satisfies readonly EventChannel[];

// ---------------------------------------------------------------------------------------------
// The window API

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
    revoke(id: string): Invoke<'accounts:revoke'>;
    inspect(id: string): Invoke<'accounts:inspect'>;
    remove(id: string): Invoke<'accounts:remove'>;
    rename(id: string, label: string): Invoke<'accounts:rename'>;
    copyToken(id: string, kind: TokenKind): Invoke<'accounts:copyToken'>;
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
      revoke: (id) => call('accounts:revoke', { id }),
      inspect: (id) => call('accounts:inspect', { id }),
      remove: (id) => call('accounts:remove', { id }),
      rename: (id, label) => call('accounts:rename', { id, label }),
      copyToken: (id, kind) => call('accounts:copyToken', { id, kind }),
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
