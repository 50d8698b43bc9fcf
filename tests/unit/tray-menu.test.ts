import { describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../contract/domain.ts';
import { accountSummary } from '../support/account-summary.ts';
import {
  buildTrayMenu,
  describeAccountState,
  refreshAllTargets,
  type TrayMenuItem,
} from '../../main/core/tray-menu.ts';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const MIN = 60_000;

function account(overrides: Partial<AccountSummary> = {}): AccountSummary {
  return accountSummary({
    providerName: 'Keycloak',
    label: 'alice@example.com',
    subject: 'alice',
    scopes: ['openid'],
    expiresAt: NOW + 12 * MIN,
    issuedAt: NOW - 48 * MIN,
    ...overrides,
  });
}

const noRefresh = {
  refresh: { available: false as const, reason: 'GitHub issued no refresh token.' },
  revoke: { available: true as const },
  inspect: { available: true as const },
  copy: { available: true as const },
};

type Submenu = Extract<TrayMenuItem, { type: 'submenu' }>;
type Action = Extract<TrayMenuItem, { type: 'action' }>;

const submenus = (items: TrayMenuItem[]) => items.filter((i): i is Submenu => i.type === 'submenu');
const labels = (items: TrayMenuItem[]) =>
  items.map((i) => (i.type === 'separator' ? '---' : i.label));
const action = (items: TrayMenuItem[], label: string): Action => {
  const found = items.find((i): i is Action => i.type === 'action' && i.label === label);
  if (!found) throw new Error(`no "${label}" in ${labels(items).join(', ')}`);
  return found;
};

describe('buildTrayMenu', () => {
  it('shows each account with its expiry under its provider', () => {
    const menu = buildTrayMenu([account()], NOW);
    expect(labels(menu)).toEqual([
      'Keycloak',
      'alice@example.com — expires in 12 min',
      '---',
      'Refresh all',
      'Show Token Desk',
      '---',
      'Quit',
    ]);
  });

  it('groups accounts by provider, providers and accounts sorted by name', () => {
    const menu = buildTrayMenu(
      [
        account({ id: 'z', providerId: 'kc', providerName: 'keycloak', label: 'zoe' }),
        account({ id: 'g', providerId: 'gh', providerName: 'GitHub', label: 'octocat' }),
        account({ id: 'a', providerId: 'kc', providerName: 'keycloak', label: 'Alice' }),
      ],
      NOW,
    );
    expect(labels(menu).slice(0, 5)).toEqual([
      'GitHub',
      'octocat — expires in 12 min',
      'keycloak',
      'Alice — expires in 12 min',
      'zoe — expires in 12 min',
    ]);
  });

  it('offers copy and refresh for an active account, bound to that account', () => {
    const [entry] = submenus(buildTrayMenu([account({ id: 'acc-7' })], NOW));
    const copy = action(entry!.items, 'Copy access token');
    const refresh = action(entry!.items, 'Refresh');
    expect(copy).toMatchObject({
      enabled: true,
      action: { kind: 'copy', accountId: 'acc-7', format: 'access-token' },
    });
    expect(refresh).toMatchObject({
      enabled: true,
      action: { kind: 'refresh', accountId: 'acc-7' },
    });
  });

  it('offers the same "Copy as" choices as the window, the ID token only where there is one', () => {
    const [withId] = submenus(buildTrayMenu([account({ id: 'acc-7', hasIdToken: true })], NOW));
    expect(labels(withId!.items).filter((l) => l.startsWith('Copy'))).toEqual([
      'Copy access token',
      'Copy as Authorization header',
      'Copy as curl command',
      'Copy ID token',
    ]);
    expect(action(withId!.items, 'Copy as curl command').action).toEqual({
      kind: 'copy',
      accountId: 'acc-7',
      format: 'curl',
    });
    expect(action(withId!.items, 'Copy ID token').action).toMatchObject({ format: 'id-token' });
    const [withoutId] = submenus(buildTrayMenu([account({ hasIdToken: false })], NOW));
    expect(labels(withoutId!.items)).not.toContain('Copy ID token');
    const [locked] = submenus(buildTrayMenu([account()], NOW, { locked: true }));
    const copies = (locked!.items as { label?: string; enabled?: boolean }[]).filter((i) =>
      i.label?.startsWith('Copy'),
    );
    expect(copies.length).toBe(4);
    expect(copies.every((i) => i.enabled === false)).toBe(true);
  });

  it('names the refresh action as the provider means it (Pi: "Verify again")', () => {
    const [entry] = submenus(buildTrayMenu([account({ refreshLabel: 'Verify again' })], NOW));
    expect(action(entry!.items, 'Verify again')).toMatchObject({
      enabled: true,
      action: { kind: 'refresh' },
    });
  });

  it('disables Refresh with the reason when the provider gave no refresh token', () => {
    const [entry] = submenus(buildTrayMenu([account({ actions: noRefresh })], NOW));
    expect(action(entry!.items, 'Refresh')).toMatchObject({
      enabled: false,
      hint: 'GitHub issued no refresh token.',
    });
    expect(action(entry!.items, 'Copy access token').enabled).toBe(true);
  });

  it('tells the user to sign in again and shows why', () => {
    const menu = buildTrayMenu(
      [
        account({
          status: 'reauth-required',
          statusMessage: 'The refresh token has expired.',
          actions: { ...noRefresh, refresh: { available: false, reason: 'Sign in again.' } },
        }),
      ],
      NOW,
    );
    const [entry] = submenus(menu);
    expect(entry!.label).toBe('alice@example.com — sign in again');
    expect(labels(entry!.items)[0]).toBe('The refresh token has expired.');
    expect(action(entry!.items, 'Refresh').enabled).toBe(false);
  });

  it('disables both actions of a revoked account', () => {
    const menu = buildTrayMenu(
      [
        account({
          status: 'revoked',
          actions: {
            refresh: { available: false, reason: 'This account was revoked. Sign in again.' },
            revoke: { available: false, reason: 'Already revoked.' },
            inspect: { available: true },
            copy: { available: false, reason: 'This account was revoked.' },
          },
        }),
      ],
      NOW,
    );
    const [entry] = submenus(menu);
    expect(entry!.label).toBe('alice@example.com — revoked');
    expect(action(entry!.items, 'Copy access token')).toMatchObject({
      enabled: false,
      hint: 'This account was revoked.',
    });
    expect(action(entry!.items, 'Refresh').enabled).toBe(false);
    expect(action(menu, 'Refresh all').enabled).toBe(false);
  });

  it('disables every token action while the vault is locked', () => {
    const menu = buildTrayMenu([account()], NOW, { locked: true });
    expect(labels(menu)[0]).toBe('Vault locked: unlock to use tokens');
    const [entry] = submenus(menu);
    expect(action(entry!.items, 'Copy access token').enabled).toBe(false);
    expect(action(entry!.items, 'Refresh').enabled).toBe(false);
    expect(action(menu, 'Refresh all').enabled).toBe(false);
    expect(action(menu, 'Show Token Desk').enabled).toBe(true);
    expect(action(menu, 'Quit').enabled).toBe(true);
  });

  it('says so when there are no accounts, and still offers Show and Quit', () => {
    const menu = buildTrayMenu([], NOW);
    expect(labels(menu)).toEqual([
      'No accounts yet',
      '---',
      'Refresh all',
      'Show Token Desk',
      '---',
      'Quit',
    ]);
    expect(action(menu, 'Refresh all').enabled).toBe(false);
    expect(action(menu, 'Show Token Desk').action).toEqual({ kind: 'show-window' });
    expect(action(menu, 'Quit').action).toEqual({ kind: 'quit' });
  });

  it('enables Refresh all when at least one account can be refreshed', () => {
    const menu = buildTrayMenu(
      [account({ id: 'a', actions: noRefresh }), account({ id: 'b' })],
      NOW,
    );
    expect(action(menu, 'Refresh all')).toMatchObject({
      enabled: true,
      action: { kind: 'refresh-all' },
    });
  });

  it('shortens long labels and flattens line breaks', () => {
    const label = `${'very-long-user-name'.repeat(4)}@example.com`;
    const [entry] = submenus(buildTrayMenu([account({ label: `${label}\n` })], NOW));
    const [shown] = entry!.label.split(' — ');
    expect(shown!.length).toBe(40);
    expect(shown!.endsWith('…')).toBe(true);
  });

  it('updates the expiry text as time passes', () => {
    const a = account({ expiresAt: NOW + 3 * MIN });
    expect(submenus(buildTrayMenu([a], NOW))[0]!.label).toContain('expires in 3 min');
    expect(submenus(buildTrayMenu([a], NOW + 2 * MIN))[0]!.label).toContain('expires in 1 min');
    expect(submenus(buildTrayMenu([a], NOW + 3 * MIN))[0]!.label).toContain('expired');
  });
});

describe('describeAccountState', () => {
  it.each([
    [12 * MIN + 59_000, 'expires in 12 min'],
    [59 * MIN, 'expires in 59 min'],
    [30_000, 'expires in under a minute'],
    [60 * MIN, 'expires in 1 h'],
    [90 * MIN, 'expires in 1 h 30 min'],
    [25 * 60 * MIN, 'expires in 1 day'],
    [3 * 24 * 60 * MIN, 'expires in 3 days'],
    [0, 'expired'],
    [-5 * MIN, 'expired'],
  ])('an access token with %i ms left: "%s"', (left, text) => {
    expect(describeAccountState(account({ expiresAt: NOW + left }), NOW)).toBe(text);
  });

  it('says when the provider gave no expiry', () => {
    expect(describeAccountState(account({ expiresAt: null }), NOW)).toBe('no expiry');
  });

  it('puts the need to sign in again before the expiry', () => {
    expect(describeAccountState(account({ status: 'reauth-required' }), NOW)).toBe('sign in again');
    expect(describeAccountState(account({ status: 'error' }), NOW)).toBe('sign in again');
    expect(describeAccountState(account({ status: 'revoked' }), NOW)).toBe('revoked');
  });
});

describe('refreshAllTargets', () => {
  it('lists only the accounts whose refresh is available', () => {
    expect(
      refreshAllTargets([
        account({ id: 'a' }),
        account({ id: 'b', actions: noRefresh }),
        account({ id: 'c' }),
      ]),
    ).toEqual(['a', 'c']);
  });
});

describe('scripts waiting for an answer', () => {
  const request = {
    id: 'req-1',
    accountId: 'acc-1',
    accountLabel: 'ana@example.test',
    shortName: 'work',
    applicationHint: 'deploy',
    process: { pid: 42, executable: '/usr/bin/oidc-token' },
    scope: null,
    audience: null,
    receivedAt: 0,
    expiresAt: 60_000,
  };

  it('lists each pending request first, with allow once, for an hour and deny', () => {
    const items = buildTrayMenu([], 0, { pendingScripts: [request] });
    expect(items[0]).toEqual({ type: 'label', label: 'A script asks for a token' });
    expect(items[1]).toEqual({
      type: 'submenu',
      label: 'deploy → work',
      items: [
        {
          type: 'action',
          label: 'Allow once',
          enabled: true,
          action: { kind: 'answer-script', requestId: 'req-1', decision: 'allow-once' },
        },
        {
          type: 'action',
          label: 'Allow for 1 hour',
          enabled: true,
          action: { kind: 'answer-script', requestId: 'req-1', decision: 'allow-hour' },
        },
        {
          type: 'action',
          label: 'Deny',
          enabled: true,
          action: { kind: 'answer-script', requestId: 'req-1', decision: 'deny' },
        },
      ],
    });
    expect(items[2]).toEqual({ type: 'separator' });
  });

  it('names the program when the script gave no hint, and counts several', () => {
    const items = buildTrayMenu([], 0, {
      pendingScripts: [
        { ...request, applicationHint: null },
        { ...request, id: 'req-2' },
      ],
    });
    expect(items[0]).toEqual({ type: 'label', label: '2 scripts ask for tokens' });
    expect(items[1]).toMatchObject({ label: 'oidc-token → work' });
  });

  it('shows nothing about scripts when none waits', () => {
    expect(JSON.stringify(buildTrayMenu([], 0, { pendingScripts: [] }))).not.toContain('script');
  });
});
