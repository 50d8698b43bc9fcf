import { access, chmod, readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import type { VaultProtection } from '../../../contract/domain.ts';
import { AppError, writeRefusal } from '../errors.ts';
import { canonicalBinding, type SecretBinding } from '../secret-binding.ts';
import { PRIVATE_FILE_MODE, removeStaleTempFiles, writeFileAtomic } from './atomic-file.ts';
import {
  JournalFile,
  journalPathOf,
  readJournal,
  serializeEntry,
  type JournalContents,
  type JournalEntry,
} from './vault-journal.ts';
import { generateDataKey, open, seal, type SealedBox } from './envelope.ts';
import {
  DEFAULT_SCRYPT,
  MIN_PASSPHRASE_LENGTH,
  protectWithKeychain,
  protectWithPassphrase,
  unwrapWithKeychain,
  unwrapWithPassphrase,
  type KeyProtection,
  type OsKeychain,
  type ScryptParams,
} from './key-protection.ts';
import {
  computeMac,
  deriveVaultKeys,
  macMatches,
  sameDataKey,
  wipeVaultKeys,
  type VaultKeys,
} from './vault-keys.ts';

/**
 * The encrypted store for token material and client secrets. Envelope encryption: a random
 * data key seals every record (AES-256-GCM; the record id and the place the secret is bound to
 * as associated data); the data key is wrapped by the OS keychain or by a passphrase-derived
 * key. Fails closed: a file it cannot read or trust is reported, never overwritten.
 *
 * On disk (format 3, see docs/persistence.md): a snapshot `vault.json` (header, generation,
 * every record, a MAC over all of it) and an append-only journal `vault.json.journal`, one line
 * per changed record, each line's MAC chained to the previous one and the first to the
 * snapshot's. A change costs one appended line whatever the number of records; changes that
 * arrive while an append is in flight are committed together by the next one (group commit).
 * The journal is folded into a new snapshot once it outgrows the snapshot. An older copy of a
 * record, a removed or reordered line, an edited header or a snapshot swapped under its
 * journal fail a MAC.
 */

export type VaultState = 'missing' | 'locked' | 'unlocked' | 'corrupt';
/** What protects the data key; the file's own record of it is {@link KeyProtection}. */
export type ProtectionKind = VaultProtection;

export interface VaultStatus {
  state: VaultState;
  protection: ProtectionKind | null;
  keychainAvailable: boolean;
  /** Why the vault cannot be opened (corrupt file, keychain refused), in words for the user. */
  problem?: string;
}

/** The protection to put the vault under, with the passphrase when it is one. */
export type NewProtection =
  | { kind: Extract<VaultProtection, 'os-keychain'> }
  | { kind: Extract<VaultProtection, 'passphrase'>; passphrase: string };

/** A temp file this old cannot belong to a write still in progress. */
const STALE_TEMP_FILE_MS = 60_000;
const FORMAT = 'token-desk-vault';
const LEGACY_VERSION = 1;
/** Snapshot only, rewritten whole on every change; opened and migrated to {@link VERSION}. */
const SNAPSHOT_ONLY_VERSION = 2;
const VERSION = 3;
/** The journal is folded into the snapshot once it is larger than this and than the snapshot. */
const DEFAULT_JOURNAL_LIMIT_BYTES = 256 * 1024;

const TAMPERED =
  'The vault file was changed outside the app: a record was replaced by an older copy or removed, or its header was edited. It was left untouched; set it aside to start a new vault (or restore a backup).';

const sealedBoxSchema = z.object({ iv: z.string(), ct: z.string(), tag: z.string() });
const bindingSchema = z.object({
  issuer: z.string().nullable(),
  tokenEndpoint: z.string().nullable(),
  origins: z.array(z.string()),
});
const recordSchema = sealedBoxSchema.extend({ binding: bindingSchema.optional() });

/** scrypt needs 128·N·r bytes; the default takes 128 MiB. A file asking for more is not ours. */
const MAX_SCRYPT_MEMORY = 1024 ** 3;
const MAX_SCRYPT_P = 16;

/** Parameters scrypt accepts and this app could have written (N a power of two, bounded cost). */
function isUsableScrypt({ N, r, p }: ScryptParams): boolean {
  return (
    N > 1 && Number.isInteger(Math.log2(N)) && 128 * N * r <= MAX_SCRYPT_MEMORY && p <= MAX_SCRYPT_P
  );
}
const protectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('os-keychain'), wrappedKey: z.string().min(1) }),
  z.object({
    kind: z.literal('passphrase'),
    kdf: z
      .object({
        name: z.literal('scrypt'),
        salt: z.string().min(1),
        N: z.number().int().positive(),
        r: z.number().int().positive(),
        p: z.number().int().positive(),
      })
      .refine(isUsableScrypt),
    wrappedKey: sealedBoxSchema,
  }),
]);
const vaultFileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.union([z.literal(VERSION), z.literal(SNAPSHOT_ONLY_VERSION)]),
  protection: protectionSchema,
  generation: z.number().int().nonnegative(),
  records: z.record(z.string(), recordSchema),
  mac: z.string().min(1),
});
/** The format before records were bound and the file authenticated; migrated on unlock. */
const legacyFileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(LEGACY_VERSION),
  protection: protectionSchema,
  records: z.record(z.string(), sealedBoxSchema),
});
type VaultFile = z.infer<typeof vaultFileSchema>;
type StoredRecord = z.infer<typeof recordSchema>;

