import type {
  Availability,
  InspectionSection,
  ProviderCapabilities,
  RefreshKind,
  SignInMethod,
} from '../../../contract/domain.ts';
import { AppError } from '../errors.ts';
import type { DeliveredRedirect, PendingAuthorization } from '../flows/pending-authorizations.ts';
import type { AccountRecord, StoredTokens, TokenGrant } from '../model.ts';
import type { SignatureCheck } from './id-token-signature.ts';

export interface AuthorizationRequest {
  method: 'authorization-code' | 'implicit';
  redirectUri: string;
  state: string;
  nonce: string;
  codeChallenge: string;
}

/** What a script asked for beyond the account's token. */
export interface TokenNarrowing {
  scopes?: string[];
  audience?: string;
}

/** Sign-ins that need no browser: the app asks the provider directly. */
export type DirectSignIn =
  | { method: 'client-credentials' }
  | { method: 'password'; username: string; password: string; mobile?: string }
  | { method: 'token-import'; token: string };

/** A started device authorization (RFC 8628): what to show, and how to wait for approval. */
export interface DeviceAuthorizationStart {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresAt: number;
  intervalSeconds: number;
  /** Polls at the server's interval until approved, denied, expired or aborted. */
  poll(signal: AbortSignal): Promise<TokenGrant>;
}

/** Whether "refresh" is available, what it does ({@link RefreshKind}) and how it is named. */
export type RefreshAvailability = Availability & { kind: RefreshKind; label: string };

/** Browser sign-in (authorization code with PKCE, or implicit): the URL, then the redirect. */
export interface BrowserSignIn {
  authorizationUrl(request: AuthorizationRequest): Promise<URL>;
  /** Finishes a browser sign-in from its redirect (code exchange or implicit token). */
  complete(delivered: DeliveredRedirect, pending: PendingAuthorization): Promise<TokenGrant>;
}

/**
 * One interface for every provider, in parts: an adapter has the parts its provider can do and
 * lacks the others, so nothing throws "unsupported" by itself. {@link
 * ProviderAdapter.capabilities} says in words what is offered and why the rest is not; the
 * sign-in and account services check it before they use a part.
 *
 * Every part that reaches the network runs inside the outbound guard (./guard-adapter.ts
 * lists each part; a part it does not list fails the type check there).
 */
export interface ProviderAdapter {
  capabilities(): ProviderCapabilities;
  /** Whether "refresh" is possible for this account, what it does, and its name for people. */
  refreshAvailability(account: AccountRecord): RefreshAvailability;
  refresh(tokens: StoredTokens, account: AccountRecord): Promise<TokenGrant>;
  /** What to say when a browser sign-in times out, where the provider has a likely cause. */
  signInTimeoutMessage?(): string;
  browserSignIn?: BrowserSignIn;
  /** Starts a device authorization (RFC 8628). */
  deviceSignIn?(): Promise<DeviceAuthorizationStart>;
  /**
   * Client credentials, password or token import. An adapter may take only the methods its
   * capabilities offer: the sign-in service has checked the method against them.
   */
  directSignIn?(request: DirectSignIn): Promise<TokenGrant>;
  /** Revokes the account's tokens at the provider. */
  revoke?(tokens: StoredTokens): Promise<void>;
  /** Live checks for the inspect view, each section failing on its own. */
  inspect?(tokens: StoredTokens, account: AccountRecord): Promise<InspectionSection[]>;
  /**
   * A token narrower than the account's (fewer scopes, RFC 8707 `resource`) by refresh; the
   * account's own tokens stay as they are.
   */
  refreshNarrowed?(tokens: StoredTokens, narrowing: TokenNarrowing): Promise<TokenGrant>;
  /**
   * Checks an ID token's signature now (providers that issue ID tokens): what verified it,
   * null when this provider's tokens cannot be checked; throws when the check fails.
   */
  checkIdTokenSignature?(idToken: string): Promise<SignatureCheck | null>;
  /**
   * A fresh DPoP proof (RFC 9449) for a request the user or a script makes with the account's
   * DPoP-bound access token `accessToken` (the account's own or a narrowed one). Absent where
   * the provider has no DPoP.
   */
  dpopProof?(tokens: StoredTokens, accessToken: string, method: string, url: URL): Promise<string>;
}

/** The reason a capability gives, or a generic sentence when it has none. */
export function unsupported(providerName: string, what: string, reason?: string): AppError {
  return new AppError('UNSUPPORTED', reason ?? `${providerName} does not support ${what}.`);
}

/** Finds a sign-in option and throws its reason when it is not available. */
export function requireSignIn(
  capabilities: ProviderCapabilities,
  method: SignInMethod,
  providerName: string,
): void {
  const option = capabilities.signIn.find((o) => o.method === method);
  if (!option) throw unsupported(providerName, `the ${method} sign-in`);
  if (!option.available) throw unsupported(providerName, `the ${method} sign-in`, option.reason);
}

const REFRESH_LABEL = 'Refresh';

/** "Refresh" with the refresh token: available, or not with `reason`. */
export function refreshWithToken(reason?: string): RefreshAvailability {
  return reason === undefined
    ? { available: true, kind: 'refresh', label: REFRESH_LABEL }
    : { available: false, kind: 'refresh', label: REFRESH_LABEL, reason };
}
