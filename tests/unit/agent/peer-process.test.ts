import { describe, expect, it } from 'vitest';
import { findPeerPid } from '../../../main/core/agent/peer-process.ts';

describe('findPeerPid', () => {
  // `ss -xpnH` as iproute2 prints it: our end (listening path) and the client's end.
  const output = [
    'u_str ESTAB 0      0      /run/user/1000/token-desk/agent.sock 17965 * 17964 users:(("token-desk",pid=9997,fd=20))',
    'u_str ESTAB 0      0               * 17964 * 17965 users:(("oidc-token",pid=10006,fd=3))',
    'u_str ESTAB 0      0               * 555 * 556 users:(("other",pid=1,fd=3))',
  ].join('\n');

  it('finds the process whose socket is the peer of ours', () => {
    expect(findPeerPid(output, '17965')).toBe(10006);
  });

  it('finds nothing for an inode without a peer row', () => {
    expect(findPeerPid(output, '424242')).toBeNull();
    expect(findPeerPid('', '17965')).toBeNull();
  });
});
