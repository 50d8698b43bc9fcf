/**
 * IPC fuzzing: every handler of the table main registers is fed generated malformed input
 * (property-based, fast-check). Each call must answer INVALID_INPUT, never throw out of the
 * handler, and change nothing: the vault file, the metadata file, accounts, providers,
 * sign-ins, settings and the clipboard are compared before and after.
 *
 * Inputs are made invalid by construction from one minimal valid input per channel (not by
 * asking the schema), so a schema that lets a malformed input through fails here.
 * Replay a failure with the seed it prints: `TEST_SEED=<seed> npx vitest run <this file>`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INVOKE_CHANNELS,
  type ChannelInput,
  type InvokeChannel,
} from '../../../contract/channels.ts';
import type { HandlerTable } from '../../../main/core/ipc/handlers.ts';
import { INPUT_SCHEMAS, MAX_IMPORT_CONTENT_LENGTH } from '../../../main/core/ipc/input-schemas.ts';
import { startOidcIdp, type TestIdp } from '../../servers/oidc-idp.ts';
import { createHarness, type Harness } from '../../support/core-harness.ts';
import { nativeClientInput } from '../../support/oidc-provider-input.ts';
import { createScannedIpcHandlers } from '../../support/scanned-ipc.ts';
import { testSeed } from '../../support/seed.ts';
import { signInWithBrowser } from '../../support/sign-in.ts';

const APP_URL = 'app://renderer/index.html';
const RUNS_PER_CHANNEL = 40;
/** Longer than any string field the contract allows (a pasted token: 20,000). */
const OVERSIZED = 20_001;

/** A minimal valid input per channel and which of its keys are required. */
interface Spec {
  valid: unknown;
  required: readonly string[];
  /** Strings longer than {@link OVERSIZED} that the channel still takes (import files). */
  oversized?: number;
}

const providerInput = {
  kind: 'oauth2',
  name: 'Fuzz',
  clientId: 'client',
  clientAuth: 'none',
  scopes: ['read'],
  authParams: {},
  redirectKind: 'loopback',
} satisfies ChannelInput<'providers:add'>;
const PROVIDER_REQUIRED = Object.keys(providerInput);
const none = { valid: undefined, required: [] };

/** Typed against the contract, so a new channel without a spec does not compile. */
const SPECS: { [C in InvokeChannel]: Spec & { valid: ChannelInput<C> } } = {
  'app:info': none,
  'settings:get': none,
  'settings:update': { valid: { clipboardClearSeconds: 30, autoRefresh: true }, required: [] },
  'vault:status': none,
  'vault:create': {
    valid: { protection: 'passphrase', passphrase: 'fuzz passphrase' },
    required: ['protection', 'passphrase'],
  },
  'vault:unlock': { valid: { passphrase: 'fuzz passphrase' }, required: ['passphrase'] },
  'vault:retryKeychain': none,
  'vault:lock': none,
  'vault:changeProtection': {
    valid: { protection: 'passphrase', passphrase: 'fuzz passphrase' },
    required: ['protection', 'passphrase'],
  },
  'vault:setAsideDamaged': none,
  'providers:list': none,
  'providers:presets': none,
  'providers:kinds': none,
  'providers:add': { valid: providerInput, required: PROVIDER_REQUIRED },
  'providers:update': { valid: { id: 'p', changes: providerInput }, required: ['id', 'changes'] },
  'providers:remove': { valid: { id: 'p' }, required: ['id'] },
  'accounts:list': none,
  'accounts:refresh': { valid: { id: 'a' }, required: ['id'] },
  'accounts:refreshAll': { valid: { providerId: 'p' }, required: [] },
  'accounts:revoke': { valid: { id: 'a' }, required: ['id'] },
  'accounts:inspect': { valid: { id: 'a' }, required: ['id'] },
  'accounts:remove': { valid: { id: 'a' }, required: ['id'] },
  'accounts:rename': { valid: { id: 'a', label: 'x' }, required: ['id', 'label'] },
  'accounts:copyToken': { valid: { id: 'a', kind: 'access' }, required: ['id', 'kind'] },
  'accounts:copyCurl': {
    valid: { id: 'a', method: 'GET', url: 'https://api.example.test/' },
    required: ['id', 'method', 'url'],
  },
  'accounts:revealToken': { valid: { id: 'a', kind: 'access' }, required: ['id', 'kind'] },
  'signIn:start': {
    valid: { providerId: 'p', method: 'token-import', token: 't' },
    required: ['providerId', 'method', 'token'],
  },
  'signIn:cancel': { valid: { flowId: 'f' }, required: ['flowId'] },
  'signIn:openInBrowser': { valid: { flowId: 'f' }, required: ['flowId'] },
  'signIn:list': none,
  'accounts:updateScripting': { valid: { id: 'a', access: 'ask' }, required: ['id'] },
  'agent:status': none,
  'agent:pending': none,
  'agent:answer': {
    valid: { requestId: 'r', decision: 'deny' },
    required: ['requestId', 'decision'],
  },
  'agent:log': none,
  'agent:clearLog': none,
  'accounts:copyAs': { valid: { id: 'a', format: 'curl' }, required: ['id', 'format'] },
  'accounts:history': { valid: { id: 'a' }, required: ['id'] },
  'providers:export': { valid: { ids: ['p'] }, required: [] },
  'providers:previewImport': {
    valid: { content: '{}' },
    required: ['content'],
    oversized: MAX_IMPORT_CONTENT_LENGTH + 1,
  },
  'providers:import': {
    valid: { content: '{}' },
    required: ['content'],
    oversized: MAX_IMPORT_CONTENT_LENGTH + 1,
  },
};

