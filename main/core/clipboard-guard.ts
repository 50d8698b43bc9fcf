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
  /** The secret whose clearing is scheduled, so quitting can clear it early. */
  private pendingSecret: string | undefined;

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
    this.cancelPending();
    await this.clipboard.writeText(secret);
    const seconds = this.clearAfterSeconds();
    if (seconds <= 0) return { clearsAt: null };
    this.pendingSecret = secret;
    this.pending = setTimeout(() => void this.clearNow(), seconds * 1000);
    this.pending.unref();
    return { clearsAt: this.now() + seconds * 1000 };
  }

  /**
   * Clears a copied secret now instead of later (the app is quitting), again only if the
   * clipboard still holds it.
   */
  async clearNow(): Promise<void> {
    const secret = this.pendingSecret;
    this.cancelPending();
    if (secret !== undefined && (await this.clipboard.readText()) === secret) {
      await this.clipboard.writeText('');
    }
  }

  private cancelPending(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    this.pendingSecret = undefined;
  }
}
