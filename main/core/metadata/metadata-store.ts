import { z } from 'zod';
import { isProviderKind } from '../providers/registry.ts';
import type { AccessLogEntry } from '../../../contract/domain.ts';
import {
  DEFAULT_SETTINGS,
  type AccountRecord,
  type ProviderConfig,
  type Settings,
} from '../model.ts';
import { MetadataFile, type DocumentStore } from './metadata-file.ts';

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
/** Refreshes at once, overall and per provider. */
export const REFRESH_BOUNDS = { min: 1, max: 16 } as const;

const settingsSchema = z.object({
  clipboardClearSeconds: z.number().int().min(0).max(3600),
  autoRefresh: z.boolean(),
  autoLock: z.enum(['passphrase', 'always', 'never']),
  autoLockMinutes: z.number().int().min(AUTO_LOCK_MINUTES.min).max(AUTO_LOCK_MINUTES.max),
  scriptsEnabled: z.boolean(),
  refreshConcurrency: z.number().int().min(REFRESH_BOUNDS.min).max(REFRESH_BOUNDS.max),
  refreshPerProvider: z.number().int().min(REFRESH_BOUNDS.min).max(REFRESH_BOUNDS.max),
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
 * Typed access to providers, accounts, settings, token history and the access log, stored by
 * {@link MetadataFile}. Entries that fail validation (a newer app version, a hand edit) are
 * skipped when reading but kept when writing, so nothing is lost. Entries are validated once
 * and kept: reading or saving one account costs the same with 10 or 10,000 stored.
 */
export class MetadataStore {
  private readonly file: MetadataFile;
  /** Validated entries per list key, dropped whenever the file is read again. */
  private readonly valid = new Map<string, Map<string, unknown>>();
  private seenReloads = 0;

  constructor(store: DocumentStore, options: { compactBytes?: number } = {}) {
    this.file = new MetadataFile(store, options);
  }

  /**
   * How many times the files were changed by something other than this store (a hand edit, an
   * attacker re-pointing an endpoint). Checked on every read, so nothing cached hides an edit;
   * caches built on this store's data compare it to rebuild.
   */
  get externalChanges(): number {
    return this.current();
  }

  /** Reads the files again: they were written by other means (a test seeding thousands of accounts). */
  reread(): void {
    this.file.reload();
    this.valid.clear();
  }

  /** Runs `changes` as one write to the disk (see {@link MetadataFile.batch}). */
  batch<T>(changes: () => T): T {
    try {
      return this.file.batch(changes);
    } catch (err) {
      // The file read itself back; what was validated from the batch's changes goes too.
      this.valid.clear();
      throw err;
    }
  }

  /** Folds the journal into `metadata.json` (tests and the bench read the file). */
  compact(): void {
    this.file.compact();
  }

  listProviders(): ProviderConfig[] {
    return [...this.validated('providers', providerSchema).values()];
  }

  getProvider(id: string): ProviderConfig | undefined {
    return this.validated('providers', providerSchema).get(id);
  }

  saveProvider(provider: ProviderConfig): void {
    this.saveEntry('providers', providerSchema, provider);
  }

  deleteProvider(id: string): void {
    this.deleteEntry('providers', id);
  }

  listAccounts(): AccountRecord[] {
    return [...this.validated('accounts', accountSchema).values()];
  }

  getAccount(id: string): AccountRecord | undefined {
    return this.validated('accounts', accountSchema).get(id);
  }

  saveAccount(account: AccountRecord): void {
    this.saveEntry('accounts', accountSchema, account);
  }

  /** Saves many accounts with one write of the snapshot (seeding, bulk imports). */
  saveAccounts(accounts: readonly AccountRecord[]): void {
    const valid = this.validated('accounts', accountSchema);
    this.file.putEntries(
      'accounts',
      accounts.map((account) => [account.id, account]),
    );
    for (const account of accounts) valid.set(account.id, account);
  }

  deleteAccount(id: string): void {
    this.deleteEntry('accounts', id);
  }

  /** An account's token history as stored (token-history.ts validates it). */
  readHistory(accountId: string): unknown {
    return this.file.entries('tokenHistory').get(accountId);
  }

  /** Replaces an account's token history; `undefined` drops it. */
  writeHistory(accountId: string, entries: readonly unknown[] | undefined): void {
    if (entries === undefined && !this.file.entries('tokenHistory').has(accountId)) return;
    this.file.putEntry('tokenHistory', accountId, entries);
  }

  /** The scripts' access log, oldest first (no tokens in it). */
  readAccessLog(): AccessLogEntry[] {
    const entries: AccessLogEntry[] = [];
    for (const item of this.file.entries('accessLog').values()) {
      const parsed = accessLogEntrySchema.safeParse(item);
      if (parsed.success) entries.push(parsed.data);
    }
    return entries;
  }

  /** Saves new access log entries and drops old ones: one line each, in one write. */
  updateAccessLog(added: readonly AccessLogEntry[], removedIds: readonly string[]): void {
    this.batch(() => {
      for (const id of removedIds) this.file.putEntry('accessLog', id, undefined);
      for (const entry of added) this.file.putEntry('accessLog', entry.id, entry);
    });
  }

  /** Replaces the whole access log (emptied by the user). */
  writeAccessLog(entries: readonly AccessLogEntry[]): void {
    this.file.set('accessLog', entries);
  }

  /** Each setting is validated on its own, so one bad value does not reset the others. */
  getSettings(): Settings {
    const raw = this.file.value('settings');
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
    this.file.set('settings', next);
    return next;
  }

  /** Drops validated entries when the file was read again; answers the outside-change count. */
  private current(): number {
    const reloads = this.file.outsideChanges;
    if (reloads !== this.seenReloads) {
      this.valid.clear();
      this.seenReloads = reloads;
    }
    return reloads;
  }

  /** The valid entries of a list key, by id, validated on first use. */
  private validated<T>(key: string, schema: z.ZodType<T>): Map<string, T> {
    this.current();
    let valid = this.valid.get(key) as Map<string, T> | undefined;
    if (valid) return valid;
    valid = new Map();
    for (const [id, raw] of this.file.entries(key)) {
      if (typeof id !== 'string') continue;
      const parsed = schema.safeParse(raw);
      if (parsed.success) valid.set(id, parsed.data);
    }
    this.valid.set(key, valid);
    return valid;
  }

  private saveEntry<T extends { id: string }>(key: string, schema: z.ZodType<T>, item: T): void {
    const valid = this.validated(key, schema);
    this.file.putEntry(key, item.id, item);
    valid.set(item.id, item);
  }

  private deleteEntry(key: string, id: string): void {
    this.current();
    this.file.putEntry(key, id, undefined);
    this.valid.get(key)?.delete(id);
  }
}
