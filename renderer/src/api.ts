import type { TokenManagerApi } from '../../preload/api.ts';
import type { ErrorInfo } from '../../contract/domain.ts';

/** The only way to main: the preload's named API (a Playwright bridge in tests and preview). */
export function tokenManager(): TokenManagerApi {
  return window.tokenManager;
}

/** An error raised in the renderer itself (validation), shaped like main's. */
export function localError(message: string): ErrorInfo {
  return { code: 'INVALID_INPUT', message };
}

/** A rejected promise means the bridge itself broke; say so instead of failing silently. */
export function bridgeError(err: unknown): ErrorInfo {
  return {
    code: 'INTERNAL',
    message: 'The app could not reach its background process. Restart Token Desk.',
    ...(err instanceof Error && err.message ? { providerMessage: err.message } : {}),
  };
}