export interface TokenVaultOptions {
  filePath: string;
  /** Absent where no OS keychain exists (plain Node); the vault then needs a passphrase. */
  keychain?: OsKeychain;
  /** Lower only in tests: real vaults use {@link DEFAULT_SCRYPT}. */
  scrypt?: ScryptParams;
  now?: () => Date;
  /**
   * Where a record of a previous-format vault is bound when it is migrated (its provider as
   * configured at that moment), or null to leave it unbound (never sent anywhere).
   */
  legacyBinding?: (recordId: string) => SecretBinding | null;
  /** Journal size that triggers folding it into the snapshot; lower only in tests. */
  journalLimitBytes?: number;
}

/** The associated data a record is sealed with: its id and where its secret may be sent. */
export function recordAad(id: string, binding: SecretBinding | null): string {
  return JSON.stringify(['token-desk-vault:v2:record', id, canonicalBinding(binding)]);
}

function legacyRecordAad(id: string): string {
  return `token-desk-vault:v1:record:${id}`;
}

/** What one journal line's MAC covers: the previous line's MAC (or the snapshot's) and the change. */
function entryMacContent(
  previousMac: string,
  generation: number,
  id: string,
  record: StoredRecord | null,
): string {
  const sealed = record
    ? [record.iv, record.ct, record.tag, canonicalBinding(record.binding ?? null)]
    : null;
  return JSON.stringify(['token-desk-vault:v3:entry', previousMac, generation, id, sealed]);
}

/** Everything the MAC covers, in one unambiguous text: header, generation, every record. */
function* macContent(file: Omit<VaultFile, 'mac'>): Generator<string> {
  const protection =
    file.protection.kind === 'os-keychain'
      ? [file.protection.kind, file.protection.wrappedKey]
      : [
          file.protection.kind,
          file.protection.kdf.name,
          file.protection.kdf.salt,
          file.protection.kdf.N,
          file.protection.kdf.r,
          file.protection.kdf.p,
          file.protection.wrappedKey.iv,
          file.protection.wrappedKey.ct,
          file.protection.wrappedKey.tag,
        ];
  // The same text as JSON.stringify([format, version, generation, protection, records]), in
  // parts: at 10,000 records the MAC is fed record by record instead of from one 18 MB string.
  const json = (value: unknown) => JSON.stringify(value) ?? 'null';
  yield `[${json(file.format)},${json(file.version)},${json(file.generation)},${json(protection)},[`;
  let separator = '';
  for (const id of Object.keys(file.records).sort()) {
    const r = file.records[id]!;
    yield separator + json([id, r.iv, r.ct, r.tag, canonicalBinding(r.binding ?? null)]);
    separator = ',';
  }
  yield ']]';
}

/**
 * The keys of one unlocked session. A change accepted while unlocked holds on to it, so a
 * lock that comes meanwhile wipes the keys only after the change is written.
 */
class KeyHolder {
  keys: VaultKeys | undefined;
  constructor(keys: VaultKeys) {
    this.keys = keys;
  }
  replace(keys: VaultKeys): void {
    if (this.keys) wipeVaultKeys(this.keys);
    this.keys = keys;
  }
  wipe(): void {
    if (this.keys) wipeVaultKeys(this.keys);
    this.keys = undefined;
  }
}

type FileChange = { file: Omit<VaultFile, 'mac' | 'generation'>; keys?: VaultKeys };

