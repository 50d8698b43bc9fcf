import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccountsDelta } from '../../contract/domain.ts';
import { startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';
import { nativeClientInput } from '../support/oidc-provider-input.ts';
import { signInUsers } from '../support/seed-accounts.ts';

let idp: TestIdp;
const harnesses: Harness[] = [];
beforeAll(async () => {
  idp = await startOidcIdp();
});
afterAll(async () => {
  for (const h of harnesses) await h.close();
  await idp.close();
});

async function withAccounts(users: string[]) {
  const h = await createHarness();
  harnesses.push(h);
  const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
  await signInUsers(h.core, provider.id, users);
  const deltas: AccountsDelta[] = [];
  h.core.events.subscribe((event, payload) => {
    if (event === 'accounts:changed') deltas.push(payload as AccountsDelta);
  });
  const idOf = (subject: string) =>
    h.core.accounts.summaries().find((a) => a.subject === subject)!.id;
  return { h, deltas, idOf };
}

it('a refresh sends only the refreshed account; a removal only its id', async () => {
  const { h, deltas, idOf } = await withAccounts(['ann', 'ben', 'cas']);
  await h.core.accounts.refresh(idOf('ben'));
  expect(deltas).toHaveLength(1);
  expect(deltas[0]).toMatchObject({ reset: false, removed: [] });
  expect(deltas[0]!.changed.map((a) => a.subject)).toEqual(['ben']);

  const cas = idOf('cas');
  await h.core.accounts.remove(cas);
  expect(deltas[1]).toMatchObject({ reset: false, changed: [], removed: [cas] });
  expect(deltas[1]!.version).toBe(deltas[0]!.version + 1);
});

it('bug: a removal right after metadata.json was edited from outside sent no event at all', async () => {
  const { h, deltas, idOf } = await withAccounts(['dan', 'eve']);
  const dan = idOf('dan');
  // Someone edits the file (a setting here); the account list itself is as before.
  const path = join(h.dir, 'metadata.json');
  const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  await writeFile(path, JSON.stringify({ ...json, edited: true }));

  deltas.length = 0;
  await h.core.accounts.remove(dan);
  expect(deltas).toHaveLength(1);
  const delta = deltas[0]!;
  // Sent whole (reset), without the removed account.
  expect(delta.reset ? delta.changed.map((a) => a.subject) : delta.removed).toEqual(
    delta.reset ? ['eve'] : [dan],
  );
});
