import type { ClipboardPort } from '../../main/core/clipboard-guard.ts';

/** The clipboard of the browser host: a string in memory (Chromium's clipboard stays apart). */
export class MemoryClipboard implements ClipboardPort {
  text = '';
  readText(): string {
    return this.text;
  }
  writeText(text: string): void {
    this.text = text;
  }
}
