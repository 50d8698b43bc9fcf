import type { ChannelOutput, InvokeChannel, InvokeChannels } from '../../../contract/channels.ts';
import type { Result, VaultProtectionInput } from '../../../contract/domain.ts';
import type { Core } from '../app-core.ts';
import { updateAccountScripting } from '../agent/account-scripting.ts';
import { copyTokenAs } from '../accounts/copy-token.ts';
import { exportProviders, importProviders, previewImport } from '../sharing/provider-sharing.ts';
import { AppError, toAppError } from '../errors.ts';
import { providerPresets } from '../providers/presets.ts';
import { providerKindForms } from '../providers/registry.ts';
import { INPUT_SCHEMAS } from './input-schemas.ts';
import { isTrustedSender } from './sender-guard.ts';
import type { NewProtection } from '../vault/token-vault.ts';

type Implementation = {
  [C in InvokeChannel]: (
    input: InvokeChannels[C]['input'],
  ) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

/** A validated, sender-checked handler per channel, returning `Result` and never throwing. */
export type HandlerTable = {
  [C in InvokeChannel]: (
    senderUrl: string | null | undefined,
    input: unknown,
  ) => Promise<Result<ChannelOutput<C>>>;
};

function implement(core: Core): Implementation {
  const { vault, providers, accounts, signIn } = core;
  return {
    'app:info': () => ({
      ...core.info,
      clipboardClearSeconds: core.metadata.getSettings().clipboardClearSeconds,
    }),
    'settings:get': () => core.metadata.getSettings(),
    'settings:update': async (changes) => {
      const settings = core.metadata.updateSettings(changes);
      core.scheduler.reschedule();
      if (changes.scriptsEnabled !== undefined) await core.agent.sync();
      return settings;
    },
    'vault:status': () => core.vaultStatus(),
    'vault:create': async (input) => {
      await vault.create(newProtection(input));
      return core.vaultStatus();
    },
    'vault:unlock': async ({ passphrase }) => {
      await vault.unlock(passphrase);
      return core.vaultStatus();
    },
    'vault:retryKeychain': async () => {
      if (!vault.isUnlocked) await vault.load();
      const status = await core.vaultStatus();
      if (status.state === 'locked') {
        throw new AppError(
          'VAULT_LOCKED',
          'The keychain still did not open the vault. Unlock your system keychain (or sign in to your desktop session again), then try again.',
        );
      }
      return status;
    },
    'vault:lock': () => {
      core.lock('user');
      return core.vaultStatus();
    },
    'vault:changeProtection': async (input) => {
      await vault.changeProtection(newProtection(input), input.currentPassphrase);
      return core.vaultStatus();
    },
    'vault:setAsideDamaged': async () => {
      const movedTo = await vault.setAsideDamagedFile();
      return { ...(await core.vaultStatus()), movedTo };
    },
    'providers:list': () => providers.summaries(),
    'providers:presets': () => providerPresets(),
    'providers:kinds': () => providerKindForms(),
    'providers:add': (input) => providers.add(input),
    'providers:update': ({ id, changes }) => providers.update(id, changes),
    'providers:remove': async ({ id }) => {
      await accounts.removeAllForProvider(id);
      await providers.remove(id);
    },
    'accounts:list': () => accounts.summaries(),
    'accounts:refresh': ({ id }) => accounts.refresh(id),
    'accounts:refreshAll': ({ providerId }) => core.refreshAll(providerId),
    'accounts:revoke': ({ id }) => accounts.revoke(id),
    'accounts:inspect': ({ id }) => accounts.inspect(id),
    'accounts:remove': ({ id }) => accounts.remove(id),
    'accounts:rename': ({ id, label }) => accounts.rename(id, label),
    'accounts:copyToken': async ({ id, kind }) =>
      core.clipboard.copySecret(await accounts.freshToken(id, kind)),
    'accounts:copyCurl': async ({ id, method, url }) =>
      core.clipboard.copySecret(await accounts.curlCommand(id, method, url)),
    'accounts:revealToken': ({ id, kind }) => ({ token: accounts.revealToken(id, kind) }),
    'signIn:start': (input) => signIn.start(input),
    'signIn:cancel': ({ flowId }) => signIn.cancel(flowId),
    'signIn:openInBrowser': ({ flowId }) => signIn.openInBrowser(flowId),
    'signIn:list': () => signIn.list(),
    // Tokens for scripts
    'accounts:updateScripting': (input) => updateAccountScripting(core, input),
    'agent:status': () => core.agent.status(),
    'agent:pending': () => core.consent.list(),
    'agent:answer': ({ requestId, decision }) => core.consent.answer(requestId, decision),
    'agent:log': () => core.accessLog.list(),
    'agent:clearLog': () => core.accessLog.clear(),
    // Copy as…, token history, sharing provider setups
    'accounts:copyAs': ({ id, format }) => copyTokenAs(accounts, core.clipboard, id, format),
    'accounts:history': ({ id }) => {
      accounts.get(id);
      return core.history.list(id);
    },
    'providers:export': ({ ids }) => {
      const all = providers.list();
      const chosen = ids ? ids.map((id) => providers.get(id)) : all;
      if (chosen.length === 0) throw new AppError('NOT_FOUND', 'There is no provider to export.');
      return exportProviders(chosen, Date.now());
    },
    'providers:previewImport': ({ content }) => previewImport(content, providers.summaries()),
    'providers:import': (input) => importProviders(input, providers),
  };
}

/**
 * The handler table the Electron shell registers with `ipcMain.handle` and the test bridge
 * binds with `page.exposeBinding`: same code, only the transport differs.
 */
export function createIpcHandlers(
  core: Core,
  options: { trustedSenders: readonly string[]; log?: (message: string) => void },
): HandlerTable {
  const impl = implement(core);
  const log = options.log ?? ((message: string) => console.error(message));
  const table = {} as Record<InvokeChannel, HandlerTable[InvokeChannel]>;
  for (const channel of Object.keys(INPUT_SCHEMAS) as InvokeChannel[]) {
    table[channel] = async (senderUrl, input) => {
      if (!isTrustedSender(senderUrl, options.trustedSenders)) {
        return failure(
          new AppError('UNTRUSTED_SENDER', 'This request did not come from the app window.'),
        );
      }
      const parsed = INPUT_SCHEMAS[channel].safeParse(input);
      if (!parsed.success) {
        return failure(new AppError('INVALID_INPUT', `Invalid request for ${channel}.`));
      }
      // A call from the window is the user at work, unless it only reads what is shown.
      if (!READ_ONLY_CHANNELS.has(channel)) core.autoLock.activity();
      try {
        const run = impl[channel] as (input: unknown) => unknown;
        return { ok: true, value: await run(parsed.data) } as Result<never>;
      } catch (err) {
        const error = toAppError(err);
        // Codes and messages only: they are written never to contain secrets.
        if (error.code === 'INTERNAL') log(`[ipc] ${channel} failed: ${describeCause(err)}`);
        return failure(error);
      }
    };
  }
  return table as HandlerTable;
}

/** Channels the window calls by itself to show what changed; they are not user activity. */
const READ_ONLY_CHANNELS = new Set<InvokeChannel>([
  'app:info',
  'settings:get',
  'vault:status',
  'providers:list',
  'providers:presets',
  'providers:kinds',
  'accounts:list',
  'signIn:list',
  'accounts:history',
  'providers:previewImport',
]);

/** The vault's word for the protection the window asked for (`protection` → `kind`). */
function newProtection(input: VaultProtectionInput): NewProtection {
  return input.protection === 'passphrase'
    ? { kind: 'passphrase', passphrase: input.passphrase }
    : { kind: 'os-keychain' };
}

function failure(error: AppError): { ok: false; error: ReturnType<AppError['toInfo']> } {
  return { ok: false, error: error.toInfo() };
}

function describeCause(err: unknown): string {
  const e = err instanceof AppError && err.cause ? err.cause : err;
  return e instanceof Error ? `${e.name}: ${e.message}` : typeof e;
}
