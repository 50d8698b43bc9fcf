import { shell } from 'electron';
import { browserSafeUrl } from '../core/browser-url.ts';

/**
 * Opens an authorization URL in the user's browser, after the core's check that it is https
 * or loopback http (see core/browser-url.ts).
 */
export async function openInBrowser(url: string): Promise<void> {
  await shell.openExternal(browserSafeUrl(url));
}
