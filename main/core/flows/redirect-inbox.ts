/**
 * Holds custom-scheme URLs that arrive before the app is ready to handle them (macOS delivers
 * `open-url` before `ready` when the app is launched by the browser), then hands them over.
 */
export class RedirectInbox {
  private handler: ((url: string) => void) | undefined;
  private readonly buffered: string[] = [];
  private static readonly MAX_BUFFERED = 20;

  receive(url: string): void {
    if (this.handler) {
      this.handler(url);
      return;
    }
    if (this.buffered.length < RedirectInbox.MAX_BUFFERED) this.buffered.push(url);
  }

  /** Sets the handler and delivers everything received so far, in order. */
  setHandler(handler: (url: string) => void): void {
    this.handler = handler;
    for (const url of this.buffered.splice(0)) handler(url);
  }
}
