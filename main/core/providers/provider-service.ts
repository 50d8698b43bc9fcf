import { randomUUID } from 'node:crypto';
import type * as client from 'openid-client';
import type { ProviderInput, ProviderSummary } from '../../../preload/api.ts';
import { AppError } from '../errors.ts';
import type { CoreEvents } from '../events.ts';
import type { MetadataStore } from '../metadata/metadata-store.ts';
import { providerVaultId, type ProviderConfig, type ProviderSecrets } from '../model.ts';
import type { TokenVault } from '../vault/token-vault.ts';
import { createConfiguration, endpointsOf, OpenIdAdapter } from './openid-adapter.ts';
import type { ProviderAdapter } from './provider-adapter.ts';
import { parseProviderUrl } from './urls.ts';

/** Authorization parameters the app sets itself; a user-supplied value would break the flow. */
const RESERVED_AUTH_PARAMS = new Set([
  'client_id',
  'redirect_uri',
  'response_type',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'scope',
]);

export interface ProviderServiceOptions {
  metadata: MetadataStore;
  vault: TokenVault;
  events: CoreEvents;
  timeoutSeconds: number;
  customScheme: string;
  callbackPath: string;
  now?: () => number;
}

/** Adds, edits and removes providers, and hands out one adapter per provider. */
export class ProviderService {
  private readonly options: ProviderServiceOptions;
  private readonly configurations = new Map<
    string,
    { version: number; config: Promise<client.Configuration> }
  >();
  private readonly now: () => number;

