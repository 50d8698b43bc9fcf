import { statSync } from 'node:fs';
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

/** A stored list, validated once and indexed by id (the store is written only through here). */
interface CachedList<T> {
  /** As stored, including entries that failed validation (kept when writing). */
  raw: unknown[];
  valid: Map<string, T>;
  position: Map<string, number>;
}

/**
 * Typed access to providers, accounts and settings. Entries that fail validation (a newer app
 * version, a hand edit) are skipped when reading but kept when writing, so nothing is lost.
 * Lists are parsed once and kept indexed: reading one account costs the same with 10 or
 * 10,000 stored.
 */
export class MetadataStore {
  private readonly store: KeyValueStore;
  private readonly cache = new Map<string, CachedList<unknown>>();
  /** The store's file (electron-store and conf have one), watched for edits from outside. */
  private readonly filePath: string | undefined;
  private stamp: string | undefined;
  private changesOnDisk = 0;

  constructor(store: KeyValueStore) {
    this.store = store;
    const path = (store as { path?: unknown }).path;
    this.filePath = typeof path === 'string' ? path : undefined;
  }

  /**
   * How many times the file was changed by something other than this store (a hand edit, an
   * attacker re-pointing an endpoint). Checked on every read, so nothing cached hides an edit;
   * caches built on this store's data compare it to rebuild.
   */
  get externalChanges(): number {
    this.checkDisk();
    return this.changesOnDisk;
  }

  /**
   * The same store for modules that keep their own keys in it (token history): their writes
   * are the app's own, not outside edits, so they do not drop the caches.
   */
  get sharedStore(): KeyValueStore {
    return { get: (key) => this.store.get(key), set: (key, value) => this.write(key, value) };
  }

  /** Reads the store again: it was written by other means (a test seeding thousands of accounts). */
  reread(): void {
    this.cache.clear();
  }

  listProviders(): ProviderConfig[] {
    return this.readList('providers', providerSchema);
  }

  getProvider(id: string): ProviderConfig | undefined {
    return this.cached('providers', providerSchema).valid.get(id);
  }

  saveProvider(provider: ProviderConfig): void {
    this.upsert('providers', providerSchema, provider);
  }

  deleteProvider(id: string): void {
    this.remove('providers', providerSchema, id);
  }

  listAccounts(): AccountRecord[] {
    return this.readList('accounts', accountSchema);
  }

  getAccount(id: string): AccountRecord | undefined {
    return this.cached('accounts', accountSchema).valid.get(id);
  }

  saveAccount(account: AccountRecord): void {
    this.upsert('accounts', accountSchema, account);
  }

  deleteAccount(id: string): void {
    this.remove('accounts', accountSchema, id);
  }

  /** The scripts' access log, oldest first (no tokens in it). */
  readAccessLog(): AccessLogEntry[] {
    return this.readList('accessLog', accessLogEntrySchema);
  }

  writeAccessLog(entries: readonly AccessLogEntry[]): void {
    this.write('accessLog', entries);
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
    this.write('settings', next);
    return next;
  }

  /** Drops the parsed lists when the file changed since this store last read or wrote it. */
  private checkDisk(): void {
    if (!this.filePath) return;
    const stamp = fileStamp(this.filePath);
    if (this.stamp !== undefined && stamp !== this.stamp) {
      this.cache.clear();
      this.changesOnDisk++;
    }
    this.stamp = stamp;
  }

  /** Writes through to the store; this store's own write is not an outside change. */
  private write(key: string, value: unknown): void {
    this.checkDisk();
    this.store.set(key, value);
    if (this.filePath) this.stamp = fileStamp(this.filePath);
  }

  private rawList(key: string): unknown[] {
    const value = this.store.get(key);
    return Array.isArray(value) ? value : [];
  }

  private readList<T>(key: string, schema: z.ZodType<T>): T[] {
    if (key === 'providers' || key === 'accounts') {
      return [...this.cached(key, schema).valid.values()];
    }
    const items: T[] = [];
    for (const raw of this.rawList(key)) {
      const parsed = schema.safeParse(raw);
      if (parsed.success) items.push(parsed.data);
    }
    return items;
  }

  /** The list under `key`, read and validated on first use. */
  private cached<T>(key: string, schema: z.ZodType<T>): CachedList<T> {
    this.checkDisk();
    const hit = this.cache.get(key) as CachedList<T> | undefined;
    if (hit) return hit;
    const raw = this.rawList(key);
    const list: CachedList<T> = { raw, valid: new Map(), position: new Map() };
    raw.forEach((item, index) => {
      const id = idOf(item);
      if (typeof id !== 'string' || list.position.has(id)) return;
      list.position.set(id, index);
      const parsed = schema.safeParse(item);
      if (parsed.success) list.valid.set(id, parsed.data);
    });
    this.cache.set(key, list);
    return list;
  }

  private upsert<T extends { id: string }>(key: string, schema: z.ZodType<T>, item: T): void {
    const list = this.cached(key, schema);
    const index = list.position.get(item.id);
    const raw = [...list.raw];
    if (index === undefined) {
      list.position.set(item.id, raw.length);
      raw.push(item);
    } else {
      raw[index] = item;
    }
    this.write(key, raw);
    list.raw = raw;
    list.valid.set(item.id, item);
  }

  private remove<T>(key: string, schema: z.ZodType<T>, id: string): void {
    const list = this.cached(key, schema);
    this.write(
      key,
      list.raw.filter((raw) => idOf(raw) !== id),
    );
    // Positions move: index again on next use.
    this.cache.delete(key);
  }
}

function fileStamp(path: string): string {
  try {
    const info = statSync(path);
    return `${info.ino}:${info.size}:${info.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function idOf(raw: unknown): unknown {
  return raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
}
