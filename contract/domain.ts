/**
 * The domain types main and the renderer share: what crosses IPC, nothing about how. The
 * channel table is in ./channels.ts; the `window.tokenManager` API in preload/api.ts. This
 * module imports nothing, so the core, the preload and the renderer can all depend on it.
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
  | 'CERTIFICATE_REJECTED'
  /** The disk refused a write (full, read-only); what was stored before is unchanged. */
  | 'WRITE_FAILED'
  | 'INTERNAL';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  providerMessage?: string;
  /** CERTIFICATE_REJECTED: which certificate, why, and the CA that could be trusted. */
  certificate?: CertificateProblem;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/**
 * A kind of provider: a key of the provider registry in main (main/core/providers/registry.ts),
 * such as `oidc`, `oauth2`, `peerid`. What a kind's form asks for comes with it
 * ({@link ProviderKindForm}); code never infers it from the name.
 */
export type ProviderKind = string;
export type RedirectKind = 'loopback' | 'custom-scheme';
export type ClientAuthMethod =
  | 'none'
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'private_key_jwt'
  | 'tls_client_auth'
  | 'self_signed_tls_client_auth';

// ---------------------------------------------------------------------------------------------
// Company networks and strict providers: proxy, trust, key-based client authentication, DPoP

/** `system`: the OS settings (PAC included) or HTTPS_PROXY/NO_PROXY; `none`: direct; `url`: a given proxy. */
export type ProxyMode = 'system' | 'none' | 'url';

/** Why a provider's TLS certificate was refused, and what could be trusted for it. */
export interface CertificateProblem {
  host: string;
  /** expired | not-yet-valid | self-signed | wrong-host | unknown-ca */
  reason: 'expired' | 'not-yet-valid' | 'self-signed' | 'wrong-host' | 'unknown-ca';
  /** The rejected (server) certificate. */
  subject: string;
  issuer: string;
  validTo: string;
  fingerprint256: string;
  /**
   * The CA certificate (PEM) at the top of the chain the server sent, when it sent one that
   * signs itself: what "Trust this CA for this provider" adds. Absent for a wrong host name.
   */
  caPem?: string;
  caSubject?: string;
}

/** A certificate as shown to people. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  validTo: string;
  fingerprint256: string;
}

/** A provider's network settings as entered (secrets: only whether one is stored). */
export interface ProviderNetworkSettings {
  proxy: ProxyMode;
  proxyUrl: string | null;
  proxyUsername: string | null;
  /** PEM certificates trusted for this provider only. */
  extraCaCertificates: string[];
}

export interface ProviderNetworkInput {
  proxy: ProxyMode;
  proxyUrl?: string;
  proxyUsername?: string;
  /** Omit to keep the stored proxy password; empty string removes it. */
  proxyPassword?: string;
  extraCaCertificates?: string[];
}

/** private_key_jwt: generate a new key pair, or import a private key (PEM PKCS#8 or JWK). */
export type ClientKeyInput = { generate: true } | { importKey: string };

/** mutual TLS: the client certificate (PEM) and its private key (PEM; omit to keep). */
export interface TlsClientInput {
  certificatePem: string;
  keyPem?: string;
}

/** How an access token is bound to a key: DPoP (`cnf.jkt`) or a client certificate (`cnf.x5t#S256`). */
export type TokenBinding = 'dpop' | 'certificate' | null;
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

/** What protects the vault's data key: the OS keychain or a passphrase. */
export type VaultProtection = 'os-keychain' | 'passphrase';

export interface VaultStatus {
  state: VaultState;
  protection: VaultProtection | null;
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
  /** Proxy and extra trusted CAs; omit for the OS settings and no extra CAs. */
  network?: ProviderNetworkInput;
  /** private_key_jwt: omit to keep the stored key (a new provider gets a generated one). */
  clientKey?: ClientKeyInput;
  /** tls_client_auth / self_signed_tls_client_auth. */
  tlsClient?: TlsClientInput;
  /** DPoP (RFC 9449): bind tokens to a key pair kept per account. */
  dpop?: boolean;
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
  network: ProviderNetworkSettings;
  hasProxyPassword: boolean;
  /** private_key_jwt: the public key set (JWKS, JSON text) to register at the provider. */
  clientJwks?: string;
  /** mutual TLS: the client certificate presented. */
  tlsClientCertificate?: CertificateSummary;
  dpop: boolean;
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

/** Where a kind's server is named in the form. */
export type ServerField =
  /** An OpenID Connect issuer; its discovery document supplies the endpoints. */
  | { field: 'issuer' }
  /** Endpoints typed one by one (the token endpoint required). */
  | { field: 'endpoints' }
  /** One base URL (`defaultValue` is the real service's, where there is one). */
  | { field: 'baseUrl'; label: string; hint: string; placeholder: string; defaultValue?: string };

/**
 * Whether a kind takes a client secret: as its client authentication method says
 * (`by-auth-method`: required unless `none`), optionally (sent with `client_secret_post`), or
 * never.
 */
export type ClientSecretRule = 'by-auth-method' | 'optional' | 'never';

/** The client section: a registered client, or none at all (with what to say instead). */
export type ClientFields =
  | {
      registration: 'required';
      idLabel: string;
      idHint: string;
      /** The client ID is a number (numeric keyboard, checked in main). */
      numericId: boolean;
      secret: ClientSecretRule;
      /** What the optional secret is for (`secret: 'optional'`). */
      secretHint?: string;
      /** How the client is named in a provider's summary ("client", "app"). */
      noun: string;
    }
  | {
      registration: 'none';
      /** Shown instead of client fields; `code` spans are written in backticks. */
      note: string;
    };

/**
 * How the add-provider form asks for one kind, sent by main from its provider registry so the
 * renderer has no per-kind rules of its own.
 */
export interface ProviderKindForm {
  kind: ProviderKind;
  label: string;
  /** A few words under the label ("By discovery"). */
  detail: string;
  server: ServerField;
  client: ClientFields;
  /** Scopes and extra parameters; null for kinds that take none. */
  oauth: {
    defaultScopes: string;
    scopesPlaceholder: string;
    /** Say that `offline_access` asks for a refresh token. */
    offlineAccessHint: boolean;
  } | null;
  /** The redirect section; null for kinds without a browser sign-in. */
  redirect: {
    /** A sentence above the choices. */
    note?: string;
    /** The implicit flow is offered, and only with the loopback redirect. */
    implicitNeedsLoopback: boolean;
  } | null;
  /**
   * Offers what strict providers need: private_key_jwt, mutual TLS and DPoP (the standard
   * OpenID Connect and OAuth 2.0 servers).
   */
  strictClient?: boolean;
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
  /** DPoP-bound tokens are useless without a fresh proof: "Copy" says so. */
  tokenBinding: TokenBinding;
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
  /** Refreshes run at once by the background and "Refresh all" (1–16)… */
  refreshConcurrency: number;
  /** …and at most this many at one provider (1–16). */
  refreshPerProvider: number;
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

/**
 * What changed in the account list: the accounts whose summary changed (added or updated) and
 * those removed, so that one refresh costs the same with 10 or 1,000 accounts. `reset` means
 * `changed` is the whole list, in order (after unlocking, or a provider edit); `version` counts
 * up by one per event, so a listener that missed one can ask for the list again.
 */
export interface AccountsDelta {
  version: number;
  reset: boolean;
  changed: AccountSummary[];
  removed: string[];
}

/** What "Refresh all" did: how many accounts were refreshed, and which failed and why. */
export interface RefreshAllResult {
  refreshed: number;
  failed: { id: string; label: string; error: ErrorInfo }[];
}
