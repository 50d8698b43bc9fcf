import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ACCESS_LOG_LIMIT, AccessLog } from '../../../main/core/agent/access-log.ts';
import { MetadataStore } from '../../../main/core/metadata/metadata-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'token-desk-access-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = () =>
  new MetadataStore(new Conf<Record<string, unknown>>({ cwd: dir, configName: 'metadata' }));
const journalLines = async () =>
  (await readFile(join(dir, 'metadata.json.journal'), 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean);

const request = (n: number) => ({
  requested: `work-${n}`,
  accountId: null,
  accountLabel: null,
  applicationHint: null,
  process: null,
  outcome: 'refused' as const,
  reason: 'No such account.',
  scope: null,
  audience: null,
});

it('a write adds the new entries only, not the whole log again', async () => {
  const log = new AccessLog({ metadata: open() });
  for (let i = 0; i < 5; i++) log.record(request(i));
  log.flush();
  expect(await journalLines()).toHaveLength(5);
  log.record(request(5));
  log.flush();
  expect(await journalLines()).toHaveLength(6);
  expect(new AccessLog({ metadata: open() }).list().map((e) => e.requested)).toEqual(
    Array.from({ length: 6 }, (_, i) => `work-${i}`),
  );
});

it(`keeps the last ${ACCESS_LOG_LIMIT} across a restart, and clearing empties it`, () => {
  const log = new AccessLog({ metadata: open() });
  for (let i = 0; i < ACCESS_LOG_LIMIT + 150; i++) log.record(request(i));
  log.flush();
  const reopened = new AccessLog({ metadata: open() }).list();
  expect(reopened).toHaveLength(ACCESS_LOG_LIMIT);
  expect(reopened[0]!.requested).toBe('work-150');
  new AccessLog({ metadata: open() }).clear();
  expect(new AccessLog({ metadata: open() }).list()).toEqual([]);
});
