import type { InspectionSection, ProviderCapabilities } from '../../../../contract/domain.ts';
import { toAppError } from '../../errors.ts';
import type { ProviderConfig, StoredTokens, TokenGrant } from '../../model.ts';
import { toClaimList } from '../../token-claims.ts';
import type { DirectSignIn, ProviderAdapter, RefreshAvailability } from '../provider-adapter.ts';
import { accessTokenFromPaste, fetchMe, PI_DEFAULT_BASE_URL, type PiUser } from './pi-api.ts';

const NO_SIGN_IN =
  'Pi Network has no desktop sign-in: tokens come from Pi.authenticate in the Pi Browser. Paste one to import it.';
const NO_REVOKE =
  'Pi Network has no revocation API: removing the account deletes the token from this app only.';

type TokenImport = Extract<DirectSignIn, { method: 'token-import' }>;

/** Pi Network: import a pasted access token and verify it with `GET /v2/me`. */
export class PiAdapter implements ProviderAdapter {
  private readonly baseUrl: string;
  private readonly timeoutSeconds: number;

  constructor(provider: ProviderConfig, timeoutSeconds: number) {
    this.baseUrl = provider.baseUrl ?? PI_DEFAULT_BASE_URL;
    this.timeoutSeconds = timeoutSeconds;
  }

  capabilities(): ProviderCapabilities {
    return {
      signIn: [
        { method: 'token-import', available: true },
        { method: 'authorization-code', available: false, reason: NO_SIGN_IN },
      ],
      refresh: {
        available: true,
        note: 'Pi tokens cannot be refreshed; "Verify again" asks Pi whether the token is still valid.',
      },
      revoke: { available: false, reason: NO_REVOKE },
      introspection: false,
      userinfo: true,
      notes: [NO_SIGN_IN, NO_REVOKE],
    };
  }

  refreshAvailability(): RefreshAvailability {
    return {
      available: true,
      kind: 'verify',
      label: 'Verify again',
      note: 'Asks Pi Network (GET /v2/me) whether the token is still valid.',
    };
  }

  /** Only token import: Pi has no other sign-in (the sign-in service checked the method). */
  async directSignIn(request: TokenImport): Promise<TokenGrant> {
    const token = accessTokenFromPaste(request.token);
    return toGrant(token, await fetchMe(this.baseUrl, token, this.timeoutSeconds));
  }

  /** "Refresh" re-verifies: the token stays, expiry and scopes are read again. */
  async refresh(tokens: StoredTokens): Promise<TokenGrant> {
    return toGrant(
      tokens.accessToken,
      await fetchMe(this.baseUrl, tokens.accessToken, this.timeoutSeconds),
    );
  }

  async inspect(tokens: StoredTokens): Promise<InspectionSection[]> {
    const title = 'Pi user (GET /v2/me)';
    try {
      const user = await fetchMe(this.baseUrl, tokens.accessToken, this.timeoutSeconds);
      return [{ id: 'pi-me', title, status: 'ok', claims: toClaimList(user.raw) }];
    } catch (err) {
      return [
        { id: 'pi-me', title, status: 'error', error: toAppError(err, 'Pi Network').toInfo() },
      ];
    }
  }
}

/** The account is whoever `/v2/me` says the token belongs to, never what was pasted with it. */
function toGrant(token: string, user: PiUser): TokenGrant {
  return {
    tokens: { accessToken: token, tokenType: 'Bearer' },
    expiresAt: user.validUntil,
    scopes: user.scopes,
    subject: user.uid,
    label: user.username ?? `Pi user ${user.uid.slice(0, 12)}`,
  };
}
