import { access, readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-file.ts';
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

/**
 * The encrypted store for token material and client secrets. Envelope encryption: a random
 * data key seals every record (AES-256-GCM, record id as associated data); the data key is
 * wrapped by the OS keychain or by a passphrase-derived key. Fails closed: a file it cannot
 * read is reported, never overwritten.
 */

export type VaultState = 'missing' | 'locked' | 'unlocked' | 'corrupt';
export type ProtectionKind = KeyProtection['kind'];

export interface VaultStatus {
  state: VaultState;
  protection: ProtectionKind | null;
  keychainAvailable: boolean;
  /** Why the vault cannot be opened (corrupt file, keychain refused), in words for the user. */
  problem?: string;
}

/** A temp file this old cannot belong to a write still in progress. */
const STALE_TEMP_FILE_MS = 60_000;
const FORMAT = 'token-desk-vault';
const VERSION = 1;

const sealedBoxSchema = z.object({ iv: z.string(), ct: z.string(), tag: z.string() });

/** scrypt needs 128·N·r bytes; the default takes 128 MiB. A file asking for more is not ours. */
const MAX_SCRYPT_MEMORY = 1024 ** 3;
const MAX_SCRYPT_P = 16;

/** Parameters scrypt accepts and this app could have written (N a power of two, bounded cost). */
function isUsableScrypt({ N, r, p }: ScryptParams): boolean {
  return (
    N > 1 && Number.isInteger(Math.log2(N)) && 128 * N * r <= MAX_SCRYPT_MEMORY && p <= MAX_SCRYPT_P
  );
}
const vaultFileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  protection: z.discriminatedUnion('kind', [
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
  ]),
  records: z.record(z.string(), sealedBoxSchema),
});
type VaultFile = z.infer<typeof vaultFileSchema>;

export interface TokenVaultOptions {
  filePath: string;
  /** Absent where no OS keychain exists (plain Node); the vault then needs a passphrase. */
  keychain?: OsKeychain;
  /** Lower only in tests: real vaults use {@link DEFAULT_SCRYPT}. */
  scrypt?: ScryptParams;
  now?: () => Date;
}

function recordAad(id: string): string {
  return `token-desk-vault:v1:record:${id}`;
}

export class TokenVault {
  readonly filePath: string;
  private readonly keychain: OsKeychain | undefined;
  private readonly scryptParams: ScryptParams;
  private readonly now: () => Date;
  private file: VaultFile | undefined;
  private dataKey: Buffer | undefined;
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

  /** Reads the vault file and, when the OS keychain protects it, unlocks it. */
  async load(): Promise<VaultStatus> {
    this.epoch++;
    this.dataKey = undefined;
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
    if (!parsed.ok) {
      this.file = undefined;
      this.problem = parsed.problem;
      this.setState('corrupt');
      return this.status();
    }
    this.file = parsed.file;
    this.setState('locked');
    if (this.file.protection.kind === 'os-keychain') await this.unlockWithKeychain();
    return this.status();
  }

