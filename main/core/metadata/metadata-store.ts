import { z } from 'zod';
import { isProviderKind } from '../providers/registry.ts';
import type { AccessLogEntry } from '../../../contract/domain.ts';
import {
  DEFAULT_SETTINGS,
  type AccountRecord,
  type ProviderConfig,
  type Settings,
} from '../model.ts';

/**
 * The subset of electron-store (and of `conf`, which it extends) the core uses. Electron
 * passes an electron-store; plain Node (tests, preview) passes a `conf` instance.
 */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

const endpointsSchema = z.object({
  authorization: z.string().optional(),
  token: z.string().optional(),
  revocation: z.string().optional(),
  introspection: z.string().optional(),
  userinfo: z.string().optional(),
  deviceAuthorization: z.string().optional(),
});

const providerSchema = z.object({
  id: z.string(),
  kind: z.string().refine(isProviderKind),
  name: z.string(),
  issuer: z.string().nullable(),
  // Defaults let records written by earlier versions load.
  baseUrl: z.string().nullable().default(null),
  endpoints: endpointsSchema,
  grantTypes: z.array(z.string()).nullable().default(null),
  clientId: z.string(),
  clientAuth: z.enum([
    'none',
    'client_secret_basic',
    'client_secret_post',
    'private_key_jwt',
    'tls_client_auth',
    'self_signed_tls_client_auth',
  ]),
  hasClientSecret: z.boolean(),
  scopes: z.array(z.string()),
  authParams: z.record(z.string(), z.string()),
  tokenParams: z.record(z.string(), z.string()).default({}),
  redirectKind: z.enum(['loopback', 'custom-scheme']),
  createdAt: z.number(),
  updatedAt: z.number(),
  network: z
    .object({
      proxy: z.enum(['system', 'none', 'url']),
      proxyUrl: z.string().nullable(),
      proxyUsername: z.string().nullable(),
      extraCaCertificates: z.array(z.string()),
    })
    .optional(),
  clientPublicJwk: z.record(z.string(), z.unknown()).nullable().optional(),
  tlsClientCertificatePem: z.string().nullable().optional(),
  dpop: z.boolean().optional(),
  mtlsAliases: z.record(z.string(), z.string()).optional(),
}) satisfies z.ZodType<ProviderConfig>;

const accountSchema = z.object({
  id: z.string(),
  providerId: z.string(),
  label: z.string(),
  subject: z.string().nullable(),
  scopes: z.array(z.string()),
  expiresAt: z.number().nullable(),
  issuedAt: z.number(),
  lastRefreshedAt: z.number().nullable(),
  status: z.enum(['active', 'reauth-required', 'revoked', 'error']),
  statusMessage: z.string().nullable(),
  signInMethod: z.enum([
    'authorization-code',
    'implicit',
    'device-code',
    'client-credentials',
    'password',
    'token-import',
  ]),
  hasRefreshToken: z.boolean(),
  hasIdToken: z.boolean(),
  createdAt: z.number(),
  // Records of earlier versions: a short name is assigned at start, script access stays off.
  shortName: z.string().default(''),
  scriptAccess: z.enum(['never', 'ask', 'always']).default('never'),
  gitHosts: z.array(z.string()).default([]),
  tokenBinding: z.enum(['dpop', 'certificate']).nullable().optional(),
  signInNeededBy: z.number().nullable().default(null),
}) satisfies z.ZodType<AccountRecord>;

export const AUTO_LOCK_MINUTES = { min: 1, max: 1440 } as const;

const settingsSchema = z.object({
  clipboardClearSeconds: z.number().int().min(0).max(3600),
  autoRefresh: z.boolean(),
  autoLock: z.enum(['passphrase', 'always', 'never']),
  autoLockMinutes: z.number().int().min(AUTO_LOCK_MINUTES.min).max(AUTO_LOCK_MINUTES.max),
  scriptsEnabled: z.boolean(),
}) satisfies z.ZodType<Settings>;

const peerProcessSchema = z.object({ pid: z.number(), executable: z.string().nullable() });

const accessLogEntrySchema = z.object({
  id: z.string(),
  at: z.number(),
  requested: z.string(),
  accountId: z.string().nullable(),
  accountLabel: z.string().nullable(),
  applicationHint: z.string().nullable(),
  process: peerProcessSchema.nullable(),
  outcome: z.enum(['granted', 'refused']),
  reason: z.string(),
  scope: z.string().nullable(),
  audience: z.string().nullable(),
}) satisfies z.ZodType<AccessLogEntry>;

/**
 * Typed access to providers, accounts and settings. Entries that fail validation (a newer app
 * version, a hand edit) are skipped when reading but kept when writing, so nothing is lost.
 */
export class MetadataStore {
  private readonly store: KeyValueStore;

  constructor(store: KeyValueStore) {
    this.store = store;
  }

  listProviders(): ProviderConfig[] {
    return this.readList('providers', providerSchema);
  }

  getProvider(id: string): ProviderConfig | undefined {
    return this.listProviders().find((p) => p.id === id);
  }

  saveProvider(provider: ProviderConfig): void {
    this.upsert('providers', provider);
  }

  deleteProvider(id: string): void {
    this.remove('providers', id);
  }

  listAccounts(): AccountRecord[] {
    return this.readList('accounts', accountSchema);
  }

  getAccount(id: string): AccountRecord | undefined {
    return this.listAccounts().find((a) => a.id === id);
  }

  saveAccount(account: AccountRecord): void {
    this.upsert('accounts', account);
  }

  deleteAccount(id: string): void {
    this.remove('accounts', id);
  }

  /** The scripts' access log, oldest first (no tokens in it). */
  readAccessLog(): AccessLogEntry[] {
    return this.readList('accessLog', accessLogEntrySchema);
  }

  writeAccessLog(entries: readonly AccessLogEntry[]): void {
    this.store.set('accessLog', entries);
  }

  /** Each setting is validated on its own, so one bad value does not reset the others. */
  getSettings(): Settings {
    const raw = this.store.get('settings');
    const stored = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const settings: Settings = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(settingsSchema.shape) as (keyof Settings)[]) {
      const parsed = settingsSchema.shape[key].safeParse(stored[key]);
      if (parsed.success) Object.assign(settings, { [key]: parsed.data });
    }
    return settings;
  }

  updateSettings(changes: Partial<Settings>): Settings {
    const next = settingsSchema.parse({ ...this.getSettings(), ...changes });
    this.store.set('settings', next);
    return next;
  }

  private rawList(key: string): unknown[] {
    const value = this.store.get(key);
    return Array.isArray(value) ? value : [];
  }

  private readList<T>(key: string, schema: z.ZodType<T>): T[] {
    const items: T[] = [];
    for (const raw of this.rawList(key)) {
      const parsed = schema.safeParse(raw);
      if (parsed.success) items.push(parsed.data);
    }
    return items;
  }

  private upsert(key: string, item: { id: string }): void {
    const list = this.rawList(key);
    const index = list.findIndex((raw) => idOf(raw) === item.id);
    const next = index === -1 ? [...list, item] : list.map((raw, i) => (i === index ? item : raw));
    this.store.set(key, next);
  }

  private remove(key: string, id: string): void {
    this.store.set(
      key,
      this.rawList(key).filter((raw) => idOf(raw) !== id),
    );
  }
}

function idOf(raw: unknown): unknown {
  return raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
}
