import { clipboard, ClipboardItem } from 'electron';
import type { ClipboardPort } from '../core/clipboard-guard.ts';
import { sensitiveClipboardMarkers } from '../core/sensitive-clipboard.ts';

/**
 * The system clipboard for the core's clipboard guard, which copies tokens and clears them
 * later. A copied token goes out with the platform's "this is a secret" formats in the same
 * atomic write, so clipboard history and managers that honour them skip it; clearing (the
 * guard writes '') empties the clipboard, markers included.
 */
export function createElectronClipboard(
  platform: NodeJS.Platform = process.platform,
): ClipboardPort {
  const markers = Object.fromEntries(
    Object.entries(sensitiveClipboardMarkers(platform)).map(([format, data]) => [
      format,
      typeof data === 'string' ? data : new Blob([data]),
    ]),
  );
  return {
    async readText() {
      return await clipboard.readText();
    },
    async writeText(text) {
      if (text === '') {
        clipboard.clear();
        return;
      }
      try {
        await clipboard.write([new ClipboardItem({ 'text/plain': text, ...markers })]);
      } catch {
        // A desktop that refuses a marker format still gets the copy, unmarked.
        await clipboard.writeText(text);
      }
    },
  };
}
