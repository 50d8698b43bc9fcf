import { AppError } from '../errors.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for http(s) URLs on this machine, the only place plain http is acceptable. */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * Parses a provider URL the user typed. Requires https, except on loopback addresses where
 * local test servers and the demo provider run.
 */
export function parseProviderUrl(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new AppError('INVALID_INPUT', `${field} is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
    throw new AppError(
      'INVALID_INPUT',
      `${field} must use https:// (plain http:// is accepted only for 127.0.0.1 and localhost).`,
    );
  }
  if (url.username || url.password) {
    throw new AppError('INVALID_INPUT', `${field} must not contain a user name or password.`);
  }
  return url;
}
