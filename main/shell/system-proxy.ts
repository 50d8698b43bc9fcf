import { session } from 'electron';

/**
 * Which proxy the OS settings (PAC files included) choose for a URL, as Chromium resolves it:
 * PAC syntax such as "PROXY proxy.corp:8080; DIRECT". The core turns it into a route for
 * provider calls (main/core/http/dispatcher.ts). Call after `ready`.
 */
export function resolveSystemProxy(url: string): Promise<string> {
  return session.defaultSession.resolveProxy(url);
}
