import { randomUUID } from 'node:crypto';
import type * as client from 'openid-client';
import type { ProviderInput, ProviderSummary } from '../../../contract/domain.ts';
import { AppError } from '../errors.ts';
import type { CoreEvents } from '../events.ts';
import { LOOPBACK_CALLBACK_PATH } from '../flows/loopback-listener.ts';
import { jwksText } from '../client-auth/client-keys.ts';
import {
  DEFAULT_NETWORK,
  networkProfileFor,
  resolveCredentials,
  usesClientCertificate,
} from '../client-auth/provider-credentials.ts';
import { parseCertificate, summarizeCertificate } from '../client-auth/tls-client.ts';
import { NetworkRouter } from '../http/dispatcher.ts';
import { sendOnlyTo, type SendRule } from '../http/outbound-guard.ts';
import { withNetwork, type RequestNetwork } from '../http/request-network.ts';
import type { MetadataStore } from '../metadata/metadata-store.ts';
import {
  providerCredentialsVaultId,
  providerVaultId,
  type ProviderConfig,
  type ProviderCredentials,
  type ProviderSecrets,
} from '../model.ts';
import { bindingFor, describeMove, sameBinding } from '../secret-binding.ts';
import type { TokenVault } from '../vault/token-vault.ts';
import { SigningKeys } from './id-token-signature.ts';
import { guardAdapter } from './guard-adapter.ts';
import { createConfiguration } from './openid/openid-configuration.ts';
import type { ProviderAdapter } from './provider-adapter.ts';
import type { ProviderKindDefinition } from './provider-kind.ts';
import { providerKind } from './registry.ts';

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
/** Token request parameters the app sets itself. */
const RESERVED_TOKEN_PARAMS = new Set([
  'grant_type',
  'client_id',
  'client_secret',
  'code',
  'code_verifier',
  'redirect_uri',
  'refresh_token',
  'username',
  'password',
  'device_code',
  'scope',
]);

export interface ProviderServiceOptions {
  metadata: MetadataStore;
  vault: TokenVault;
  events: CoreEvents;
  timeoutSeconds: number;
  customScheme: string;
  callbackPath: string;
  /** Routes provider calls (proxy, trust, client certificates); default: the OS settings. */
  network?: NetworkRouter;
  now?: () => number;
}

/** Adds, edits and removes providers, and hands out one adapter per provider. */
export class ProviderService {
  private readonly options: ProviderServiceOptions;
  /** Hold the client secret: dropped when the vault locks. */
  private readonly configurations = new Map<
    string,
    { version: string; config: Promise<client.Configuration> }
  >();
  private readonly signingKeySets = new Map<
    string,
    { version: number; keys: Promise<SigningKeys> }
  >();
  private readonly now: () => number;
  private readonly router: NetworkRouter;

