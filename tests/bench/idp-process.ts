/**
 * The bench's IdP in a process of its own (so its CPU is not the app's): the real
 * `oidc-provider` IdP of the tests. It counts what it sees at its token endpoint, requests and
 * the most in flight at once and its own CPU time, and answers `stats` / `reset` lines on stdin
 * with one JSON line.
 */
import { Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createInterface } from 'node:readline';
import { startOidcIdp } from '../servers/oidc-idp.ts';

let tokenRequests = 0;
let inFlight = 0;
let maxInFlight = 0;

// Counted where requests arrive, before the IdP's own handlers.
// eslint-disable-next-line @typescript-eslint/unbound-method -- called with the server as `this`.
const emit = Server.prototype.emit;
Server.prototype.emit = function (this: Server, event: string, ...args: unknown[]) {
  if (event === 'request') {
    const [req, res] = args as [IncomingMessage, ServerResponse];
    if (req.method === 'POST' && req.url?.startsWith('/token')) {
      tokenRequests++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.once('close', () => inFlight--);
    }
  }
  return Reflect.apply(emit, this, [event, ...args]) as boolean;
} as typeof Server.prototype.emit;

/**
 * An unbounded in-memory store: the IdP's default keeps about 1,000 entries, fewer than 500
 * sign-ins leave behind, and would forget refresh tokens mid-bench.
 */
const entries = new Map<string, Record<string, unknown>>();
const byGrant = new Map<string, Set<string>>();
class MapAdapter {
  private readonly model: string;
  constructor(model: string) {
    this.model = model;
  }
  private key(id: string) {
    return `${this.model}:${id}`;
  }
  async upsert(id: string, payload: Record<string, unknown>) {
    entries.set(this.key(id), payload);
    const grantId = payload['grantId'];
    if (typeof grantId === 'string') {
      byGrant.set(grantId, (byGrant.get(grantId) ?? new Set()).add(this.key(id)));
    }
    for (const index of ['userCode', 'uid'] as const) {
      const value = payload[index];
      if (typeof value === 'string') entries.set(`${this.model}:${index}:${value}`, { id });
    }
  }
  async find(id: string) {
    return entries.get(this.key(id));
  }
  async findByUserCode(code: string) {
    const ref = entries.get(`${this.model}:userCode:${code}`);
    return ref ? entries.get(this.key(ref['id'] as string)) : undefined;
  }
  async findByUid(uid: string) {
    const ref = entries.get(`${this.model}:uid:${uid}`);
    return ref ? entries.get(this.key(ref['id'] as string)) : undefined;
  }
  async consume(id: string) {
    const payload = entries.get(this.key(id));
    if (payload) payload['consumed'] = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    entries.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string) {
    for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
    byGrant.delete(grantId);
  }
}

const idp = await startOidcIdp({
  accessTokenTtl: 3600,
  adapter: MapAdapter as unknown as NonNullable<Parameters<typeof startOidcIdp>[0]>['adapter'],
});
process.stdout.write(`${JSON.stringify({ issuer: idp.issuer })}\n`);
let cpuSince = process.cpuUsage();
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'reset') {
    tokenRequests = 0;
    maxInFlight = inFlight;
    cpuSince = process.cpuUsage();
  }
  // The IdP's own CPU time since the last reset, so the bench can tell the machine's floor.
  const used = process.cpuUsage(cpuSince);
  const cpuMs = (used.user + used.system) / 1000;
  process.stdout.write(`${JSON.stringify({ tokenRequests, maxInFlight, cpuMs })}\n`);
}
await idp.close();
