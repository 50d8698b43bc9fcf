import type {
  AccountStatus,
  AppSettings,
  ClientAuthMethod,
  ProviderEndpoints,
  ProviderKind,
  RedirectKind,
  ScriptAccess,
  SignInMethod,
} from '../../shared/domain.ts';

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
  /** When the refresh token ends, where the provider said (see accounts/session-end.ts). */
  signInNeededBy: number | null;
}

/** Token material: only ever in the vault, only ever read in main. */
export interface StoredTokens {
  accessToken: string;
  tokenType: string;
  refreshToken?: string;
  idToken?: string;
}

export interface ProviderSecrets {
  clientSecret: string;
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
};

export const accountVaultId = (accountId: string): string => `account:${accountId}`;
export const providerVaultId = (providerId: string): string => `provider:${providerId}`;