/** A put or delete waiting for the next journal append. */
interface PendingChange {
  id: string;
  /** The plaintext to seal, or null to remove the record. */
  plain: Buffer | null;
  binding: SecretBinding | null;
  holder: KeyHolder;
  epoch: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** A text only the holder of the data key can compute, to tell a later unlock used the same key. */
const KEY_CHECK = 'token-desk-vault:v3:key-check';

export class TokenVault {
  readonly filePath: string;
  private readonly keychain: OsKeychain | undefined;
  private readonly scryptParams: ScryptParams;
  private readonly now: () => Date;
  private readonly legacyBinding: (recordId: string) => SecretBinding | null;
  private readonly journalLimitBytes: number;
  /**
   * The vault as it is now: the snapshot with the journal applied once unlocked. Records are
   * updated in place after each append, so a change costs the same at any number of records.
   */
  private file: VaultFile | undefined;
  /** The loaded file is in the previous format; unlocking migrates it. */
  private legacy = false;
  private readonly journal: JournalFile;
  /** Read with the snapshot at load; verified and applied at the first unlock. */
  private loadedJournal: JournalContents | undefined;
  /** The MAC the next journal line chains to. */
  private chainHead = '';
  private snapshotBytes = 0;
  /** MAC of {@link KEY_CHECK} under the key the file was verified with (after the first unlock). */
  private keyCheck: string | undefined;
  private pending: PendingChange[] = [];
  private flushQueued = false;
  private compactionQueued = false;
  /** The epoch whose snapshot was made owner-only (a copy restored 0644, say). */
  private modeFixedFor = -1;
  private holder: KeyHolder | undefined;
  private state: VaultState = 'missing';
  private problem: string | undefined;
  private writes: Promise<void> = Promise.resolve();
  /**
   * Changes whenever the file in memory may belong to another vault (load, create, set aside),
   * so a write queued before that never lands on the wrong file. Locking does not change it.
   */
  private epoch = 0;
  private creating = false;
  private readonly listeners = new Set<() => void>();

  constructor(options: TokenVaultOptions) {
    this.filePath = options.filePath;
    this.keychain = options.keychain;
    this.scryptParams = options.scrypt ?? DEFAULT_SCRYPT;
    this.now = options.now ?? (() => new Date());
    this.legacyBinding = options.legacyBinding ?? (() => null);
    this.journalLimitBytes = options.journalLimitBytes ?? DEFAULT_JOURNAL_LIMIT_BYTES;
    this.journal = new JournalFile(journalPathOf(this.filePath));
  }

  /** Calls `listener` whenever the state changes (locked, unlocked, created…). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async status(): Promise<VaultStatus> {
    const status: VaultStatus = {
      state: this.state,
      protection: this.file?.protection.kind ?? null,
      keychainAvailable: await this.isKeychainAvailable(),
    };
    if (this.problem) status.problem = this.problem;
    return status;
  }

  get isUnlocked(): boolean {
    return this.state === 'unlocked';
  }

  /** What protects the vault file, or null when there is none (missing, damaged). */
  get protection(): ProtectionKind | null {
    return this.file?.protection.kind ?? null;
  }