/** Any value but one of the given JS type (arrays and null count as their own types). */
function otherThan(value: unknown): fc.Arbitrary<unknown> {
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  return fc
    .oneof(
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.string(),
      fc.bigInt(),
      fc.array(fc.anything(), { maxLength: 3 }),
      fc.dictionary(fc.string(), fc.anything(), { maxKeys: 3 }),
    )
    .filter((v) => typeOf(v) !== typeOf(value));
}

/** Sets an own property, even `__proto__` (a spread would set the prototype instead). */
function withKey(base: object, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...base } as Record<string, unknown>;
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function stringKeys(valid: Record<string, unknown>): string[] {
  return Object.keys(valid).filter((k) => typeof valid[k] === 'string');
}

/** Inputs that are malformed by construction, each tagged with how it was broken. */
function malformed(spec: Spec): fc.Arbitrary<{ how: string; input: unknown }> {
  if (spec.valid === undefined) {
    return fc
      .anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true })
      .filter((v) => v !== undefined)
      .map((input) => ({ how: 'input where none is expected', input }));
  }
  const valid = spec.valid as Record<string, unknown>;
  const keys = Object.keys(valid);
  const arbitraries: fc.Arbitrary<{ how: string; input: unknown }>[] = [
    otherThan({})
      .chain((v) => fc.constant(v))
      .map((input) => ({ how: 'not an object', input })),
    fc.constant({ how: 'undefined', input: undefined }),
    fc
      .tuple(
        fc.oneof(
          fc.string({ minLength: 1 }),
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'),
        ),
        fc.anything(),
      )
      .filter(([key]) => !keys.includes(key))
      .map(([key, value]) => ({ how: `unknown key ${key}`, input: withKey(valid, key, value) })),
    fc.constantFrom(...keys).chain((key) =>
      otherThan(valid[key]).map((value) => ({
        how: `wrong type for ${key}`,
        input: withKey(valid, key, value),
      })),
    ),
  ];
  if (spec.required.length) {
    arbitraries.push(
      fc.constantFrom(...spec.required).map((key) => {
        const input = { ...valid };
        delete input[key];
        return { how: `missing ${key}`, input };
      }),
    );
  }
  const strings = stringKeys(valid);
  if (strings.length) {
    arbitraries.push(
      fc
        .tuple(
          fc.constantFrom(...strings),
          fc.integer({
            min: spec.oversized ?? OVERSIZED,
            max: (spec.oversized ?? OVERSIZED) + 5000,
          }),
        )
        .map(([key, length]) => ({
          how: `oversized ${key}`,
          input: withKey(valid, key, 'x'.repeat(length)),
        })),
    );
  }
  return fc.oneof(...arbitraries);
}

let idp: TestIdp;
let h: Harness;
let ipc: HandlerTable;

beforeAll(async () => {
  idp = await startOidcIdp();
  h = await createHarness();
  ipc = createScannedIpcHandlers(h.core, { trustedSenders: ['app://renderer'] });
  const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
  await signInWithBrowser(h, provider.id, 'alice');
  await h.core.clipboard.copySecret('clipboard before fuzzing');
});
afterAll(async () => {
  await h?.close();
  await idp?.close();
});

/** Everything a handler could change, read back from disk and from the core. */
async function snapshot(): Promise<string> {
  const read = (name: string) => readFile(join(h.dir, name), 'utf8').catch(() => '(missing)');
  return JSON.stringify({
    vaultFile: await read('vault.json'),
    metadataFile: await read('metadata.json'),
    vault: await h.core.vaultStatus(),
    providers: h.core.providers.summaries(),
    accounts: h.core.accounts.summaries(),
    signIns: h.core.signIn.list(),
    settings: h.core.metadata.getSettings(),
    clipboard: h.clipboard.text,
    opened: h.opened.length,
  });
}

describe('IPC fuzzing', () => {
  it('has a spec for every channel, each valid input accepted by its schema', () => {
    expect(Object.keys(SPECS).sort()).toEqual([...INVOKE_CHANNELS].sort());
    for (const channel of INVOKE_CHANNELS) {
      expect(INPUT_SCHEMAS[channel].safeParse(SPECS[channel].valid).success, channel).toBe(true);
    }
  });

  it.each([...INVOKE_CHANNELS])(
    '%s answers INVALID_INPUT to malformed input and changes nothing',
    async (channel) => {
      const seed = testSeed();
      const before = await snapshot();
      await fc.assert(
        fc.asyncProperty(malformed(SPECS[channel]), async ({ how, input }) => {
          let result: unknown;
          try {
            result = await ipc[channel](APP_URL, input);
          } catch (err) {
            throw new Error(`${channel} threw on ${how}`, { cause: err });
          }
          expect(result, how).toEqual({
            ok: false,
            error: { code: 'INVALID_INPUT', message: `Invalid request for ${channel}.` },
          });
          expect(({} as Record<string, unknown>)['polluted'], how).toBeUndefined();
          expect(await snapshot(), how).toBe(before);
        }),
        { seed, numRuns: RUNS_PER_CHANNEL },
      );
    },
  );
});
