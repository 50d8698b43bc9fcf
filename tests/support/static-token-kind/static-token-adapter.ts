import type { ProviderCapabilities } from '../../../contract/domain.ts';
import type { ProviderConfig, StoredTokens, TokenGrant } from '../../../main/core/model.ts';
import type {
  DirectSignIn,
  ProviderAdapter,
  RefreshAvailability,
} from '../../../main/core/providers/provider-adapter.ts';

type TokenImport = Extract<DirectSignIn, { method: 'token-import' }>;

const NO_REVOKE = 'A static token cannot be revoked from this app: remove the account instead.';

/**
 * A test-only kind: a long-lived API token pasted by the user, kept as it is. It has the parts
 * it can do (direct sign-in) and lacks the rest (browser, device, revoke, inspect).
 */
export class StaticTokenAdapter implements ProviderAdapter {
  private readonly provider: ProviderConfig;

  constructor(provider: ProviderConfig) {
    this.provider = provider;
  }

  capabilities(): ProviderCapabilities {
    return {
      signIn: [{ method: 'token-import', available: true }],
      refresh: { available: true, note: 'Keeps the token: a static token does not change.' },
      revoke: { available: false, reason: NO_REVOKE },
      introspection: false,
      userinfo: false,
      notes: [NO_REVOKE],
    };
  }

  refreshAvailability(): RefreshAvailability {
    return { available: true, kind: 'verify', label: 'Check again' };
  }

  async refresh(tokens: StoredTokens): Promise<TokenGrant> {
    return { tokens, expiresAt: null, scopes: null };
  }

  async directSignIn(request: TokenImport): Promise<TokenGrant> {
    const token = request.token.trim();
    return {
      tokens: { accessToken: token, tokenType: 'Bearer' },
      expiresAt: null,
      scopes: null,
      subject: `static:${token.slice(-6)}`,
      label: `${this.provider.name} token …${token.slice(-6)}`,
    };
  }
}