  /** Reads the vault file and, when the OS keychain protects it, unlocks it. */
  async load(): Promise<VaultStatus> {
    this.epoch++;
    this.dropKeys();
    this.problem = undefined;
    await removeStaleTempFiles(this.filePath, STALE_TEMP_FILE_MS);
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.file = undefined;
        this.setState('missing');
        return this.status();
      }
      throw err;
    }
    const parsed = parseVaultFile(text);
    this.keyCheck = undefined;
    if (!parsed.ok) {
      this.file = undefined;
      this.problem = parsed.problem;
      this.setState('corrupt');
      return this.status();
    }
    this.file = parsed.file;
    this.legacy = parsed.legacy;
    this.snapshotBytes = Buffer.byteLength(text, 'utf8');
    this.loadedJournal = await readJournal(this.journal.path);
    this.journal.adopt(this.loadedJournal);
    this.setState('locked');
    if (this.file.protection.kind === 'os-keychain') await this.unlockWithKeychain();
    return this.status();
  }

  /** Creates an empty vault. Refuses when one exists, so nothing is ever overwritten. */
  async create(protection: NewProtection): Promise<void> {
    const exists = () =>
      new AppError(
        'INVALID_INPUT',
        'A vault already exists. Unlock it instead of creating a new one.',
      );
    // Checked and set before any await: a second create (a double click) must not slip past.
    if (this.creating) {
      throw new AppError('INVALID_INPUT', 'A vault is already being created. Wait a moment.');
    }
    if (this.state !== 'missing') throw exists();
    this.creating = true;
    try {
      if (await fileExists(this.filePath)) throw exists();
      const dataKey = generateDataKey();
      const keys = deriveVaultKeys(dataKey);
      dataKey.fill(0);
      const file = withMac(
        {
          format: FORMAT,
          version: VERSION,
          protection: await this.protect(keys.dataKey, protection),
          records: {},
        },
        0,
        keys,
      );
      // A journal without its snapshot (the snapshot was deleted by hand) belongs to no vault.
      await this.journal.remove();
      const text = serialize(file);
      await this.enqueue(() => writeFileAtomic(this.filePath, text));
      this.epoch++;
      this.file = file;
      this.legacy = false;
      this.loadedJournal = undefined;
      this.chainHead = file.mac;
      this.snapshotBytes = Buffer.byteLength(text, 'utf8');
      this.keyCheck = computeMac(keys, KEY_CHECK);
      this.holder = new KeyHolder(keys);
      this.setState('unlocked');
    } finally {
      this.creating = false;
    }
  }

  /**
   * Unlocks a passphrase vault. A wrong passphrase changes nothing; a file that fails its MAC
   * is reported as tampered with and left as it is.
   */
  async unlock(passphrase: string): Promise<void> {
    this.requireFile();
    if (this.state === 'unlocked') return;
    // Changes accepted before a lock finish first, so the key unwrapped is the file's.
    await this.writes;
    const file = this.requireFile();
    if (this.isUnlocked) return;
    if (file.protection.kind === 'os-keychain') {
      await this.unlockWithKeychain();
      if (!this.isUnlocked)
        throw new AppError(
          this.state === 'corrupt' ? 'VAULT_CORRUPT' : 'VAULT_LOCKED',
          this.problem ?? 'The vault is locked.',
        );
      return;
    }
    const dataKey = await unwrapWithPassphrase(file.protection, passphrase);
    if (!dataKey) {
      throw new AppError(
        'WRONG_PASSPHRASE',
        'That passphrase does not unlock this vault. Check it and try again.',
      );
    }
    await this.open(dataKey);
    if (this.state === 'corrupt') throw new AppError('VAULT_CORRUPT', this.problem ?? TAMPERED);
  }

  /**
   * Forgets the keys at once for everything that comes after: reads and new changes fail with
   * VAULT_LOCKED. Changes accepted before (a rotated refresh token) are still written, then
   * their keys are wiped too.
   */
  lock(): void {
    if (!this.file) return;
    this.dropKeys();
    this.setState('locked');
  }

  /**
   * Re-keys the vault under new protection (the OS keychain, or a new passphrase): a new data
   * key, every record sealed again, written in one atomic replace. A copy of the old file and
   * the old passphrase or keychain entry open nothing written afterwards. When a passphrase
   * protects the vault now, `currentPassphrase` must be it.
   */
  async changeProtection(protection: NewProtection, currentPassphrase?: string): Promise<void> {
    const file = this.requireUnlocked().file;
    this.checkNewProtection(protection);
    if (file.protection.kind === 'passphrase' && !currentPassphrase) {
      throw new AppError('WRONG_PASSPHRASE', 'Enter the current passphrase to change it.');
    }
    await this.mutate(async (current, keys) => {
      if (current.protection.kind === 'passphrase') {
        const entered = await unwrapWithPassphrase(current.protection, currentPassphrase ?? '');
        const matches = entered ? sameDataKey(entered, keys.dataKey) : false;
        entered?.fill(0);
        if (!matches) {
          throw new AppError(
            'WRONG_PASSPHRASE',
            'That is not the current passphrase. Nothing was changed.',
          );
        }
      }
      const dataKey = generateDataKey();
      const next = deriveVaultKeys(dataKey);
      dataKey.fill(0);
      try {
        const records: Record<string, StoredRecord> = {};
        for (const [id, record] of Object.entries(current.records)) {
          const plain = openRecord(keys, id, record);
          if (!plain) throw this.tampered();
          records[id] = sealRecord(next, id, plain, record.binding ?? null);
          plain.fill(0);
        }
        const wrapped = await this.protect(next.dataKey, protection);
        return { file: { ...current, protection: wrapped, records }, keys: next };
      } catch (err) {
        wipeVaultKeys(next);
        throw err;
      }
    });
    this.emit();
  }

  /**
   * Moves an unreadable vault file aside (kept for recovery, never deleted) so a new vault
   * can be created. Returns the path the damaged file was moved to.
   */
  async setAsideDamagedFile(): Promise<string> {
    if (this.state !== 'corrupt') {
      throw new AppError('INVALID_INPUT', 'Only a damaged vault can be set aside.');
    }
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    const asidePath = `${this.filePath}.damaged-${stamp}`;
    await rename(this.filePath, asidePath);
    // The journal goes with its snapshot: it means nothing without it.
    await rename(this.journal.path, journalPathOf(asidePath)).catch(() => undefined);
    await this.journal.remove();
    this.epoch++;
    this.file = undefined;
    this.problem = undefined;
    this.setState('missing');
    return asidePath;
  }

  /** Reads one record; `undefined` when there is none. Throws when it fails its integrity check. */
  get<T>(id: string): T | undefined {
    const { file, keys } = this.requireUnlocked();
    const record = Object.hasOwn(file.records, id) ? file.records[id] : undefined;
    if (!record) return undefined;
    const plain = openRecord(keys, id, record);
    if (!plain) {
      throw new AppError(
        'VAULT_CORRUPT',
        'The stored secret failed its integrity check (the vault file was changed outside the app). It was left untouched; remove the item and sign in again.',
      );
    }
    return JSON.parse(plain.toString('utf8')) as T;
  }

  /**
   * Where a record's secret may be sent, as sealed with it: `undefined` when there is no such
   * record, null when it is bound nowhere (migrated without a provider).
   */
  bindingOf(id: string): SecretBinding | null | undefined {
    const { file } = this.requireUnlocked();
    const record = Object.hasOwn(file.records, id) ? file.records[id] : undefined;
    return record ? (record.binding ?? null) : undefined;
  }

  has(id: string): boolean {
    return Object.hasOwn(this.requireUnlocked().file.records, id);
  }

  /**
   * Encrypts and durably stores one record, bound to where its secret may be sent (null: not a
   * secret sent anywhere); resolves only once it is on disk.
   */
  async put(id: string, value: unknown, binding: SecretBinding | null = null): Promise<void> {
    this.requireUnlocked();
    const plain = Buffer.from(JSON.stringify(value), 'utf8');
    const bound = binding ? { ...binding, origins: [...binding.origins].sort() } : null;
    try {
      await this.change(id, plain, bound);
    } finally {
      plain.fill(0);
    }
  }

  async delete(id: string): Promise<void> {
    const { file } = this.requireUnlocked();
    if (!Object.hasOwn(file.records, id)) return;
    await this.change(id, null, null);
  }

  /**
   * Folds the journal into a new snapshot now (it happens by itself once the journal outgrows
   * the snapshot). Resolves once the snapshot is durable and the journal gone.
   */
  async compact(): Promise<void> {
    const { holder } = this.requireUnlocked();
    const epoch = this.epoch;
    await this.enqueue(() => this.writeSnapshot(holder, epoch));
  }

  /**
   * Queues one record change for the next journal append and resolves once that append is
   * durable. Changes arriving while an append is in flight share the next one.
   */
  private change(id: string, plain: Buffer | null, binding: SecretBinding | null): Promise<void> {
    const { holder } = this.requireUnlocked();
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ id, plain, binding, holder, epoch: this.epoch, resolve, reject });
      if (this.flushQueued) return;
      this.flushQueued = true;
      void this.enqueue(() => this.flush()).catch(() => undefined);
    });
  }

  /** Seals the pending changes, appends them as chained journal lines in one write, applies them. */
  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.flushQueued = false;
    const file = this.file;
    const epoch = this.epoch;
    const written: { change: PendingChange; entry: JournalEntry }[] = [];
    let head = this.chainHead;
    let generation = file?.generation ?? 0;
    let text = '';
    let keys: VaultKeys | undefined;
    for (const change of batch) {
      keys = change.holder.keys;
      if (!file || !keys || change.epoch !== epoch) {
        change.reject(
          new AppError('VAULT_LOCKED', 'The vault was closed before the change was saved.'),
        );
        continue;
      }
      const rec = change.plain ? sealRecord(keys, change.id, change.plain, change.binding) : null;
      generation++;
      const mac = computeMac(keys, entryMacContent(head, generation, change.id, rec));
      const entry: JournalEntry = { g: generation, id: change.id, rec, mac };
      head = mac;
      text += serializeEntry(entry);
      written.push({ change, entry });
    }
    if (!file || written.length === 0) return;
    try {
      if (this.modeFixedFor !== epoch) {
        await chmod(this.filePath, PRIVATE_FILE_MODE);
        this.modeFixedFor = epoch;
      }
      await this.journal.append(text);
    } catch (err) {
      const error = writeFailed(err);
      for (const { change } of written) change.reject(error);
      return;
    }
    if (epoch === this.epoch) {
      for (const { entry } of written) {
        if (entry.rec) file.records[entry.id] = entry.rec;
        else delete file.records[entry.id];
      }
      file.generation = generation;
      this.chainHead = head;
      this.maybeCompact(written[written.length - 1]!.change.holder);
    }
    for (const { change } of written) change.resolve();
  }

  /** Queues folding the journal into the snapshot once it is larger than the snapshot. */
  private maybeCompact(holder: KeyHolder): void {
    const limit = Math.max(this.journalLimitBytes, this.snapshotBytes);
    if (this.compactionQueued || this.journal.bytes <= limit) return;
    this.compactionQueued = true;
    const epoch = this.epoch;
    void this.enqueue(async () => {
      this.compactionQueued = false;
      await this.writeSnapshot(holder, epoch);
    }).catch(() => undefined);
  }

  /**
   * Writes the current state as the snapshot (same generation) and drops the journal. A crash
   * in between leaves a journal whose lines are all at or below the snapshot's generation: it
   * is recognized as folded in and ignored.
   */
  private async writeSnapshot(holder: KeyHolder, epoch: number): Promise<void> {
    const file = this.file;
    const keys = holder.keys;
    if (!file || !keys || epoch !== this.epoch) return;
    const next = withMac({ ...file, records: { ...file.records } }, file.generation, keys);
    await this.commitSnapshot(next);
  }

  /** Replaces the snapshot, then removes the journal it supersedes. */
  private async commitSnapshot(next: VaultFile): Promise<void> {
    const text = serialize(next);
    try {
      await writeFileAtomic(this.filePath, text);
    } catch (err) {
      throw writeFailed(err);
    }
    this.file = next;
    this.chainHead = next.mac;
    this.snapshotBytes = Buffer.byteLength(text, 'utf8');
    this.loadedJournal = undefined;
    try {
      await this.journal.remove();
    } catch {
      // Its lines are all folded in (at or below the snapshot's generation): ignored on load,
      // started over by the next append.
      this.journal.discard();
    }
  }

  /**
   * Queues `change` to run on the file as it is when its turn comes, with the keys of the
   * session that accepted it, and writes the result as a new snapshot (next generation, new
   * MAC; the journal is folded in). For what touches every record or the header: re-keying,
   * re-wrapping. Writes are chained so concurrent changes neither interleave nor lose each
   * other's records; a change is never applied to a file loaded or created since it was
   * accepted.
   */
  private async mutate(
    change: (file: VaultFile, keys: VaultKeys) => FileChange | Promise<FileChange>,
  ): Promise<void> {
    const { holder } = this.requireUnlocked();
    const epoch = this.epoch;
    const closed = () =>
      new AppError('VAULT_LOCKED', 'The vault was closed before the change was saved.');
    await this.enqueue(async () => {
      const current = this.file;
      const keys = holder.keys;
      if (!current || !keys || epoch !== this.epoch) throw closed();
      const changed = await change(current, keys);
      if (epoch !== this.epoch) {
        if (changed.keys) wipeVaultKeys(changed.keys);
        throw closed();
      }
      const nextKeys = changed.keys ?? keys;
      const next = withMac(changed.file, current.generation + 1, nextKeys);
      try {
        await this.commitSnapshot(next);
      } catch (err) {
        if (changed.keys) wipeVaultKeys(changed.keys);
        throw err;
      }
      this.keyCheck = computeMac(nextKeys, KEY_CHECK);
      if (changed.keys) holder.replace(changed.keys);
    });
  }

  private async enqueue(run: () => Promise<void>): Promise<void> {
    const result = this.writes.then(run, run);
    this.writes = result.catch(() => undefined);
    await result;
  }

  /**
   * Verifies the loaded file with its data key (snapshot MAC, journal chain, every record),
   * migrates a previous format once, then unlocks. Unlocking again after a lock only checks
   * that the key is the one the file was verified with.
   */
  private async open(dataKey: Buffer): Promise<void> {
    const keys = deriveVaultKeys(dataKey);
    dataKey.fill(0);
    const file = this.requireFile();
    if (this.keyCheck !== undefined) {
      if (!macMatches(keys, KEY_CHECK, this.keyCheck)) return this.markTampered(keys);
    } else if (this.legacy) {
      const migrated = this.migrate(file, keys);
      if (!migrated) return this.markTampered(keys);
      await this.writeMigrated(migrated);
      this.legacy = false;
    } else {
      if (!macMatches(keys, macContent(file), file.mac)) return this.markTampered(keys);
      if (file.version === VERSION && !this.replayJournal(file, keys))
        return this.markTampered(keys);
      // Records are not decrypted here: the MAC just checked covers every record, and only the
      // right data key gives that MAC, so each opens when read (get() still says if not).
      // Opening costs a hash and a parse per record, not a decryption too.
      if (file.version === SNAPSHOT_ONLY_VERSION)
        await this.writeMigrated(withMac(file, file.generation + 1, keys));
    }
    this.keyCheck = computeMac(keys, KEY_CHECK);
    this.holder = new KeyHolder(keys);
    this.problem = undefined;
    this.setState('unlocked');
  }

  /** Writes a file migrated from a previous format as this format's snapshot, once. */
  private async writeMigrated(migrated: VaultFile): Promise<void> {
    const epoch = this.epoch;
    await this.enqueue(async () => {
      if (epoch !== this.epoch) throw new AppError('VAULT_LOCKED', 'The vault was reloaded.');
      await this.commitSnapshot(migrated);
    });
  }

  /**
   * Applies the journal read at load to the snapshot, checking every line's MAC against the
   * one before it. Lines at or below the snapshot's generation were folded into it by a
   * compaction that was interrupted before the journal was removed: ignored. False when a line
   * fails its MAC or the generations do not follow on from the snapshot's.
   */
  private replayJournal(file: VaultFile, keys: VaultKeys): boolean {
    const entries = this.loadedJournal?.entries ?? [];
    this.loadedJournal = undefined;
    this.chainHead = file.mac;
    if (entries.length === 0) return true;
    if (entries[0]!.g <= file.generation) {
      this.journal.discard();
      return true;
    }
    let head = file.mac;
    let generation = file.generation;
    for (const entry of entries) {
      if (entry.g !== generation + 1) return false;
      if (!macMatches(keys, entryMacContent(head, entry.g, entry.id, entry.rec), entry.mac))
        return false;
      if (entry.rec) file.records[entry.id] = entry.rec;
      else delete file.records[entry.id];
      head = entry.mac;
      generation = entry.g;
    }
    file.generation = generation;
    this.chainHead = head;
    return true;
  }

  /** The previous format's records sealed again, bound and authenticated; undefined if one fails. */
  private migrate(file: VaultFile, keys: VaultKeys): VaultFile | undefined {
    const records: Record<string, StoredRecord> = {};
    for (const [id, box] of Object.entries(file.records)) {
      const plain = open(keys.dataKey, box, legacyRecordAad(id));
      if (!plain) return undefined;
      records[id] = sealRecord(keys, id, plain, this.legacyBinding(id));
      plain.fill(0);
    }
    return withMac(
      { format: FORMAT, version: VERSION, protection: file.protection, records },
      1,
      keys,
    );
  }

  private markTampered(keys: VaultKeys): void {
    wipeVaultKeys(keys);
    this.file = undefined;
    this.keyCheck = undefined;
    this.problem = TAMPERED;
    this.setState('corrupt');
  }

  private tampered(): AppError {
    return new AppError('VAULT_CORRUPT', TAMPERED);
  }

  private checkNewProtection(protection: NewProtection): void {
    if (protection.kind === 'passphrase' && protection.passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new AppError(
        'INVALID_INPUT',
        `Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`,
      );
    }
  }

  private async protect(dataKey: Buffer, protection: NewProtection): Promise<KeyProtection> {
    this.checkNewProtection(protection);
    if (protection.kind === 'passphrase') {
      return protectWithPassphrase(dataKey, protection.passphrase, this.scryptParams);
    }
    if (!this.keychain || !(await this.keychain.isAvailable())) {
      throw new AppError(
        'UNSUPPORTED',
        'This system offers no keychain to protect the vault. Choose a master passphrase instead.',
      );
    }
    return protectWithKeychain(dataKey, this.keychain);
  }

  private async unlockWithKeychain(): Promise<void> {
    const file = this.requireFile();
    if (file.protection.kind !== 'os-keychain') return;
    const unwrapped = this.keychain
      ? await unwrapWithKeychain(file.protection, this.keychain)
      : undefined;
    if (!unwrapped) {
      this.problem =
        'The system keychain could not open the vault (the keychain was reset or the vault comes from another computer). The file was left untouched.';
      this.emit();
      return;
    }
    await this.open(unwrapped.dataKey);
    if (this.isUnlocked && unwrapped.shouldReEncrypt && this.keychain) await this.rewrapKey();
  }

  /** Wraps the same data key again (the keychain asked for it); records stay as they are. */
  private async rewrapKey(): Promise<void> {
    await this.mutate(async (file, keys) => ({
      file: { ...file, protection: await this.protect(keys.dataKey, { kind: 'os-keychain' }) },
    }));
    this.emit();
  }

  private async isKeychainAvailable(): Promise<boolean> {
    if (!this.keychain) return false;
    try {
      return await this.keychain.isAvailable();
    } catch {
      return false;
    }
  }

  private dropKeys(): void {
    const holder = this.holder;
    this.holder = undefined;
    // After the changes already queued (they hold this session's keys) are written.
    if (holder) void this.writes.then(() => holder.wipe());
  }

  private requireFile(): VaultFile {
    if (!this.file) {
      throw this.state === 'corrupt'
        ? new AppError('VAULT_CORRUPT', this.problem ?? 'The vault file is damaged.')
        : new AppError('VAULT_LOCKED', 'No vault exists yet. Create one first.');
    }
    return this.file;
  }

  private requireUnlocked(): { file: VaultFile; keys: VaultKeys; holder: KeyHolder } {
    const file = this.requireFile();
    const keys = this.holder?.keys;
    if (!this.holder || !keys || this.state !== 'unlocked') {
      throw new AppError('VAULT_LOCKED', 'The vault is locked. Unlock it to use stored tokens.');
    }
    return { file, keys, holder: this.holder };
  }

  private setState(state: VaultState): void {
    this.state = state;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

function sealRecord(
  keys: VaultKeys,
  id: string,
  plain: Buffer,
  binding: SecretBinding | null,
): StoredRecord {
  const box: SealedBox = seal(keys.recordKey, plain, recordAad(id, binding));
  return binding ? { ...box, binding } : box;
}

function openRecord(keys: VaultKeys, id: string, record: StoredRecord): Buffer | undefined {
  const { binding, ...box } = record;
  return open(keys.recordKey, box, recordAad(id, binding ?? null));
}

function withMac(
  file: Omit<VaultFile, 'mac' | 'generation'>,
  generation: number,
  keys: VaultKeys,
): VaultFile {
  const content = { ...file, format: FORMAT, version: VERSION, generation } as const;
  return { ...content, mac: computeMac(keys, macContent(content)) };
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function serialize(file: VaultFile): string {
  // No indentation: at 10,000 accounts the snapshot is megabytes, and people read it rarely.
  return `${JSON.stringify(file)}\n`;
}

/** A write the disk refused (full, read-only, gone): nothing of it counts, the state before does. */
function writeFailed(err: unknown): AppError {
  return new AppError(
    'WRITE_FAILED',
    `The vault could not save the change: ${writeRefusal(err)}. The tokens stored before are unchanged; free some space or fix the folder, then try again.`,
    { cause: err },
  );
}

function parseVaultFile(
  text: string,
): { ok: true; file: VaultFile; legacy: boolean } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'The vault file is damaged: it is not valid JSON.' };
  }
  const version = json && typeof json === 'object' && 'version' in json ? json.version : undefined;
  if (
    version !== undefined &&
    version !== VERSION &&
    version !== SNAPSHOT_ONLY_VERSION &&
    version !== LEGACY_VERSION
  ) {
    return {
      ok: false,
      problem: `The vault file has format version ${JSON.stringify(version)}, which this version of the app cannot read. Update the app.`,
    };
  }
  const damaged = {
    ok: false,
    problem: 'The vault file is damaged: its structure is not what the app wrote.',
  } as const;
  if (version === LEGACY_VERSION) {
    const legacy = legacyFileSchema.safeParse(json);
    if (!legacy.success) return damaged;
    // Held in the current shape until unlocking migrates it; its MAC is never checked.
    const file: VaultFile = {
      ...legacy.data,
      version: SNAPSHOT_ONLY_VERSION,
      generation: 0,
      mac: 'legacy',
    };
    return { ok: true, file, legacy: true };
  }
  const result = vaultFileSchema.safeParse(json);
  if (!result.success) return damaged;
  return { ok: true, file: result.data, legacy: false };
}
