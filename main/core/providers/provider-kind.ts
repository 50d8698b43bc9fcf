import type * as client from 'openid-client';
import type { ProviderInput, ProviderKindForm, ProviderPreset } from '../../../contract/domain.ts';
import type { RequestNetwork } from '../http/request-network.ts';
import type { ProviderConfig } from '../model.ts';
import type { SigningKeys } from './id-token-signature.ts';
import type { ProviderAdapter } from './provider-adapter.ts';

/** What an adapter may use from the provider service. */
export interface AdapterContext {
  /** Reads the client secret from the vault, for adapters that send it themselves. */
  clientSecret: () => string | undefined;
  /** The cached openid-client Configuration for standard-protocol providers. */
  configuration: () => Promise<client.Configuration>;
  /** The provider's ID token signing keys (kept per provider version). */
  signingKeys: () => Promise<SigningKeys>;
  timeoutSeconds: number;
  now: () => number;
}

/**
 * Everything the app knows about one kind of provider, in one place: how the form asks for it,
 * its one-click presets, how its input becomes a configuration, and its adapter. A kind lives
 * in its own folder under main/core/providers/ and is one line in ./registry.ts.
 */
export interface ProviderKindDefinition {
  /** How the add-provider form asks for this kind; `form.kind` is the registry key. */
  form: ProviderKindForm;
  /** One-click templates for this kind's well-known servers. */
  presets: readonly ProviderPreset[];
  /**
   * The kind's own part of a configuration: where its server is (issuer, endpoints, base URL),
   * checked, on top of `base` (name, client, scopes and parameters already checked). Throws
   * INVALID_INPUT with a sentence for the user.
   */
  configure: (input: ProviderInput, base: ProviderConfig) => ProviderConfig;
  /**
   * Reads what the server publishes about itself before saving (OpenID discovery), through
   * the provider's network (proxy, trusted CAs) when given.
   */
  discover?: (
    draft: ProviderConfig,
    timeoutSeconds: number,
    network?: RequestNetwork,
  ) => Promise<ProviderConfig>;
  /** The adapter that speaks this kind's protocol. */
  createAdapter: (provider: ProviderConfig, context: AdapterContext) => ProviderAdapter;
}