  /** Creates an empty vault. Refuses when one exists, so nothing is ever overwritten. */
  async create(
    protection: { kind: 'os-keychain' } | { kind: 'passphrase'; passphrase: string },
  ): Promise<void> {
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
      const file: VaultFile = {
        format: FORMAT,
        version: VERSION,
        protection: await this.protect(dataKey, protection),
        records: {},
      };
      await this.enqueueWrite(file);
      this.epoch++;
      this.file = file;
      this.dataKey = dataKey;
      this.setState('unlocked');
    } finally {
      this.creating = false;
    }
  }

  /** Unlocks a passphrase vault. A wrong passphrase changes nothing. */
  async unlock(passphrase: string): Promise<void> {
    const file = this.requireFile();
    if (this.state === 'unlocked') return;
    if (file.protection.kind === 'os-keychain') {
      await this.unlockWithKeychain();
      if (!this.isUnlocked)
        throw new AppError('VAULT_LOCKED', this.problem ?? 'The vault is locked.');
      return;
    }
    const dataKey = await unwrapWithPassphrase(file.protection, passphrase);
    if (!dataKey) {
      throw new AppError(
        'WRONG_PASSPHRASE',
        'That passphrase does not unlock this vault. Check it and try again.',
      );
    }
    this.dataKey = dataKey;
    this.problem = undefined;
    this.setState('unlocked');
  }

  /** Forgets the data key; a passphrase vault then needs the passphrase again. */
  lock(): void {
    if (!this.file) return;
    this.dataKey?.fill(0);
    this.dataKey = undefined;
    this.setState('locked');
  }

  /** Re-wraps the data key (records stay as they are): switch to a passphrase or back to the keychain. */
  async changeProtection(
    protection: { kind: 'os-keychain' } | { kind: 'passphrase'; passphrase: string },
  ): Promise<void> {
    const epoch = this.epoch;
    // Wrap a copy: lock() erases the live key, and scrypt gives it time to happen meanwhile.
    const dataKey = Buffer.from(this.requireUnlocked().dataKey);
    try {
      const wrapped = await this.protect(dataKey, protection);
      // Applied to the file as it is when the write runs, so records put meanwhile are kept.
      await this.mutate((current) => ({ ...current, protection: wrapped }), epoch);
    } finally {
      dataKey.fill(0);
    }
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
    this.epoch++;
    this.problem = undefined;
    this.setState('missing');
    return asidePath;
  }

  /** Reads one record; `undefined` when there is none. Throws when it fails its integrity check. */
  get<T>(id: string): T | undefined {
    const { file, dataKey } = this.requireUnlocked();
    const box = Object.hasOwn(file.records, id) ? file.records[id] : undefined;
    if (!box) return undefined;
    const plain = open(dataKey, box, recordAad(id));
    if (!plain) {
      throw new AppError(
        'VAULT_CORRUPT',
        'The stored secret failed its integrity check (the vault file was changed outside the app). It was left untouched; remove the item and sign in again.',
      );
    }
    return JSON.parse(plain.toString('utf8')) as T;
  }

  has(id: string): boolean {
    return Object.hasOwn(this.requireUnlocked().file.records, id);
  }

  /** Encrypts and durably stores one record; resolves only once it is on disk. */
  async put(id: string, value: unknown): Promise<void> {
    const { dataKey } = this.requireUnlocked();
    const box: SealedBox = seal(dataKey, Buffer.from(JSON.stringify(value), 'utf8'), recordAad(id));
    await this.mutate((file) => ({ ...file, records: { ...file.records, [id]: box } }));
  }

  async delete(id: string): Promise<void> {
    this.requireUnlocked();
    await this.mutate((file) => {
      const records = { ...file.records };
      delete records[id];
      return { ...file, records };
    });
  }

  /**
   * Applies `change` to the file as it is when its turn comes, and writes the result. Writes are
   * chained so concurrent changes neither interleave nor lose each other's records. A change
   * accepted while unlocked is still written if the vault is locked meanwhile (its record is
   * already sealed, e.g. a rotated refresh token), but never onto a file loaded or created since.
   */
  private async mutate(change: (file: VaultFile) => VaultFile, epoch = this.epoch): Promise<void> {
    const run = async () => {
      const current = this.file;
      if (!current || epoch !== this.epoch) {
        throw new AppError('VAULT_LOCKED', 'The vault was closed before the change was saved.');
      }
      const next = change(current);
      await writeFileAtomic(this.filePath, serialize(next));
      this.file = next;
    };
    const result = this.writes.then(run, run);
    this.writes = result.catch(() => undefined);
    await result;
  }

  private async enqueueWrite(file: VaultFile): Promise<void> {
    const run = () => writeFileAtomic(this.filePath, serialize(file));
    const result = this.writes.then(run, run);
    this.writes = result.catch(() => undefined);
    await result;
  }

  private async protect(
    dataKey: Buffer,
    protection: { kind: 'os-keychain' } | { kind: 'passphrase'; passphrase: string },
  ): Promise<KeyProtection> {
    if (protection.kind === 'passphrase') {
      if (protection.passphrase.length < MIN_PASSPHRASE_LENGTH) {
        throw new AppError(
          'INVALID_INPUT',
          `Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`,
        );
      }
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
    this.dataKey = unwrapped.dataKey;
    this.problem = undefined;
    this.setState('unlocked');
    if (unwrapped.shouldReEncrypt && this.keychain) {
      await this.changeProtection({ kind: 'os-keychain' });
    }
  }

  private async isKeychainAvailable(): Promise<boolean> {
    if (!this.keychain) return false;
    try {
      return await this.keychain.isAvailable();
    } catch {
      return false;
    }
  }

  private requireFile(): VaultFile {
    if (!this.file) {
      throw this.state === 'corrupt'
        ? new AppError('VAULT_CORRUPT', this.problem ?? 'The vault file is damaged.')
        : new AppError('VAULT_LOCKED', 'No vault exists yet. Create one first.');
    }
    return this.file;
  }

  private requireUnlocked(): { file: VaultFile; dataKey: Buffer } {
    const file = this.requireFile();
    if (!this.dataKey || this.state !== 'unlocked') {
      throw new AppError('VAULT_LOCKED', 'The vault is locked. Unlock it to use stored tokens.');
    }
    return { file, dataKey: this.dataKey };
  }

  private setState(state: VaultState): void {
    this.state = state;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
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
  return `${JSON.stringify(file, null, 2)}\n`;
}

function parseVaultFile(
  text: string,
): { ok: true; file: VaultFile } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'The vault file is damaged: it is not valid JSON.' };
  }
  if (json && typeof json === 'object' && 'version' in json && json.version !== VERSION) {
    return {
      ok: false,
      problem: `The vault file has format version ${String(json.version)}, which this version of the app cannot read. Update the app.`,
    };
  }
  const result = vaultFileSchema.safeParse(json);
  if (!result.success) {
    return {
      ok: false,
      problem: 'The vault file is damaged: its structure is not what the app wrote.',
    };
  }
  return { ok: true, file: result.data };
}
