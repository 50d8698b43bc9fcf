import type {
  AccountSummary,
  ConsentDecision,
  ConsentRequest,
  CopyFormat,
} from '../../contract/domain.ts';

/**
 * The tray menu as plain data, so what the user sees in it is tested on plain Node. The shell
 * turns these items into an Electron `Menu` and maps each action to a core call.
 */

export type TrayAction =
  | { kind: 'copy'; accountId: string; format: CopyFormat }
  | { kind: 'refresh'; accountId: string }
  | { kind: 'refresh-all' }
  | { kind: 'answer-script'; requestId: string; decision: ConsentDecision }
  | { kind: 'show-window' }
  | { kind: 'quit' };

export type TrayMenuItem =
  | { type: 'separator' }
  /** A line of text the user reads but cannot click (provider headings, statuses). */
  | { type: 'label'; label: string }
  | {
      type: 'action';
      label: string;
      enabled: boolean;
      action: TrayAction;
      /** Why it is disabled, or what it will do; shown as a tooltip where supported. */
      hint?: string;
    }
  | { type: 'submenu'; label: string; items: TrayMenuItem[] };

export interface TrayMenuOptions {
  /** While the vault is locked no token can be read, so token actions are disabled. */
  locked?: boolean;
  /** Scripts waiting for an answer ("ask" accounts), listed first. */
  pendingScripts?: readonly ConsentRequest[];
}

const MAX_LABEL_LENGTH = 40;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LOCKED_HINT = 'Unlock Token Desk first.';
const COPY_CHOICES: readonly { format: CopyFormat; label: string }[] = [
  { format: 'access-token', label: 'Copy access token' },
  { format: 'authorization-header', label: 'Copy as Authorization header' },
  { format: 'curl', label: 'Copy as curl command' },
  { format: 'id-token', label: 'Copy ID token' },
];

/**
 * Builds the tray menu: accounts grouped under their provider (both sorted by name), each
 * with its expiry and the actions its summary says are available, then "Refresh all",
 * "Show Token Desk" and "Quit".
 */
export function buildTrayMenu(
  accounts: readonly AccountSummary[],
  now: number,
  options: TrayMenuOptions = {},
): TrayMenuItem[] {
  const locked = options.locked ?? false;
  const items: TrayMenuItem[] = [];

  const pending = options.pendingScripts ?? [];
  if (pending.length > 0) {
    items.push({
      type: 'label',
      label:
        pending.length === 1
          ? 'A script asks for a token'
          : `${pending.length} scripts ask for tokens`,
    });
    for (const request of pending) items.push(scriptSubmenu(request));
    items.push({ type: 'separator' });
  }

  if (accounts.length === 0) {
    items.push({ type: 'label', label: 'No accounts yet' });
  } else {
    if (locked) items.push({ type: 'label', label: 'Vault locked: unlock to use tokens' });
    for (const [providerName, group] of groupByProvider(accounts)) {
      items.push({ type: 'label', label: truncate(providerName) });
      for (const account of group) items.push(accountSubmenu(account, now, locked));
    }
  }

  const refreshable = accounts.filter((a) => a.actions.refresh.available);
  items.push(
    { type: 'separator' },
    {
      type: 'action',
      label: 'Refresh all',
      enabled: !locked && refreshable.length > 0,
      action: { kind: 'refresh-all' },
      ...(locked
        ? { hint: LOCKED_HINT }
        : refreshable.length === 0
          ? { hint: 'No account can be refreshed.' }
          : {}),
    },
    { type: 'action', label: 'Show Token Desk', enabled: true, action: { kind: 'show-window' } },
    { type: 'separator' },
    { type: 'action', label: 'Quit', enabled: true, action: { kind: 'quit' } },
  );
  return items;
}

/**
 * A short state for a menu line: "expires in 12 min", "expired", "sign in again"… Minutes are
 * rounded down so the menu never promises more time than is left.
 */
