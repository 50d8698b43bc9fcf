import type {
  InspectionSection,
  ProviderCapabilities,
  SignInMethod,
  SignInOption,
} from '../../../../contract/domain.ts';
import { AppError, toAppError } from '../../errors.ts';
import type {
  DeliveredRedirect,
  PendingAuthorization,
} from '../../flows/pending-authorizations.ts';
import type { AccountRecord, StoredTokens, TokenGrant } from '../../model.ts';
import { decodeJwtUnverified, toClaimList } from '../../token-claims.ts';
import { OpenIdAdapter } from '../openid/openid-adapter.ts';
import type { DirectSignIn } from '../provider-adapter.ts';
import { expandPlaceOsClaims, fetchTokenView } from './placeos-api.ts';

const REVOKE_CAVEAT =
  'PlaceOS revocation stops the refresh token, but an access token already issued keeps working until it expires (at most 2 hours).';

/**
 * PlaceOS: standard OAuth 2.0 on endpoints derived from the domain (openid-client does the
 * protocol), plus PlaceOS's own token views for inspection and its revocation caveat.
 */
export class PlaceOsAdapter extends OpenIdAdapter {
  override capabilities(): ProviderCapabilities {
    const base = super.capabilities();
    return {
      ...base,
      revoke: { available: true, note: `Revokes the tokens at PlaceOS. ${REVOKE_CAVEAT}` },
      notes: [REVOKE_CAVEAT],
    };
  }

  protected override signInOptions(): SignInOption[] {
    return super
      .signInOptions()
      .filter((option) => option.method !== 'device-code')
      .map((option) =>
        (option.method === 'password' || option.method === 'implicit') && option.available
          ? {
              ...option,
              warning: `${option.warning ?? ''} Only older PlaceOS servers offer it.`.trim(),
            }
          : option,
      );
  }

  protected override async completeAuthorization(
    delivered: DeliveredRedirect,
    pending: PendingAuthorization,
  ): Promise<TokenGrant> {
    return withTokenIdentity(await super.completeAuthorization(delivered, pending), pending.method);
  }

  override async refresh(tokens: StoredTokens, account: AccountRecord): Promise<TokenGrant> {
    return withTokenIdentity(await super.refresh(tokens, account), account.signInMethod);
  }

  override async directSignIn(request: DirectSignIn): Promise<TokenGrant> {
    try {
      return withTokenIdentity(await super.directSignIn(request), request.method);
    } catch (err) {
      const error = toAppError(err, 'PlaceOS');
      if (request.method === 'password' && error.code === 'UNSUPPORTED') {
        throw new AppError(
          'UNSUPPORTED',
          'This PlaceOS server does not offer the password grant (newer PlaceOS versions removed it). Sign in with the browser instead.',
          { ...(error.providerMessage ? { providerMessage: error.providerMessage } : {}) },
        );
      }
      throw error;
    }
  }

  override async inspect(
    tokens: StoredTokens,
    account: AccountRecord,
  ): Promise<InspectionSection[]> {
    const baseUrl = this.provider.baseUrl;
    const standard = (await super.inspect(tokens, account)).filter((s) => s.id !== 'userinfo');
    if (!baseUrl) return standard;
    const view = async (
      id: string,
      title: string,
      which: 'inspect' | 'token-info',
    ): Promise<InspectionSection> => {
      try {
        const body = await fetchTokenView(baseUrl, which, tokens.accessToken, this.timeoutSeconds);
        return {
          id,
          title,
          status: 'ok',
          claims: toClaimList(which === 'inspect' ? expandPlaceOsClaims(body) : body),
        };
      } catch (err) {
        return { id, title, status: 'error', error: toAppError(err, 'PlaceOS').toInfo() };
      }
    };
    return [
      await view('placeos-inspect', 'PlaceOS token (api_keys/inspect)', 'inspect'),
      await view('placeos-token-info', 'Token info (/auth/oauth/token/info)', 'token-info'),
      ...standard,
    ];
  }
}

/**
 * PlaceOS has no ID token; its access token is a JWT naming the user (`sub`, `u.e` email,
 * `u.n` name), so the account takes its identity from there. A service account (client
 * credentials) keeps the name the client gave it: its token names no person.
 */
function withTokenIdentity(grant: TokenGrant, method: SignInMethod): TokenGrant {
  const claims = decodeJwtUnverified(grant.tokens.accessToken)?.claims;
  if (!claims) return grant;
  const user = (claims['u'] ?? {}) as { e?: unknown; n?: unknown };
  const label = [user.e, user.n].find((v): v is string => typeof v === 'string' && v.length > 0);
  const identity: Partial<TokenGrant> = {};
  if (typeof claims['sub'] === 'string' && !grant.subject) identity.subject = claims['sub'];
  if (label && method !== 'client-credentials') identity.label = label;
  return { ...grant, ...identity };
}
