import type { JWK } from 'jose';
import type {
  AccountStatus,
  AppSettings,
  ClientAuthMethod,
  ProviderNetworkSettings,
  ProviderEndpoints,
  ProviderKind,
  RedirectKind,
  ScriptAccess,
  SignInMethod,
  TokenBinding,
} from '../../contract/domain.ts';

/** A provider as stored in the metadata store. Its client secret lives in the vault. */
export interface ProviderConfig {
  id: string;
  kind: ProviderKind;
  name: string;
  issuer: string | null;
  /** PeerID, PlaceOS, Pi: where the provider's API lives. */
  baseUrl: string | null;
  /** Discovered (OIDC) or entered (OAuth 2.0) endpoints; derived from `baseUrl` for PlaceOS. */
  endpoints: ProviderEndpoints;
  /** `grant_types_supported` from discovery; null when unknown. */
  grantTypes: string[] | null;
  clientId: string;
  clientAuth: ClientAuthMethod;
  hasClientSecret: boolean;
  scopes: string[];
  authParams: Record<string, string>;
  tokenParams: Record<string, string>;
  redirectKind: RedirectKind;
  createdAt: number;
  updatedAt: number;
  /** Proxy and extra trusted CAs (absent in records of older versions: the OS settings). */
  network?: ProviderNetworkSettings;
  /** private_key_jwt: the public key registered at the provider; its private key is in the vault. */
  clientPublicJwk?: JWK | null;
  /** Mutual TLS: the client certificate (PEM); its key is in the vault. */
  tlsClientCertificatePem?: string | null;
  /** DPoP (RFC 9449): tokens bound to a key pair kept per account. */
  dpop?: boolean;
  /** Mutual TLS: the discovered `mtls_endpoint_aliases` (RFC 8705 §5) the calls go to. */
  mtlsAliases?: Record<string, string>;
}

/** An account's non-secret metadata. Its tokens live in the vault under {@link accountVaultId}. */
export interface AccountRecord {
  id: string;
  providerId: string;
  label: string;
  subject: string | null;
  scopes: string[];
  expiresAt: number | null;
  issuedAt: number;
  lastRefreshedAt: number | null;
  status: AccountStatus;
  statusMessage: string | null;
  signInMethod: SignInMethod;
  hasRefreshToken: boolean;
  hasIdToken: boolean;
  createdAt: number;
  /** Name scripts use (`oidc-token <shortName>`); empty until assigned (records of older versions). */
  shortName: string;
  scriptAccess: ScriptAccess;
  /** Hosts the git credential helper answers for with this account's token. */
  gitHosts: string[];
  /** Whether the access token is bound to a key (DPoP) or a client certificate. */
  tokenBinding?: TokenBinding;
  /** When the refresh token ends, where the provider said (see accounts/session-end.ts). */
  signInNeededBy: number | null;
}

/** Token material: only ever in the vault, only ever read in main. */
export interface StoredTokens {
  accessToken: string;
  tokenType: string;
  refreshToken?: string;
  idToken?: string;
  /** DPoP: the account's key pair; the tokens are bound to it (`cnf.jkt`). */
  dpopKey?: { privateJwk: JWK; publicJwk: JWK };
}

export interface ProviderSecrets {
  clientSecret: string;
}

/** A provider's other secrets: the proxy password and the private keys of key-based client authentication. */
export interface ProviderCredentials {
  proxyPassword?: string;
  /** private_key_jwt. */
  clientPrivateJwk?: JWK;
  /** Mutual TLS: the key of the client certificate (PEM). */
  tlsClientKeyPem?: string;
}

/** What a successful grant yields, normalized across providers. */
export interface TokenGrant {
  tokens: StoredTokens;
  /** Absolute, computed when the response arrived; never a relative `expires_in`. */
  expiresAt: number | null;
  /** Granted scopes when the provider said; null means "as requested / unchanged". */
  scopes: string[] | null;
  subject?: string;
  label?: string;
  /** Set when the provider bound the access token to a DPoP key or the client certificate. */
  tokenBinding?: TokenBinding;
  /**
   * When the refresh token ends (absolute), where the response said: null for "never",
   * undefined when it did not say.
   */
  refreshExpiresAt?: number | null;
}

export type Settings = AppSettings;

export const DEFAULT_SETTINGS: Settings = {
  clipboardClearSeconds: 30,
  autoRefresh: true,
  autoLock: 'passphrase',
  autoLockMinutes: 10,
  scriptsEnabled: false,
  refreshConcurrency: 4,
  refreshPerProvider: 4,
};

export const accountVaultId = (accountId: string): string => `account:${accountId}`;
export const providerVaultId = (providerId: string): string => `provider:${providerId}`;
export const providerCredentialsVaultId = (providerId: string): string =>
  `provider-credentials:${providerId}`;