  constructor(options: ProviderServiceOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.router = options.network ?? new NetworkRouter();
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
      baseUrl: provider.baseUrl,
      endpoints: provider.endpoints,
      clientId: provider.clientId,
      hasClientSecret: provider.hasClientSecret,
      ...this.clientSecretProblem(provider),
      clientAuth: provider.clientAuth,
      scopes: provider.scopes,
      authParams: provider.authParams,
      tokenParams: provider.tokenParams,
      redirectKind: provider.redirectKind,
      capabilities: this.adapter(provider).capabilities(),
      redirectUriHint: this.redirectUriHint(provider),
      ...this.summarizeCredentials(provider),
    };
  }

  /** Network settings, the public key to register and the client certificate, for the form. */
  private summarizeCredentials(
    provider: ProviderConfig,
  ): Pick<
    ProviderSummary,
    'network' | 'hasProxyPassword' | 'clientJwks' | 'tlsClientCertificate' | 'dpop'
  > {
    const credentials = this.options.vault.isUnlocked ? this.readCredentials(provider) : undefined;
    return {
      network: provider.network ?? DEFAULT_NETWORK,
      hasProxyPassword: Boolean(credentials?.proxyPassword),
      ...(provider.clientAuth === 'private_key_jwt' && provider.clientPublicJwk
        ? { clientJwks: jwksText(provider.clientPublicJwk) }
        : {}),
      ...(usesClientCertificate(provider.clientAuth) && provider.tlsClientCertificatePem
        ? {
            tlsClientCertificate: summarizeCertificate(
              parseCertificate(provider.tlsClientCertificatePem, 'The client certificate'),
            ),
          }
        : {}),
      dpop: provider.dpop === true,
    };
  }

  /** Validates the input, checks the issuer's discovery document, then saves. */
  async add(input: ProviderInput): Promise<ProviderSummary> {
    const now = this.now();
    const built = this.buildConfig(input, { id: randomUUID(), createdAt: now, updatedAt: now });
    const { fields, credentials } = await resolveCredentials(
      input,
      undefined,
      providerKind(input.kind).form.strictClient === true,
    );
    const draft = { ...built, ...fields };
    const discovered = await this.withDiscoveredEndpoints(draft, credentials);
    const secret = this.resolveSecret(input, undefined, discovered);
    const provider = withSecretFlag(discovered, secret);
    await this.storeSecret(provider, secret);
    await this.storeCredentials(provider, credentials);
    this.options.metadata.saveProvider(provider);
    this.changed();
    return this.summarize(provider);
  }

  async update(id: string, input: ProviderInput): Promise<ProviderSummary> {
    const existing = this.get(id);
    const built = this.buildConfig(input, {
      id,
      createdAt: existing.createdAt,
      updatedAt: this.now(),
    });
    const { fields, credentials } = await resolveCredentials(
      input,
      { provider: existing, credentials: this.readCredentials(existing) ?? {} },
      providerKind(input.kind).form.strictClient === true,
    );
    const draft = { ...built, ...fields };
    const discovered = await this.withDiscoveredEndpoints(draft, credentials);
    const secret = this.resolveSecret(input, existing, discovered);
    const provider = withSecretFlag(discovered, secret);
    await this.storeSecret(provider, secret);
    await this.storeCredentials(provider, credentials);
    this.options.metadata.saveProvider(provider);
    this.configurations.delete(id);
    this.signingKeySets.delete(id);
    this.changed();
    return this.summarize(provider);
  }

  /** Deletes the provider and its client secret. Accounts are removed by the caller first. */
  async remove(id: string): Promise<void> {
    this.get(id);
    if (this.options.vault.isUnlocked) {
      await this.options.vault.delete(providerVaultId(id));
      await this.options.vault.delete(providerCredentialsVaultId(id));
    }
    this.options.metadata.deleteProvider(id);
    this.configurations.delete(id);
    this.signingKeySets.delete(id);
    this.changed();
  }

  /**
   * The provider's adapter. Every call it makes while holding the client secret runs under the
   * secret's binding: a request to any other origin is refused where requests leave.
   */
  adapter(provider: ProviderConfig): ProviderAdapter {
    const inNetwork = <T>(operation: () => Promise<T>): Promise<T> =>
      withNetwork(this.requestNetwork(provider), operation);
    const adapter = providerKind(provider.kind).createAdapter(provider, {
      clientSecret: () => (this.options.vault.isUnlocked ? this.readSecret(provider) : undefined),
      configuration: () => this.configuration(provider),
      signingKeys: () => this.signingKeys(provider),
      timeoutSeconds: this.options.timeoutSeconds,
      now: this.now,
    });
    // Every call runs with the provider's network (proxy, trust, client certificate); the
    // secret's send rule is checked before the route is chosen, so no proxy setting skips it.
    if (!provider.hasClientSecret) return guardAdapter(adapter, inNetwork);
    return guardAdapter(adapter, (operation) => {
      const rule = this.secretRule(provider);
      return rule ? sendOnlyTo(rule, () => inNetwork(operation)) : inNetwork(operation);
    });
  }

  /** The router and this provider's network profile (its proxy password and client key read now). */
  private requestNetwork(
    provider: ProviderConfig,
    credentials: ProviderCredentials | undefined = this.options.vault.isUnlocked
      ? this.readCredentials(provider)
      : undefined,
  ): RequestNetwork {
    return { router: this.router, profile: networkProfileFor(provider, credentials) };
  }

  /** The proxy password and private keys of a provider, from the vault. */
  private readCredentials(provider: ProviderConfig): ProviderCredentials | undefined {
    return this.options.vault.get<ProviderCredentials>(providerCredentialsVaultId(provider.id));
  }

  private async storeCredentials(
    provider: ProviderConfig,
    credentials: ProviderCredentials,
  ): Promise<void> {
    const id = providerCredentialsVaultId(provider.id);
    if (Object.keys(credentials).length) await this.options.vault.put(id, credentials);
    else if (this.options.vault.isUnlocked && this.options.vault.get(id) !== undefined)
      await this.options.vault.delete(id);
  }

  /** Drops the cached client configurations (they hold the client secret): the vault locked. */
  forgetConfigurations(): void {
    this.configurations.clear();
  }

  /** How many client configurations are cached (each may hold a client secret). */
  cachedConfigurations(): number {
    return this.configurations.size;
  }

  redirectUriHint(provider: Pick<ProviderConfig, 'redirectKind'>): string {
    return provider.redirectKind === 'loopback'
      ? `http://127.0.0.1${LOOPBACK_CALLBACK_PATH} (any port)`
      : `${this.options.customScheme}:${this.options.callbackPath}`;
  }

  /**
   * One openid-client Configuration per provider configuration, discovered once per run. Keyed
   * by the whole configuration, so a metadata file edited on disk is never served from cache.
   */
  private configuration(provider: ProviderConfig): Promise<client.Configuration> {
    const version = JSON.stringify(provider);
    const cached = this.configurations.get(provider.id);
    if (cached && cached.version === version) return cached.config;
    const secret = this.readSecret(provider);
    const rule = secret ? this.secretRule(provider) : undefined;
    const credentials = this.readCredentials(provider);
    const config = createConfiguration(
      provider,
      secret,
      this.options.timeoutSeconds,
      rule ? [rule] : [],
      {
        network: this.requestNetwork(provider, credentials),
        ...(credentials ? { credentials } : {}),
      },
    );
    this.configurations.set(provider.id, { version, config });
    // A failed discovery must be retried next time, not cached.
    config.catch(() => {
      if (this.configurations.get(provider.id)?.config === config)
        this.configurations.delete(provider.id);
    });
    return config;
  }

  /** One key set per provider version, from the discovered `jwks_uri`, downloaded when needed. */
  private signingKeys(provider: ProviderConfig): Promise<SigningKeys> {
    const cached = this.signingKeySets.get(provider.id);
    if (cached && cached.version === provider.updatedAt) return cached.keys;
    const keys = this.configuration(provider).then(
      (config) =>
        new SigningKeys({
          providerName: provider.name,
          jwksUri: config.serverMetadata().jwks_uri ?? null,
          clientSecret: () => this.readSecret(provider),
          timeoutSeconds: this.options.timeoutSeconds,
          now: this.now,
        }),
    );
    this.signingKeySets.set(provider.id, { version: provider.updatedAt, keys });
    keys.catch(() => {
      if (this.signingKeySets.get(provider.id)?.keys === keys)
        this.signingKeySets.delete(provider.id);
    });
    return keys;
  }

  /**
   * The stored client secret, only while the provider still points where it was entered for;
   * otherwise it is not handed out at all.
   */
  private readSecret(provider: ProviderConfig): string | undefined {
    if (!provider.hasClientSecret) return undefined;
    const id = providerVaultId(provider.id);
    const moved = describeMove(this.options.vault.bindingOf(id) ?? null, bindingFor(provider));
    if (moved) throw clientSecretMoved(provider, moved);
    return this.options.vault.get<ProviderSecrets>(id)?.clientSecret;
  }

  /** Where the stored client secret may be sent, as sealed with it. */
  private secretRule(provider: ProviderConfig): SendRule | undefined {
    const vault = this.options.vault;
    if (!vault.isUnlocked) return { origins: [], what: 'the client secret', active: () => false };
    const binding = vault.bindingOf(providerVaultId(provider.id));
    if (binding === undefined) return undefined;
    return {
      origins: binding?.origins ?? [],
      what: `the client secret of ${provider.name}`,
      active: () => vault.isUnlocked,
    };
  }

  /** Why the stored client secret is not used, for the provider's summary. */
  private clientSecretProblem(provider: ProviderConfig): { clientSecretProblem?: string } {
    if (!provider.hasClientSecret || !this.options.vault.isUnlocked) return {};
    const binding = this.options.vault.bindingOf(providerVaultId(provider.id));
    if (binding === undefined) return {};
    const moved = describeMove(binding, bindingFor(provider));
    return moved ? { clientSecretProblem: clientSecretMoved(provider, moved).message } : {};
  }

  private async withDiscoveredEndpoints(
    draft: ProviderConfig,
    credentials: ProviderCredentials,
  ): Promise<ProviderConfig> {
    const { discover } = providerKind(draft.kind);
    // Discovery goes through the proxy and with the trust the form gives.
    return discover
      ? discover(draft, this.options.timeoutSeconds, this.requestNetwork(draft, credentials))
      : draft;
  }

  /**
   * The secret to store: a new one, the existing one, or null for none. The stored one carries
   * over only while the provider keeps its issuer and every endpoint origin: a secret entered
   * for one server is never sent to another because a URL was edited.
   */
  private resolveSecret(
    input: ProviderInput,
    existing: ProviderConfig | undefined,
    next: ProviderConfig,
  ): string | null {
    const typed = input.clientSecret?.trim();
    const { form } = providerKind(input.kind);
    const policy = secretPolicy(form, input);
    if (policy === 'forbidden') {
      if (typed) {
        throw new AppError(
          'INVALID_INPUT',
          form.client.registration === 'none' || form.client.secret === 'never'
            ? `${form.label} needs no client secret in this app.`
            : input.clientAuth === 'none'
              ? 'A public client (authentication "none") sends no secret. Choose client_secret_basic or client_secret_post to use one.'
              : `A client authenticating with ${input.clientAuth} sends no secret; leave the client secret empty.`,
        );
      }
      return null;
    }
    if (typed) return typed;
    const moved = existing ? describeMove(bindingFor(existing), bindingFor(next)) : undefined;
    if (input.clientSecret === undefined && existing?.hasClientSecret && !moved) {
      const stored = this.options.vault.bindingOf(providerVaultId(existing.id));
      if (sameBinding(stored ?? null, bindingFor(next))) return this.readSecret(existing) ?? null;
    }
    if (policy === 'optional') return null;
    throw new AppError(
      'INVALID_INPUT',
      moved
        ? `Enter the client secret again: ${moved}, and the stored secret is only ever sent where it was entered for.`
        : `Enter the client secret for ${input.clientAuth}.`,
    );
  }

  /** Stores the secret bound to where the provider points now. */
  private async storeSecret(provider: ProviderConfig, secret: string | null): Promise<void> {
    if (secret) {
      await this.options.vault.put(
        providerVaultId(provider.id),
        { clientSecret: secret } satisfies ProviderSecrets,
        bindingFor(provider),
      );
    } else if (this.options.vault.isUnlocked) {
      await this.options.vault.delete(providerVaultId(provider.id));
    }
  }

  private buildConfig(
    input: ProviderInput,
    identity: Pick<ProviderConfig, 'id' | 'createdAt' | 'updatedAt'>,
  ): ProviderConfig {
    const definition = providerKind(input.kind);
    const { client } = definition.form;
    const name = input.name.trim();
    if (!name) throw new AppError('INVALID_INPUT', 'Give the provider a name.');
    const clientId = input.clientId.trim();
    if (!clientId && client.registration === 'required') {
      throw new AppError('INVALID_INPUT', 'Enter the client ID registered at the provider.');
    }
    const base: ProviderConfig = {
      ...identity,
      kind: input.kind,
      name,
      issuer: null,
      baseUrl: null,
      endpoints: {},
      grantTypes: null,
      clientId,
      clientAuth: client.registration === 'none' ? 'none' : input.clientAuth,
      hasClientSecret: false,
      scopes: [...new Set(input.scopes.map((s) => s.trim()).filter(Boolean))],
      authParams: cleanParams(
        input.authParams,
        RESERVED_AUTH_PARAMS,
        'extra authorization parameters',
      ),
      tokenParams: cleanParams(
        input.tokenParams ?? {},
        RESERVED_TOKEN_PARAMS,
        'extra token parameters',
      ),
      redirectKind: input.redirectKind,
    };
    return definition.configure(input, base);
  }

  private changed(): void {
    this.options.events.emit('providers:changed', this.summaries());
  }
}

