import { clipboard } from 'electron';
import type { ClipboardPort } from '../core/clipboard-guard.ts';

/**
 * The system clipboard for the core's clipboard guard, which copies tokens and clears them
 * later. Electron 45 types `readText`/`writeText` as Promises; awaiting covers both forms.
 */
export function createElectronClipboard(): ClipboardPort {
  return {
    async readText() {
      return await clipboard.readText();
    },
    async writeText(text) {
      await clipboard.writeText(text);
    },
  };
}
