import { beforeAll, describe, expect, it } from 'vitest';
import {
  acceptClientKey,
  createClientKeys,
  loadSodium,
  openMessage,
} from '../../../main/core/agent/ipc-crypto.ts';

beforeAll(() => loadSodium());

describe('oidc-agent’s encrypted exchange', () => {
  it('seals both ways under one key derived on each side', () => {
    const client = createClientKeys();
    const agent = acceptClientKey(client.publicKey)!;
    const session = client.connect(agent.publicKey);
    const request = '{"request":"access_token","account":"work"}';
    const sealed = session.encrypt(request);
    expect(sealed).toMatch(/^43:[A-Za-z0-9+/]{32}:[A-Za-z0-9+/]+=*$/);
    expect(agent.decrypt(sealed)).toBe(request);
    expect(session.decrypt(agent.encrypt('{"status":"success"}'))).toBe('{"status":"success"}');
  });

  it('uses a fresh agent key and nonce every time', () => {
    const client = createClientKeys();
    const a = acceptClientKey(client.publicKey)!;
    const b = acceptClientKey(client.publicKey)!;
    expect(a.publicKey).not.toBe(b.publicKey);
    expect(a.encrypt('x')).not.toBe(a.encrypt('x'));
  });

  it('refuses forged, truncated or mislabelled messages', () => {
    const client = createClientKeys();
    const agent = acceptClientKey(client.publicKey)!;
    const sealed = client.connect(agent.publicKey).encrypt('hello');
    const [length, nonce, box] = sealed.split(':') as [string, string, string];
    const flipped = `${box[0] === 'A' ? 'B' : 'A'}${box.slice(1)}`;
    expect(agent.decrypt(`${length}:${nonce}:${flipped}`)).toBeNull();
    expect(agent.decrypt(`6:${nonce}:${box}`)).toBeNull();
    expect(agent.decrypt(`${length}:${nonce}`)).toBeNull();
    expect(openMessage(sealed, new Uint8Array(32))).toBeNull();
  });

  it('refuses keys that are not 32 bytes of base64, and the all-zero point', () => {
    expect(acceptClientKey('short')).toBeNull();
    expect(acceptClientKey(`${'A'.repeat(43)}=`)).toBeNull();
  });
});