function clientSecretMoved(provider: ProviderConfig, moved: string): AppError {
  return new AppError(
    'REAUTH_REQUIRED',
    `The client secret of ${provider.name} is not used: ${moved}. Edit the provider and enter the client secret again.`,
  );
}

/** Whether a provider takes a client secret, as its kind's form says. */
function secretPolicy(
  form: ProviderKindDefinition['form'],
  input: Pick<ProviderInput, 'clientAuth'>,
): 'required' | 'optional' | 'forbidden' {
  if (form.client.registration === 'none') return 'forbidden';
  switch (form.client.secret) {
    case 'never':
      return 'forbidden';
    case 'optional':
      return 'optional';
    case 'by-auth-method':
      return input.clientAuth === 'client_secret_basic' || input.clientAuth === 'client_secret_post'
        ? 'required'
        : 'forbidden';
  }
}

/** Records whether a secret is stored; where the secret is optional, client auth follows it. */
function withSecretFlag(provider: ProviderConfig, secret: string | null): ProviderConfig {
  const { client } = providerKind(provider.kind).form;
  const clientAuth =
    client.registration === 'required' && client.secret === 'optional'
      ? secret
        ? 'client_secret_post'
        : 'none'
      : provider.clientAuth;
  return { ...provider, hasClientSecret: secret !== null, clientAuth };
}

function cleanParams(
  params: Record<string, string>,
  reserved: Set<string>,
  what: string,
): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [rawKey, rawValue] of Object.entries(params)) {
    const key = rawKey.trim();
    const value = rawValue.trim();
    if (!key || !value) continue;
    if (reserved.has(key)) {
      throw new AppError(
        'INVALID_INPUT',
        `The app sets "${key}" itself; remove it from the ${what}.`,
      );
    }
    clean[key] = value;
  }
  return clean;
}
