import {
  startBrowserHost as startHost,
  type BrowserHost,
  type BrowserHostOptions,
} from '../../scripts/browser/browser-host.ts';
import { createScannedIpcHandlers } from './scanned-ipc.ts';

export type { BrowserHost };

/**
 * The browser host of `npm run preview`, with every IPC result and log line the page receives
 * scanned for known secrets (leak-detector.ts).
 */
export function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  return startHost({ createHandlers: createScannedIpcHandlers, ...options });
}
