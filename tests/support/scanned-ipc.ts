import type { InvokeChannel } from '../../contract/channels.ts';
import type { Core } from '../../main/core/app-core.ts';
import { createIpcHandlers, type HandlerTable } from '../../main/core/ipc/handlers.ts';
import { scanForSecrets } from './leak-detector.ts';

/** The one channel whose purpose is to hand a raw token to the renderer, when asked to. */
const EXPLICIT_REVEAL: InvokeChannel = 'accounts:revealToken';

/**
 * The app's IPC handler table with every result and log line scanned for known secrets: what
 * the renderer receives (error messages included) must never carry a token, a refresh token or
 * a client secret, except the token an explicit reveal returns.
 */
export function createScannedIpcHandlers(
  core: Core,
  options: { trustedSenders: readonly string[]; log?: (message: string) => void },
): HandlerTable {
  const table = createIpcHandlers(core, {
    trustedSenders: options.trustedSenders,
    log: (message) => {
      scanForSecrets(message, 'ipc log');
      (options.log ?? ((m: string) => console.error(m)))(message);
    },
  });
  const scanned = {} as Record<
    InvokeChannel,
    (sender: string | null | undefined, input: unknown) => Promise<unknown>
  >;
  for (const channel of Object.keys(table) as InvokeChannel[]) {
    const handler = table[channel] as (
      sender: string | null | undefined,
      input: unknown,
    ) => Promise<{ ok: boolean }>;
    scanned[channel] = async (sender, input) => {
      const result = await handler(sender, input);
      if (channel !== EXPLICIT_REVEAL || !result.ok) scanForSecrets(result, `ipc ${channel}`);
      return result;
    };
  }
  return scanned as unknown as HandlerTable;
}
