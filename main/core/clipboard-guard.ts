/** The clipboard as main sees it: Electron's `clipboard` in the app, a stand-in elsewhere. */
export interface ClipboardPort {
  readText(): Promise<string> | string;
  writeText(text: string): Promise<void> | void;
}

/**
 * Copies secrets and clears them again after a while, like password managers do, but only
 * if the clipboard still holds the secret (the user may have copied something else since).
 */
export class ClipboardGuard {
  private readonly clipboard: ClipboardPort;
  private readonly clearAfterSeconds: () => number;
  private readonly now: () => number;
  private pending: NodeJS.Timeout | undefined;

  constructor(
    clipboard: ClipboardPort,
    clearAfterSeconds: () => number,
    now: () => number = Date.now,
  ) {
    this.clipboard = clipboard;
    this.clearAfterSeconds = clearAfterSeconds;
    this.now = now;
  }

  /** Copies `secret`; returns when it will be cleared (epoch ms), or null if it stays. */
  async copySecret(secret: string): Promise<{ clearsAt: number | null }> {
    clearTimeout(this.pending);
    await this.clipboard.writeText(secret);
    const seconds = this.clearAfterSeconds();
    if (seconds <= 0) return { clearsAt: null };
    this.pending = setTimeout(() => void this.clearIfUnchanged(secret), seconds * 1000);
    this.pending.unref();
    return { clearsAt: this.now() + seconds * 1000 };
  }

  private async clearIfUnchanged(secret: string): Promise<void> {
    if ((await this.clipboard.readText()) === secret) await this.clipboard.writeText('');
  }

  dispose(): void {
    clearTimeout(this.pending);
  }
}
