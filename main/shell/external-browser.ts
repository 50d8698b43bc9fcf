import { shell } from 'electron';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Opens an authorization URL in the user's browser (RFC 8252: the system browser, never an
 * embedded one). The core only passes URLs it built from a provider's configuration; this
 * still refuses anything but `https:` and loopback `http:`, so a bad endpoint cannot make the
 * OS run a `file:`, `smb:` or app-scheme handler.
 */
export async function openInBrowser(url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('Refusing to open an invalid URL in the browser.');
  }
  const allowed =
    parsed.protocol === 'https:' ||
    (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname));
  if (!allowed || parsed.username || parsed.password) {
    throw new Error('Refusing to open a URL that is neither https nor a loopback http address.');
  }
  await shell.openExternal(parsed.href);
}
