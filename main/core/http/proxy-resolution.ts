/**
 * Turns the answer of a proxy resolver (Electron's `session.resolveProxy`, which applies the
 * OS settings and PAC files) into the proxy to use. The answer is PAC syntax: entries such as
 * `PROXY host:port`, `HTTPS host:port`, `SOCKS5 host:port` or `DIRECT`, separated by `;`, in
 * order of preference. Returns the first HTTP(S) proxy as a URL, or null for a direct
 * connection. SOCKS entries are skipped (the app's HTTP client speaks HTTP proxies only).
 */
export function proxyFromPacResult(result: string): string | null {
  for (const entry of result.split(';')) {
    const [type, address] = entry.trim().split(/\s+/, 2);
    const kind = type?.toUpperCase();
    if (kind === 'DIRECT') return null;
    if (!address || !/^[\w.-]+:\d+$|^\[[\da-f:]+\]:\d+$/i.test(address)) continue;
    if (kind === 'PROXY') return `http://${address}`;
    if (kind === 'HTTPS') return `https://${address}`;
  }
  return null;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Loopback never goes through a proxy: the demo provider, local test servers, dev IdPs. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** The proxy URL without its credentials, for messages. */
export function displayProxy(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}