  constructor(options: ProviderServiceOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  list(): ProviderConfig[] {
    return this.options.metadata.listProviders();
  }

  get(id: string): ProviderConfig {
    const provider = this.options.metadata.getProvider(id);
    if (!provider) throw new AppError('NOT_FOUND', 'That provider no longer exists.');
    return provider;
  }

  summaries(): ProviderSummary[] {
    return this.list().map((p) => this.summarize(p));
  }

  summarize(provider: ProviderConfig): ProviderSummary {
    return {
      id: provider.id,
      kind: provider.kind,
      name: provider.name,
      issuer: provider.issuer,
      endpoints: provider.endpoints,
      clientId: provider.clientId,
      hasClientSecret: provider.hasClientSecret,
      clientAuth: provider.clientAuth,
      scopes: provider.scopes,
      authParams: provider.authParams,
      redirectKind: provider.redirectKind,
      signInMethods: this.adapter(provider).capabilities().signIn,
      redirectUriHint: this.redirectUriHint(provider),
    };
  }

  /** Validates the input, checks the issuer's discovery document, then saves. */
  async add(input: ProviderInput): Promise<ProviderSummary> {
    const now = this.now();
    const draft = this.buildConfig(input, { id: randomUUID(), createdAt: now, updatedAt: now });
    const secret = this.resolveSecret(input, undefined);
    const provider = await this.withDiscoveredEndpoints(draft, secret);
    await this.storeSecret(provider.id, secret);
    this.options.metadata.saveProvider(provider);
    this.changed();
    return this.summarize(provider);
  }

  async update(id: string, input: ProviderInput): Promise<ProviderSummary> {
    const existing = this.get(id);
    const draft = this.buildConfig(input, {
      id,
      createdAt: existing.createdAt,
      updatedAt: this.now(),
    });
    const secret = this.resolveSecret(input, existing);
    const provider = await this.withDiscoveredEndpoints(draft, secret);
    await this.storeSecret(id, secret);
    this.options.metadata.saveProvider(provider);
    this.configurations.delete(id);
    this.changed();
    return this.summarize(provider);
  }

  /** Deletes the provider and its client secret. Accounts are removed by the caller first. */
  async remove(id: string): Promise<void> {
    this.get(id);
    if (this.options.vault.isUnlocked) await this.options.vault.delete(providerVaultId(id));
    this.options.metadata.deleteProvider(id);
    this.configurations.delete(id);
    this.changed();
  }

  adapter(provider: ProviderConfig): ProviderAdapter {
    return new OpenIdAdapter(provider, () => this.configuration(provider), { now: this.now });
  }

  redirectUriHint(provider: Pick<ProviderConfig, 'redirectKind'>): string {
    return provider.redirectKind === 'loopback'
      ? `http://127.0.0.1/${this.options.callbackPath.replace(/^\//, '')} (any port)`
      : `${this.options.customScheme}:${this.options.callbackPath}`;
  }

  /** One openid-client Configuration per provider version, discovered once per run. */
  private configuration(provider: ProviderConfig): Promise<client.Configuration> {
    const cached = this.configurations.get(provider.id);
    if (cached && cached.version === provider.updatedAt) return cached.config;
    const config = createConfiguration(
      provider,
      this.readSecret(provider),
      this.options.timeoutSeconds,
    );
    this.configurations.set(provider.id, { version: provider.updatedAt, config });
    // A failed discovery must be retried next time, not cached.
    config.catch(() => {
      if (this.configurations.get(provider.id)?.config === config)
        this.configurations.delete(provider.id);
    });
    return config;
  }

  private readSecret(provider: ProviderConfig): string | undefined {
    if (!provider.hasClientSecret) return undefined;
    return this.options.vault.get<ProviderSecrets>(providerVaultId(provider.id))?.clientSecret;
  }

  private async withDiscoveredEndpoints(
    draft: ProviderConfig,
    secret: string | null,
  ): Promise<ProviderConfig> {
    if (draft.kind !== 'oidc') return draft;
    const config = await createConfiguration(
      draft,
      secret ?? undefined,
      this.options.timeoutSeconds,
    );
    // Keep the issuer exactly as the discovery document spells it (trailing slash and all).
    return { ...draft, issuer: config.serverMetadata().issuer, endpoints: endpointsOf(config) };
  }

  /** The secret to store: a new one, the existing one (null means none). */
  private resolveSecret(input: ProviderInput, existing: ProviderConfig | undefined): string | null {
    const typed = input.clientSecret?.trim();
    if (input.clientAuth === 'none') {
      if (typed) {
        throw new AppError(
          'INVALID_INPUT',
          'A public client (authentication "none") sends no secret. Choose client_secret_basic or client_secret_post to use one.',
        );
      }
      return null;
    }
    if (typed) return typed;
    if (input.clientSecret === undefined && existing?.hasClientSecret) {
      return this.readSecret(existing) ?? null;
    }
    throw new AppError('INVALID_INPUT', `Enter the client secret for ${input.clientAuth}.`);
  }

  private async storeSecret(providerId: string, secret: string | null): Promise<void> {
    if (secret) {
      await this.options.vault.put(providerVaultId(providerId), {
        clientSecret: secret,
      } satisfies ProviderSecrets);
    } else if (this.options.vault.isUnlocked) {
      await this.options.vault.delete(providerVaultId(providerId));
    }
  }

  private buildConfig(
    input: ProviderInput,
    identity: Pick<ProviderConfig, 'id' | 'createdAt' | 'updatedAt'>,
  ): ProviderConfig {
    const name = input.name.trim();
    if (!name) throw new AppError('INVALID_INPUT', 'Give the provider a name.');
    const clientId = input.clientId.trim();
    if (!clientId)
      throw new AppError('INVALID_INPUT', 'Enter the client ID registered at the provider.');

    for (const key of Object.keys(input.authParams)) {
      if (RESERVED_AUTH_PARAMS.has(key)) {
        throw new AppError(
          'INVALID_INPUT',
          `The app sets "${key}" itself; remove it from the extra parameters.`,
        );
      }
    }
    const scopes = [...new Set(input.scopes.map((s) => s.trim()).filter(Boolean))];
    const base = {
      ...identity,
      kind: input.kind,
      name,
      clientId,
      clientAuth: input.clientAuth,
      hasClientSecret: input.clientAuth !== 'none',
      scopes,
      authParams: Object.fromEntries(
        Object.entries(input.authParams)
          .map(([k, v]) => [k.trim(), v.trim()] as const)
          .filter(([k, v]) => k && v),
      ),
      redirectKind: input.redirectKind,
    };

    if (input.kind === 'oidc') {
      if (!input.issuer?.trim()) throw new AppError('INVALID_INPUT', 'Enter the issuer URL.');
      const issuer = parseProviderUrl(input.issuer, 'The issuer URL');
      return { ...base, issuer: issuer.href, endpoints: {} };
    }

    const endpoints: ProviderConfig['endpoints'] = {};
    const labels = {
      authorization: 'The authorization endpoint',
      token: 'The token endpoint',
      revocation: 'The revocation endpoint',
      introspection: 'The introspection endpoint',
      userinfo: 'The userinfo endpoint',
    } as const;
    for (const key of Object.keys(labels) as (keyof typeof labels)[]) {
      const value = input.endpoints?.[key]?.trim();
      if (value) endpoints[key] = parseProviderUrl(value, labels[key]).href;
    }
    if (!endpoints.token) throw new AppError('INVALID_INPUT', 'Enter the token endpoint.');
    return { ...base, issuer: null, endpoints };
  }

  private changed(): void {
    this.options.events.emit('providers:changed', this.summaries());
  }
}
