import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { config } from './app.ts';
import { record } from './recorder.ts';

type ClipboardPayload = string | Electron.ClipboardBookmark | Blob | Promise<Blob | string>;

/** Electron 45's `ClipboardItem`: MIME types (and custom formats) mapped to payloads. */
export class ClipboardItemDouble implements Pick<Electron.ClipboardItem, 'types'> {
  readonly items: Record<string, ClipboardPayload>;
  constructor(items: Record<string, ClipboardPayload>) {
    this.items = items;
  }
  get types(): string[] {
    return Object.keys(this.items);
  }
}

/** One entry on the system clipboard: each format's bytes, as text when it is text. */
export type ClipboardEntry = Record<string, { text: string } | { bytes: number[] }>;

/** The system clipboard (Electron 45's promise API), holding what was last written. */
export class ClipboardDouble implements Pick<
  Electron.Clipboard,
  'readText' | 'writeText' | 'write' | 'clear' | 'has'
> {
  entry: ClipboardEntry = {};

  async readText(): Promise<string> {
    const text = this.entry['text/plain'];
    return text && 'text' in text ? text.text : '';
  }
  async writeText(text: string): Promise<void> {
    record('clipboard.writeText', text.length);
    this.entry = { 'text/plain': { text } };
  }
  async write(data: Electron.ClipboardItem[]): Promise<void> {
    record(
      'clipboard.write',
      data.map((item) => item.types),
    );
    const refused = data
      .flatMap((item) => item.types)
      .filter((type) => config.clipboardRefusedFormats.includes(type));
    if (refused.length > 0) throw new Error(`Unsupported clipboard format: ${refused.join(', ')}`);
    const entry: ClipboardEntry = {};
    for (const item of data as unknown as ClipboardItemDouble[]) {
      for (const [type, payload] of Object.entries(item.items)) {
        const value = await payload;
        if (typeof value === 'string') entry[type] = { text: value };
        else if (value instanceof Blob) entry[type] = { bytes: [...(await value.bytes())] };
        else throw new Error(`The double does not write ${type} payloads.`);
      }
    }
    this.entry = entry;
  }
  clear(): void {
    record('clipboard.clear');
    this.entry = {};
  }
  async has(mimetype: string): Promise<boolean> {
    return mimetype in this.entry;
  }
}

export const clipboard = new ClipboardDouble();

/**
 * `safeStorage` with the keyring the config describes: a real AES-256-GCM key standing in
 * for the OS keyring's (shared across relaunches through the config), and the Linux backend
 * Chromium selected.
 */
export const safeStorage = {
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    record('safeStorage.isAsyncEncryptionAvailable');
    return config.safeStorage.asyncEncryptionAvailable;
  },
  getSelectedStorageBackend() {
    record('safeStorage.getSelectedStorageBackend');
    return config.safeStorage.backend;
  },
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    record('safeStorage.encryptStringAsync');
    if (!config.safeStorage.asyncEncryptionAvailable) {
      throw new Error('Encryption is not available.');
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(config.safeStorage.key, 'hex'), iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  },
  async decryptStringAsync(encrypted: Buffer) {
    record('safeStorage.decryptStringAsync');
    const key = Buffer.from(config.safeStorage.key, 'hex');
    const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    const result = Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]);
    return { result: result.toString('utf8'), shouldReEncrypt: false };
  },
} satisfies Pick<
  Electron.SafeStorage,
  | 'isAsyncEncryptionAvailable'
  | 'getSelectedStorageBackend'
  | 'encryptStringAsync'
  | 'decryptStringAsync'
>;

/** Control channel hook: where URLs the app opens and notifications it shows are reported. */
export const outbox = new EventEmitter();

export const shell = {
  async openExternal(url: string): Promise<void> {
    record('shell.openExternal', url);
    outbox.emit('openExternal', url);
  },
  async openPath(path: string): Promise<string> {
    record('shell.openPath', path);
    return '';
  },
} satisfies Pick<Electron.Shell, 'openExternal' | 'openPath'>;

export const errorBoxes: { title: string; content: string }[] = [];

export const dialog = {
  showErrorBox(title: string, content: string): void {
    record('dialog.showErrorBox', title, content);
    errorBoxes.push({ title, content });
  },
} satisfies Pick<Electron.Dialog, 'showErrorBox'>;

export const notifications: NotificationDouble[] = [];

/** A native notification; a test clicks it with the control channel. */
export class NotificationDouble
  extends EventEmitter
  implements Pick<Electron.Notification, 'show' | 'title' | 'body'>
{
  static isSupported(): boolean {
    return config.notificationsSupported;
  }
  title: string;
  body: string;
  constructor(options: Electron.NotificationConstructorOptions = {}) {
    super();
    this.title = options.title ?? '';
    this.body = options.body ?? '';
  }
  show(): void {
    record('Notification.show', this.title, this.body);
    notifications.push(this);
    outbox.emit('notification', { title: this.title, body: this.body });
  }
}

/** `powerMonitor`: events ('lock-screen', 'suspend', 'resume'…) come from the test. */
export class PowerMonitorDouble
  extends EventEmitter
  implements Pick<Electron.PowerMonitor, 'getSystemIdleState'>
{
  getSystemIdleState(idleThreshold: number): 'active' | 'idle' | 'locked' | 'unknown' {
    record('powerMonitor.getSystemIdleState', idleThreshold);
    return 'active';
  }
}

export const powerMonitor = new PowerMonitorDouble();

/** A PNG image: its size read from the header, its extra scale factors and template flag. */
export class NativeImageDouble implements Pick<
  Electron.NativeImage,
  'addRepresentation' | 'setTemplateImage' | 'isTemplateImage' | 'getSize' | 'isEmpty'
> {
  readonly width: number;
  readonly height: number;
  readonly scaleFactors: number[];
  private template = false;

  static createFromBuffer(
    buffer: Buffer,
    options?: Electron.CreateFromBufferOptions,
  ): NativeImageDouble {
    record('nativeImage.createFromBuffer', buffer, options);
    return new NativeImageDouble(buffer, options?.scaleFactor ?? 1);
  }

  private constructor(png: Buffer, scaleFactor: number) {
    const size = pngSize(png);
    this.width = size.width;
    this.height = size.height;
    this.scaleFactors = size.width ? [scaleFactor] : [];
  }

  addRepresentation(options: Electron.AddRepresentationOptions): void {
    const buffer = options.buffer;
    if (buffer && pngSize(buffer).width) this.scaleFactors.push(options.scaleFactor ?? 1);
  }
  setTemplateImage(option: boolean): void {
    this.template = option;
  }
  isTemplateImage(): boolean {
    return this.template;
  }
  getSize(): Electron.Size {
    return { width: this.width, height: this.height };
  }
  isEmpty(): boolean {
    return this.width === 0;
  }
  recordAs() {
    return {
      image: `${this.width}x${this.height}`,
      scaleFactors: this.scaleFactors,
      template: this.template,
    };
  }
}

/** Electron decodes the PNG; an undecodable buffer gives an empty image (0×0). */
function pngSize(png: Buffer): { width: number; height: number } {
  const signature = '89504e470d0a1a0a';
  if (png.length < 24 || png.subarray(0, 8).toString('hex') !== signature) {
    return { width: 0, height: 0 };
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export const nativeImage = NativeImageDouble;
