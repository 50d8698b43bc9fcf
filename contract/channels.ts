/**
 * The IPC contract: every invoke channel with its input and output, and every event main
 * pushes. Main derives its handler table from {@link InvokeChannels}; the preload exposes them
 * as the named API in preload/api.ts.
 */
import type {
  AccessLogEntry,
  AccountScriptingInput,
  AccountsDelta,
  AccountSummary,
  AgentStatus,
  AppInfo,
  AppSettings,
  ConsentDecision,
  ConsentRequest,
  CopyFormat,
  Inspection,
  ProviderExport,
  ProviderImportInput,
  ProviderImportPreview,
  ProviderImportResult,
  RefreshAllResult,
  ProviderInput,
  ProviderKindForm,
  ProviderPreset,
  ProviderSummary,
  SignInFlow,
  SignInStartInput,
  TokenHistoryEntry,
  TokenKind,
  VaultProtectionChange,
  VaultProtectionInput,
  VaultStatus,
} from './domain.ts';

type Channel<I, O> = { input: I; output: O };

export interface InvokeChannels {
  'app:info': Channel<void, AppInfo>;
  'settings:get': Channel<void, AppSettings>;
  'settings:update': Channel<Partial<AppSettings>, AppSettings>;
  'vault:status': Channel<void, VaultStatus>;
  'vault:create': Channel<VaultProtectionInput, VaultStatus>;
  'vault:unlock': Channel<{ passphrase: string }, VaultStatus>;
  /** Reads the vault again and retries the OS keychain (after it refused to open the vault). */
  'vault:retryKeychain': Channel<void, VaultStatus>;
  'vault:lock': Channel<void, VaultStatus>;
  /** Re-keys the vault under new protection (see `VaultProtectionChange`). */
  'vault:changeProtection': Channel<VaultProtectionChange, VaultStatus>;
  'vault:setAsideDamaged': Channel<void, VaultStatus & { movedTo: string }>;
  'providers:list': Channel<void, ProviderSummary[]>;
  'providers:presets': Channel<void, ProviderPreset[]>;
  /** How the form asks for each kind of provider, from main's provider registry. */
  'providers:kinds': Channel<void, ProviderKindForm[]>;
  'providers:add': Channel<ProviderInput, ProviderSummary>;
  'providers:update': Channel<{ id: string; changes: ProviderInput }, ProviderSummary>;
  'providers:remove': Channel<{ id: string }, void>;
  'accounts:list': Channel<void, AccountSummary[]>;
  'accounts:refresh': Channel<{ id: string }, AccountSummary>;
  /** Refreshes every account (or one provider's), a few at a time. */
  'accounts:refreshAll': Channel<{ providerId?: string }, RefreshAllResult>;
  'accounts:revoke': Channel<{ id: string }, AccountSummary>;
  'accounts:inspect': Channel<{ id: string }, Inspection>;
  'accounts:remove': Channel<{ id: string }, void>;
  'accounts:rename': Channel<{ id: string; label: string }, AccountSummary>;
  'accounts:copyToken': Channel<{ id: string; kind: TokenKind }, { clearsAt: number | null }>;
  /** A curl command for `method` `url` with the access token (and a fresh DPoP proof), copied in main. */
  'accounts:copyCurl': Channel<
    { id: string; method: string; url: string },
    { clearsAt: number | null }
  >;
  'accounts:revealToken': Channel<{ id: string; kind: TokenKind }, { token: string }>;
  'signIn:start': Channel<SignInStartInput, SignInFlow>;
  'signIn:cancel': Channel<{ flowId: string }, void>;
  'signIn:openInBrowser': Channel<{ flowId: string }, void>;
  'signIn:list': Channel<void, SignInFlow[]>;
  // Tokens for scripts
  'accounts:updateScripting': Channel<AccountScriptingInput, AccountSummary>;
  'agent:status': Channel<void, AgentStatus>;
  'agent:pending': Channel<void, ConsentRequest[]>;
  'agent:answer': Channel<{ requestId: string; decision: ConsentDecision }, void>;
  'agent:log': Channel<void, AccessLogEntry[]>;
  'agent:clearLog': Channel<void, void>;
  // Copy as…, token history, sharing provider setups
  'accounts:copyAs': Channel<{ id: string; format: CopyFormat }, { clearsAt: number | null }>;
  'accounts:history': Channel<{ id: string }, TokenHistoryEntry[]>;
  'providers:export': Channel<{ ids?: string[] }, ProviderExport>;
  'providers:previewImport': Channel<{ content: string }, ProviderImportPreview>;
  'providers:import': Channel<ProviderImportInput, ProviderImportResult>;
}

export type InvokeChannel = keyof InvokeChannels;
export type ChannelInput<C extends InvokeChannel> = InvokeChannels[C]['input'];
export type ChannelOutput<C extends InvokeChannel> = InvokeChannels[C]['output'];

export interface EventChannels {
  'vault:changed': VaultStatus;
  'providers:changed': ProviderSummary[];
  'accounts:changed': AccountsDelta;
  'signIn:changed': SignInFlow[];
  // Tokens for scripts
  'agent:changed': AgentStatus;
  'agent:pendingChanged': ConsentRequest[];
  'agent:logChanged': AccessLogEntry[];
}

export type EventChannel = keyof EventChannels;

export const INVOKE_CHANNELS = [
  'app:info',
  'settings:get',
  'settings:update',
  'vault:status',
  'vault:create',
  'vault:unlock',
  'vault:retryKeychain',
  'vault:lock',
  'vault:changeProtection',
  'vault:setAsideDamaged',
  'providers:list',
  'providers:presets',
  'providers:kinds',
  'providers:add',
  'providers:update',
  'providers:remove',
  'accounts:list',
  'accounts:refresh',
  'accounts:refreshAll',
  'accounts:revoke',
  'accounts:inspect',
  'accounts:remove',
  'accounts:rename',
  'accounts:copyToken',
  'accounts:copyCurl',
  'accounts:revealToken',
  'signIn:start',
  'signIn:cancel',
  'signIn:openInBrowser',
  'signIn:list',
  // Tokens for scripts
  'accounts:updateScripting',
  'agent:status',
  'agent:pending',
  'agent:answer',
  'agent:log',
  'agent:clearLog',
  // Copy as…, token history, sharing provider setups
  'accounts:copyAs',
  'accounts:history',
  'providers:export',
  'providers:previewImport',
  'providers:import',
] as const satisfies readonly InvokeChannel[];

export const EVENT_CHANNELS = [
  'vault:changed',
  'providers:changed',
  'accounts:changed',
  'signIn:changed',
  // Tokens for scripts
  'agent:changed',
  'agent:pendingChanged',
  'agent:logChanged',
] as const satisfies readonly EventChannel[];