export function describeAccountState(account: AccountSummary, now: number): string {
  switch (account.status) {
    case 'revoked':
      return 'revoked';
    case 'reauth-required':
    case 'error':
      return 'sign in again';
    case 'active':
      break;
  }
  if (account.expiresAt === null) return 'no expiry';
  const left = account.expiresAt - now;
  if (left <= 0) return 'expired';
  if (left < MINUTE) return 'expires in under a minute';
  if (left < HOUR) return `expires in ${Math.floor(left / MINUTE)} min`;
  if (left < DAY) {
    const hours = Math.floor(left / HOUR);
    const minutes = Math.floor((left % HOUR) / MINUTE);
    return minutes === 0 ? `expires in ${hours} h` : `expires in ${hours} h ${minutes} min`;
  }
  const days = Math.floor(left / DAY);
  return `expires in ${days} ${days === 1 ? 'day' : 'days'}`;
}

/** The IDs of the accounts "Refresh all" refreshes. */
export function refreshAllTargets(accounts: readonly AccountSummary[]): string[] {
  return accounts.filter((a) => a.actions.refresh.available).map((a) => a.id);
}

function accountSubmenu(account: AccountSummary, now: number, locked: boolean): TrayMenuItem {
  const state = describeAccountState(account, now);
  const copy = account.actions.copy;
  const refresh = account.actions.refresh;
  const items: TrayMenuItem[] = [];
  if (account.statusMessage && account.status !== 'active') {
    items.push({ type: 'label', label: truncate(account.statusMessage, 60) });
  }
  // The same "Copy as…" choices as the window, the ID token only where there is one.
  const formats = COPY_CHOICES.filter((c) => c.format !== 'id-token' || account.hasIdToken);
  items.push(
    ...formats.map(({ format, label }): TrayMenuItem => ({
      type: 'action',
      label,
      enabled: !locked && copy.available,
      action: { kind: 'copy', accountId: account.id, format },
      ...hintFor(copy, locked),
    })),
    {
      type: 'action',
      label: account.refreshLabel,
      enabled: !locked && refresh.available,
      action: { kind: 'refresh', accountId: account.id },
      ...hintFor(refresh, locked),
    },
  );
  return { type: 'submenu', label: `${truncate(account.label)} — ${state}`, items };
}

function scriptSubmenu(request: ConsentRequest): TrayMenuItem {
  const who =
    request.applicationHint ?? request.process?.executable?.split('/').pop() ?? 'A script';
  const answer = (label: string, decision: ConsentDecision): TrayMenuItem => ({
    type: 'action',
    label,
    enabled: true,
    action: { kind: 'answer-script', requestId: request.id, decision },
  });
  return {
    type: 'submenu',
    label: `${truncate(who, 24)} → ${truncate(request.shortName, 24)}`,
    items: [
      answer('Allow once', 'allow-once'),
      answer('Allow for 1 hour', 'allow-hour'),
      answer('Deny', 'deny'),
    ],
  };
}

function hintFor(
  availability: AccountSummary['actions']['copy'],
  locked: boolean,
): { hint?: string } {
  if (locked) return { hint: LOCKED_HINT };
  if (!availability.available) return { hint: availability.reason };
  return availability.note ? { hint: availability.note } : {};
}

function groupByProvider(accounts: readonly AccountSummary[]): [string, AccountSummary[]][] {
  const groups = new Map<string, { name: string; accounts: AccountSummary[] }>();
  for (const account of accounts) {
    const group = groups.get(account.providerId);
    if (group) group.accounts.push(account);
    else groups.set(account.providerId, { name: account.providerName, accounts: [account] });
  }
  const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' });
  return [...groups.values()]
    .sort((a, b) => byName(a.name, b.name))
    .map((g) => [g.name, g.accounts.sort((a, b) => byName(a.label, b.label))]);
}

function truncate(text: string, max = MAX_LABEL_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
