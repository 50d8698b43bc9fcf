import type { InspectionSection, ProviderCapabilities } from '../../../../contract/domain.ts';
import { AppError, toAppError } from '../../errors.ts';
import type { DeliveredRedirect } from '../../flows/pending-authorizations.ts';
import type { AccountRecord, ProviderConfig, StoredTokens, TokenGrant } from '../../model.ts';
import {
  refreshWithToken,
  type AuthorizationRequest,
  type BrowserSignIn,
  type DirectSignIn,
  type ProviderAdapter,
  type RefreshAvailability,
} from '../provider-adapter.ts';
import {
  exchangeCode,
  passwordLogin,
  PEERID_DEFAULT_BASE_URL,
  permissionsUrl,
  refreshToken,
  verifyToken,
  type PeerIdClient,
} from './peerid-api.ts';

const NO_REVOKE =
  'PeerID has no revocation for apps: removing the account deletes its tokens from this app only. The grant stays on PeerID until you remove the app from your PeerID account.';
const NO_SECRET_REFRESH =
  'This account cannot refresh: PeerID refreshes only with the app’s client secret, which is not configured. Sign in again when it expires.';
const BROWSER_TIMEOUT =
  'PeerID did not send the browser back in time. If you approved, PeerID may not accept this app’s redirect address: it only redirects to domains registered for the app, which may exclude 127.0.0.1 and custom schemes. Password sign-in is the dependable way for a desktop app.';

type PasswordSignIn = Extract<DirectSignIn, { method: 'password' }>;

/** PeerID (Peerplays): password login, browser consent with a secret-backed code exchange. */
export class PeerIdAdapter implements ProviderAdapter {
  private readonly provider: ProviderConfig;
  private readonly clientSecret: () => string | undefined;
  private readonly timeoutSeconds: number;

  /** The secret is read from the vault only for calls that send it, not to list capabilities. */
  constructor(
    provider: ProviderConfig,
    clientSecret: () => string | undefined,
    timeoutSeconds: number,
  ) {
    this.provider = provider;
    this.clientSecret = clientSecret;
    this.timeoutSeconds = timeoutSeconds;
  }

  private get client(): PeerIdClient {
    const clientSecret = this.provider.hasClientSecret ? this.clientSecret() : undefined;
    return {
      baseUrl: this.provider.baseUrl ?? PEERID_DEFAULT_BASE_URL,
      clientId: this.provider.clientId,
      timeoutSeconds: this.timeoutSeconds,
      ...(clientSecret ? { clientSecret } : {}),
    };
  }

  capabilities(): ProviderCapabilities {
    const hasSecret = this.provider.hasClientSecret;
    return {
      signIn: [
        { method: 'password', available: true },
        hasSecret
          ? {
              method: 'authorization-code',
              available: true,
              warning:
                'PeerID redirects only to domains registered for the app; 127.0.0.1 or the app’s custom scheme may be refused.',
            }
          : {
              method: 'authorization-code',
              available: false,
              reason:
                'Browser sign-in needs the app’s client secret for the code exchange. Add it in the provider settings.',
            },
      ],
      refresh: hasSecret ? { available: true } : { available: false, reason: NO_SECRET_REFRESH },
      revoke: { available: false, reason: NO_REVOKE },
      introspection: false,
      userinfo: false,
      notes: [NO_REVOKE],
    };
  }

  refreshAvailability(account: AccountRecord): RefreshAvailability {
    if (!this.provider.hasClientSecret) return refreshWithToken(NO_SECRET_REFRESH);
    if (!account.hasRefreshToken)
      return refreshWithToken('PeerID issued no refresh token. Sign in again when it expires.');
    return refreshWithToken();
  }

  signInTimeoutMessage(): string {
    return BROWSER_TIMEOUT;
  }

  /** Browser consent with a code exchange that needs the client secret (see capabilities). */
  readonly browserSignIn: BrowserSignIn = {
    authorizationUrl: async (request: AuthorizationRequest) =>
      permissionsUrl(this.client, request.redirectUri, request.state),
    complete: async (delivered: DeliveredRedirect) => {
      if (delivered.redirect.kind !== 'code') {
        throw new AppError('INVALID_RESPONSE', 'PeerID sent the browser back without a code.');
      }
      const grant = await exchangeCode(this.client, delivered.redirect.code);
      // The consent page does not say who signed in; PeerID's user id is all there is.
      return grant.subject ? { ...grant, label: `PeerID user ${grant.subject}` } : grant;
    },
  };

  /** Only the password login: PeerID has no other direct sign-in (checked by the sign-in service). */
  async directSignIn(request: PasswordSignIn): Promise<TokenGrant> {
    const grant = await passwordLogin(this.client, {
      login: request.username,
      password: request.password,
      ...(request.mobile ? { mobile: request.mobile } : {}),
    });
    return { ...grant, label: request.username };
  }

  async refresh(tokens: StoredTokens): Promise<TokenGrant> {
    return refreshToken(this.client, tokens);
  }

  async inspect(tokens: StoredTokens): Promise<InspectionSection[]> {
    const title = 'PeerID token check (operations call)';
    try {
      const { detail } = await verifyToken(this.client, tokens.accessToken);
      return [
        {
          id: 'peerid-verify',
          title,
          status: 'ok',
          note: detail,
          claims: [{ name: 'valid', value: true }],
        },
      ];
    } catch (err) {
      return [
        { id: 'peerid-verify', title, status: 'error', error: toAppError(err, 'PeerID').toInfo() },
      ];
    }
  }
}
