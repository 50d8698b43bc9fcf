import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerTable } from '../../main/core/ipc/handlers.ts';
import { INPUT_SCHEMAS } from '../../main/core/ipc/input-schemas.ts';
import { providerPresets } from '../../main/core/providers/presets.ts';
import { providerKindForms, registerProviderKind } from '../../main/core/providers/registry.ts';
import {
  emptyForm,
  formFromInput,
  kindFormOf,
  toProviderInput,
  withKind,
} from '../../renderer/src/lib/provider-form-state.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';
import { createScannedIpcHandlers } from '../support/scanned-ipc.ts';
import { staticTokenKind } from '../support/static-token-kind/static-token-kind.ts';
import { KIND_FORMS } from '../support/kind-forms.ts';

/**
 * The provider registry drives everything a kind needs: the worked example of
 * docs/architecture.md adds a test-only kind (tests/support/static-token-kind/) with one
 * registry line, and the IPC schemas, the presets, the form description and the renderer's
 * form follow without another edit.
 */

const APP_URL = 'app://renderer/index.html';
const INPUT = {
  kind: 'static-token',
  name: 'Example API',
  baseUrl: 'https://api.example.com',
  clientId: '',
  clientAuth: 'none',
  scopes: [],
  authParams: {},
  redirectKind: 'loopback',
} as const;

let h: Harness;
let ipc: HandlerTable;

beforeAll(async () => {
  h = await createHarness();
  ipc = createScannedIpcHandlers(h.core, {
    trustedSenders: ['app://renderer'],
    log: () => undefined,
  });
});
afterAll(async () => {
  await h.close();
});

describe('the built-in kinds', () => {
  it('are what the renderer unit tests take as main’s form description', () => {
    expect(providerKindForms()).toEqual(KIND_FORMS);
  });
});

describe('a kind that is not registered', () => {
  it('is refused by the IPC schema and absent from the presets and the form', async () => {
    expect(INPUT_SCHEMAS['providers:add'].safeParse(INPUT).success).toBe(false);
    expect(await ipc['providers:add'](APP_URL, INPUT)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(providerPresets().map((p) => p.id)).not.toContain('static-example');
    expect(providerKindForms().map((k) => k.kind)).not.toContain('static-token');
  });
});

describe('a kind added with one registry line', () => {
  let unregister: () => void = () => undefined;
  beforeAll(() => {
    unregister = registerProviderKind(staticTokenKind);
  });
  afterAll(() => unregister());
  afterEach(async () => {
    for (const provider of h.core.providers.list())
      await ipc['providers:remove'](APP_URL, { id: provider.id });
  });

  it('is accepted by the IPC input schema', () => {
    expect(INPUT_SCHEMAS['providers:add'].safeParse(INPUT).success).toBe(true);
    expect(
      INPUT_SCHEMAS['providers:add'].safeParse({ ...INPUT, kind: 'static-tokens' }).success,
    ).toBe(false);
  });

  it('brings its presets and its form description over IPC', async () => {
    const presets = await ipc['providers:presets'](APP_URL, undefined);
    expect(presets.ok && presets.value.map((p) => p.id)).toContain('static-example');
    const kinds = await ipc['providers:kinds'](APP_URL, undefined);
    expect(kinds.ok && kinds.value.at(-1)).toEqual(staticTokenKind.form);
  });

  it('refuses a second registration of the same kind', () => {
    expect(() => registerProviderKind(staticTokenKind)).toThrow(/already registered/);
  });

  it('the renderer builds its input from the description; main saves it and signs in', async () => {
    const kinds = providerKindForms();
    const kindForm = kindFormOf(kinds, 'static-token')!;
    // Switching the form to the new kind, then filling what its description asks for.
    const form = {
      ...withKind(emptyForm(kinds), 'static-token', kinds),
      name: 'Example API',
      clientId: 'ignored: this kind has no client',
      baseUrl: 'https://api.example.com/v1',
    };
    const input = toProviderInput(form, { kindForm, keepStoredSecret: false });
    expect(input).toMatchObject({ kind: 'static-token', clientId: '', clientAuth: 'none' });
    expect(input).not.toHaveProperty('issuer');

    const added = await ipc['providers:add'](APP_URL, input);
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value).toMatchObject({ kind: 'static-token', baseUrl: 'https://api.example.com' });
    expect(added.value.capabilities.signIn).toEqual([{ method: 'token-import', available: true }]);
    // Editing starts from what main saved.
    expect(formFromInput(added.value).baseUrl).toBe('https://api.example.com');

    const refused = await ipc['signIn:start'](APP_URL, {
      providerId: added.value.id,
      method: 'authorization-code',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });

    const flow = await ipc['signIn:start'](APP_URL, {
      providerId: added.value.id,
      method: 'token-import',
      token: 'tok-123456',
    });
    if (!flow.ok) throw new Error(flow.error.message);
    const accounts = await ipc['accounts:list'](APP_URL, undefined);
    expect(accounts.ok && accounts.value).toEqual([
      expect.objectContaining({
        label: 'Example API token …123456',
        refreshKind: 'verify',
        actions: expect.objectContaining({ revoke: expect.objectContaining({ available: false }) }),
      }),
    ]);
  });
});

describe('after the kind is removed again', () => {
  it('is unknown once more', () => {
    expect(providerKindForms().map((k) => k.kind)).not.toContain('static-token');
    expect(INPUT_SCHEMAS['providers:add'].safeParse(INPUT).success).toBe(false);
  });
});
