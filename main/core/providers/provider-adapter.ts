import type { Availability, InspectionSection, SignInMethod } from '../../../preload/api.ts';
import type { PendingAuthorization } from '../flows/pending-authorizations.ts';
import type { AccountRecord, StoredTokens, TokenGrant } from '../model.ts';

/** What a provider offers, decided from its configuration so the UI can explain what it lacks. */
export interface ProviderCapabilities {
  signIn: SignInMethod[];
  /** Whether refresh is possible in principle; an account also needs a refresh token. */
  refresh: Availability;
  /** Includes, when available, what exactly the provider will revoke. */
  revoke: Availability;
  userinfo: boolean;
  introspection: boolean;
}

export interface AuthorizationRequest {
  redirectUri: string;
  state: string;
  nonce: string;
  codeChallenge: string;
}

/**
 * One interface for every provider. Operations a provider cannot do are declared in
 * {@link ProviderCapabilities} and throw UNSUPPORTED if called anyway.
 */
export interface ProviderAdapter {
  capabilities(): ProviderCapabilities;
  buildAuthorizationUrl(request: AuthorizationRequest): Promise<URL>;
  authorizationCodeGrant(callbackUrl: URL, pending: PendingAuthorization): Promise<TokenGrant>;
  refreshTokenGrant(tokens: StoredTokens): Promise<TokenGrant>;
  revokeToken(tokens: StoredTokens): Promise<void>;
  /** Live checks for the inspect view (userinfo, introspection…), each section failing alone. */
  inspect(tokens: StoredTokens, account: AccountRecord): Promise<InspectionSection[]>;
}
