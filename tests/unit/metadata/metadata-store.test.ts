import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MetadataStore } from '../../../main/core/metadata/metadata-store.ts';
import {
  DEFAULT_SETTINGS,
  type AccountRecord,
  type ProviderConfig,
} from '../../../main/core/model.ts';

let dir: string;
let conf: Conf<Record<string, unknown>>;

/** A `conf` store in a temp folder, configured as the core harness builds it. */
function openConf(): Conf<Record<string, unknown>> {
  return new Conf<Record<string, unknown>>({
    cwd: dir,
    configName: 'metadata',
    configFileMode: 0o600,
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'token-desk-metadata-'));
  conf = openConf();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function provider(id: string, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    id,
    kind: 'oidc',
    name: `Provider ${id}`,
    issuer: 'https://idp.example.test',
    baseUrl: null,
    endpoints: { token: 'https://idp.example.test/token' },
    grantTypes: null,
    clientId: 'token-desk',
    clientAuth: 'none',
    hasClientSecret: false,
    scopes: ['openid'],
    authParams: {},
    tokenParams: {},
    redirectKind: 'loopback',
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

function accountRecord(id: string, overrides: Partial<AccountRecord> = {}): AccountRecord {
  return {
    id,
    providerId: 'p1',
    label: `user-${id}`,
    subject: id,
    scopes: ['openid'],
    expiresAt: 2_000,
    issuedAt: 1_000,
    lastRefreshedAt: null,
    status: 'active',
    statusMessage: null,
    signInMethod: 'authorization-code',
    hasRefreshToken: true,
    hasIdToken: true,
    createdAt: 1_000,
    shortName: `user-${id}`,
    scriptAccess: 'never',
    gitHosts: [],
    signInNeededBy: null,
    ...overrides,
  };
}

/** An entry a newer app version might have written: a provider kind this version lacks. */
const futureProvider = { ...provider('future'), kind: 'saml', extra: { certificate: '…' } };

describe('MetadataStore', () => {
  it('saves, updates and removes providers and accounts, and they survive a restart', () => {
    const store = new MetadataStore(conf);
    store.saveProvider(provider('p1'));
    store.saveProvider(provider('p2'));
    store.saveProvider(provider('p1', { name: 'Renamed', updatedAt: 2 }));
    store.saveAccount(accountRecord('a1'));
    store.saveAccount(accountRecord('a2'));
    store.deleteAccount('a1');
    store.deleteProvider('p2');

    const reopened = new MetadataStore(openConf());
    expect(reopened.listProviders()).toEqual([provider('p1', { name: 'Renamed', updatedAt: 2 })]);
    expect(reopened.getProvider('p1')?.name).toBe('Renamed');
    expect(reopened.getProvider('p2')).toBeUndefined();
    expect(reopened.listAccounts()).toEqual([accountRecord('a2')]);
    expect(reopened.getAccount('a2')?.label).toBe('user-a2');
  });

  it('skips invalid entries when reading but keeps them when writing', async () => {
    conf.set('providers', [futureProvider, provider('p1'), 'garbage', { id: 'half' }]);
    conf.set('accounts', [{ ...accountRecord('a1'), status: 'frozen' }]);
    const store = new MetadataStore(conf);
    expect(store.listProviders().map((p) => p.id)).toEqual(['p1']);
    expect(store.listAccounts()).toEqual([]);

    store.saveProvider(provider('p2'));
    store.saveProvider(provider('p1', { name: 'Renamed' }));
    store.deleteProvider('half');
    store.saveAccount(accountRecord('a2'));
    store.compact();

    const raw = JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8')) as {
      providers: unknown[];
      accounts: unknown[];
    };
    expect(raw.providers).toEqual([
      futureProvider,
      provider('p1', { name: 'Renamed' }),
      'garbage',
      provider('p2'),
    ]);
    expect(raw.accounts).toEqual([
      { ...accountRecord('a1'), status: 'frozen' },
      accountRecord('a2'),
    ]);
  });

  it('replaces an invalid entry when a valid one with its id is saved', () => {
    conf.set('accounts', [{ ...accountRecord('a1'), status: 'frozen' }]);
    const store = new MetadataStore(conf);
    store.saveAccount(accountRecord('a1'));
    store.compact();
    expect(conf.get('accounts')).toEqual([accountRecord('a1')]);
    expect(store.getAccount('a1')).toEqual(accountRecord('a1'));
  });

  it('treats a list that is not a list as empty, without throwing', () => {
    conf.set('providers', { p1: provider('p1') });
    const store = new MetadataStore(conf);
    expect(store.listProviders()).toEqual([]);
  });

  it('returns default settings, applies changes, and keeps them across a restart', () => {
    const store = new MetadataStore(conf);
    expect(store.getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(store.updateSettings({ clipboardClearSeconds: 0 })).toEqual({
      ...DEFAULT_SETTINGS,
      clipboardClearSeconds: 0,
    });
    store.updateSettings({ autoRefresh: false, autoLock: 'always', autoLockMinutes: 3 });
    store.updateSettings({ refreshConcurrency: 8, refreshPerProvider: 2 });
    expect(new MetadataStore(openConf()).getSettings()).toEqual({
      clipboardClearSeconds: 0,
      autoRefresh: false,
      autoLock: 'always',
      autoLockMinutes: 3,
      scriptsEnabled: false,
      refreshConcurrency: 8,
      refreshPerProvider: 2,
    });
  });

  it('fills missing settings with defaults', () => {
    conf.set('settings', { autoRefresh: false });
    expect(new MetadataStore(conf).getSettings()).toEqual({
      ...DEFAULT_SETTINGS,
      autoRefresh: false,
    });
  });

  it('bug: one invalid stored setting does not reset the others', () => {
    conf.set('settings', { autoRefresh: false, clipboardClearSeconds: 7200 });
    expect(new MetadataStore(conf).getSettings()).toEqual({
      ...DEFAULT_SETTINGS,
      autoRefresh: false,
    });
  });

  it('refuses settings outside their range and keeps the stored ones', () => {
    const store = new MetadataStore(conf);
    store.updateSettings({ clipboardClearSeconds: 45 });
    expect(() => store.updateSettings({ clipboardClearSeconds: 7200 })).toThrow();
    expect(() => store.updateSettings({ clipboardClearSeconds: 1.5 })).toThrow();
    expect(store.getSettings().clipboardClearSeconds).toBe(45);
  });
});
