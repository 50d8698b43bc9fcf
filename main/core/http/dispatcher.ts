import { createHash } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import { loadUndici } from './undici.ts';
import type { NetworkProfile } from './network-profile.ts';
import { isLoopbackHost, proxyFromPacResult } from './proxy-resolution.ts';
import { trustedCertificatesFor } from './trust-store.ts';

/**
 * Asks the operating system which proxy applies to a URL. In the app the shell passes
 * Electron's `session.resolveProxy` (OS settings, PAC files included); it answers in PAC
 * syntax ("PROXY host:port; DIRECT").
 */
export type SystemProxyResolver = (url: string) => Promise<string>;

/** More distinct network profiles than any user has providers: past it, the oldest is closed. */
const MAX_DISPATCHERS = 64;

export interface NetworkEnvironment {
  /** The OS's proxy settings (Electron). Without it, the proxy variables below apply. */
  resolveSystemProxy?: SystemProxyResolver;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY; default: the process environment. */
  proxyVariables?: { httpsProxy?: string; httpProxy?: string; noProxy?: string };
  /**
   * Tests only: host names resolved to these addresses on direct connections, so a test
   * provider can have a real name (and certificate) while nothing leaves 127.0.0.1.
   */
  hostAliases?: Record<string, string>;
}

/** Where one request goes: the dispatcher to send it with, and the proxy it passes, if any. */
export interface Route {
  dispatcher: Dispatcher;
  /** The proxy URL (with no credentials), or null for a direct connection. */
  proxy: string | null;
}

/**
 * Hands out undici dispatchers for provider calls, one per combination of proxy, trust and
 * client certificate, reused across calls (connections are kept alive per dispatcher).
 * Loopback destinations always connect directly.
 */
export class NetworkRouter {
  private readonly env: NetworkEnvironment;
  private readonly dispatchers = new Map<string, Dispatcher>();

  /** Test host aliases as a resolver (also used to probe a rejected certificate). */
  readonly lookup: LookupFunction | undefined;

  constructor(env: NetworkEnvironment = {}) {
    this.env = env;
    this.lookup = env.hostAliases ? aliasLookup(env.hostAliases) : undefined;
  }

  /** The dispatcher and proxy for a request to `url` made with `profile`. */
  async route(url: URL, profile: NetworkProfile): Promise<Route> {
    const undici = await loadUndici();
    if (isLoopbackHost(url.hostname) || profile.proxy === 'none')
      return { dispatcher: this.direct(undici, profile), proxy: null };
    if (profile.proxy === 'url' && profile.proxyUrl) {
      return {
        dispatcher: this.proxied(undici, profile.proxyUrl, profile),
        proxy: profile.proxyUrl,
      };
    }
    if (this.env.resolveSystemProxy) {
      const proxy = proxyFromPacResult(await this.env.resolveSystemProxy(url.href));
      return proxy
        ? { dispatcher: this.proxied(undici, proxy, profile), proxy }
        : { dispatcher: this.direct(undici, profile), proxy: null };
    }
    return this.fromVariables(undici, url, profile);
  }

  /** Closes every kept connection (the app quits). */
  async close(): Promise<void> {
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    await Promise.allSettled(all.map((d) => d.close()));
  }

  private fromVariables(undici: typeof Undici, url: URL, profile: NetworkProfile): Route {
    const vars = this.env.proxyVariables ?? {
      httpsProxy: process.env['HTTPS_PROXY'] ?? process.env['https_proxy'],
      httpProxy: process.env['HTTP_PROXY'] ?? process.env['http_proxy'],
      noProxy: process.env['NO_PROXY'] ?? process.env['no_proxy'],
    };
    const proxy = (url.protocol === 'https:' ? vars.httpsProxy : vars.httpProxy) || null;
    if (!proxy) return { dispatcher: this.direct(undici, profile), proxy: null };
    const options = {
      ...(vars.httpsProxy ? { httpsProxy: vars.httpsProxy } : {}),
      ...(vars.httpProxy ? { httpProxy: vars.httpProxy } : {}),
      noProxy: vars.noProxy ?? '',
    };
    // undici's EnvHttpProxyAgent applies NO_PROXY itself (suffixes, ports, `*`).
    const dispatcher = this.kept(['env', options, profile], () => {
      const tlsOptions = this.tlsOptions(profile);
      return new undici.EnvHttpProxyAgent({
        ...options,
        connect: tlsOptions,
        requestTls: tlsOptions,
      });
    });
    return { dispatcher, proxy: noProxyCovers(url, options.noProxy) ? null : proxy };
  }

  private direct(undici: typeof Undici, profile: NetworkProfile): Dispatcher {
    return this.kept(['direct', profile.extraCaCertificates, profile.clientCertificate], () => {
      return new undici.Agent({ connect: this.tlsOptions(profile) });
    });
  }

  private proxied(undici: typeof Undici, proxyUrl: string, profile: NetworkProfile): Dispatcher {
    const credentials =
      profile.proxy === 'url' && profile.proxyUsername
        ? `Basic ${Buffer.from(`${profile.proxyUsername}:${profile.proxyPassword ?? ''}`).toString('base64')}`
        : undefined;
    return this.kept(
      ['proxy', proxyUrl, credentials, profile.extraCaCertificates, profile.clientCertificate],
      () =>
        new undici.ProxyAgent({
          uri: proxyUrl,
          ...(credentials ? { token: credentials } : {}),
          requestTls: this.tlsOptions(profile),
        }),
    );
  }

  private tlsOptions(profile: NetworkProfile): {
    ca: string[];
    cert?: string;
    key?: string;
    lookup?: LookupFunction;
  } {
    const options: ReturnType<NetworkRouter['tlsOptions']> = {
      ca: [...trustedCertificatesFor(profile.extraCaCertificates)],
    };
    if (profile.clientCertificate) {
      options.cert = profile.clientCertificate.certPem;
      options.key = profile.clientCertificate.keyPem;
    }
    if (this.lookup) options.lookup = this.lookup;
    return options;
  }

  /** One dispatcher per key; the key is hashed because it may hold a proxy password or key. */
  private kept(key: unknown, create: () => Dispatcher): Dispatcher {
    const id = createHash('sha256').update(JSON.stringify(key)).digest('base64url');
    let dispatcher = this.dispatchers.get(id);
    if (!dispatcher) {
      // Settings that changed leave their dispatcher unused: the oldest goes past the cap.
      if (this.dispatchers.size >= MAX_DISPATCHERS) {
        const [oldestId, oldest] = this.dispatchers.entries().next().value!;
        this.dispatchers.delete(oldestId);
        void oldest.close().catch(() => undefined);
      }
      dispatcher = create();
      this.dispatchers.set(id, dispatcher);
    }
    return dispatcher;
  }
}

/** Whether NO_PROXY exempts `url` (for messages only; undici decides for the request). */
function noProxyCovers(url: URL, noProxy: string): boolean {
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const [host, port] = entry.replace(/^\*?\./, '').split(':');
      if (port && port !== (url.port || (url.protocol === 'https:' ? '443' : '80'))) return false;
      return url.hostname === host || url.hostname.endsWith(`.${host}`);
    });
}

function aliasLookup(aliases: Record<string, string>): LookupFunction {
  return (hostname, options, callback) => {
    const address = aliases[hostname] ?? (hostname === 'localhost' ? '127.0.0.1' : undefined);
    if (address === undefined) {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
        code: 'ENOTFOUND',
      });
      callback(error, '', 4);
      return;
    }
    const family = address.includes(':') ? 6 : 4;
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address, family },
      ]);
    else callback(null, address, family);
  };
}
