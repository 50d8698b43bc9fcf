const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Checks a URL before the shell hands it to the system browser (RFC 8252: the system browser,
 * never an embedded one). The core only opens URLs it built from a provider's configuration,
 * already checked; this second check keeps a bad endpoint from ever making the OS run a
 * `file:`, `smb:` or app-scheme handler. Returns the normalized URL, or throws.
 */
export function browserSafeUrl(url: string): string {
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
  return parsed.href;
}
