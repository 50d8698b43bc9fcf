import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors.ts';
import {
  PendingAuthorizations,
  type PendingAuthorization,
} from '../../../main/core/flows/pending-authorizations.ts';

const REDIRECT = 'http://127.0.0.1:53682/callback';
const SCHEME_REDIRECT = 'io.github.tokendesk:/oauth/callback';

function pending(state: string, overrides: Partial<PendingAuthorization> = {}) {
  return {
    state,
    flowId: `flow-${state}`,
    method: 'authorization-code',
    codeVerifier: `verifier-${state}`,
    nonce: `nonce-${state}`,
    ...overrides,
  } satisfies PendingAuthorization;
}

/** Resolves with what the registered promise settled to, so a test can assert on both ways. */
function settled<T>(promise: Promise<T>): Promise<{ value?: T; error?: AppError }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      return { error };
    },
  );
}

let registry: PendingAuthorizations;
afterEach(() => registry?.dispose());

describe('delivering a redirect', () => {
  it('hands the matching sign-in its code, exactly once', async () => {
    registry = new PendingAuthorizations();
    const waiting = settled(registry.register(pending('state-a'), 10_000));
    expect(registry.get('state-a')?.codeVerifier).toBe('verifier-state-a');

    const outcome = registry.deliver(`${REDIRECT}?code=the-code&state=state-a`);
    expect(outcome).toEqual({ ok: true, flowId: 'flow-state-a' });
    const { value } = await waiting;
    expect(value?.redirect).toMatchObject({ kind: 'code', state: 'state-a', code: 'the-code' });
    expect(value?.url.href).toBe(`${REDIRECT}?code=the-code&state=state-a`);
    expect(registry.size).toBe(0);
    expect(registry.get('state-a')).toBeUndefined();
  });

  it('rejects a replayed redirect with its own message', () => {
    registry = new PendingAuthorizations();
    void registry.register(pending('state-a'), 10_000).catch(() => undefined);
    expect(registry.deliver(`${REDIRECT}?code=c&state=state-a`).ok).toBe(true);

    const replay = registry.deliver(`${REDIRECT}?code=c&state=state-a`);
    expect(replay.ok).toBe(false);
    if (replay.ok) return;
    expect(replay.error.code).toBe('STATE_MISMATCH');
    expect(replay.error.message).toMatch(/already used/);
  });

  it('finds the sign-in by state among several, and leaves the others waiting', async () => {
    registry = new PendingAuthorizations();
    const a = settled(registry.register(pending('state-a'), 10_000));
    void registry.register(pending('state-b'), 10_000).catch(() => undefined);
    expect(registry.deliver(`${SCHEME_REDIRECT}?code=cb&state=state-b`)).toEqual({
      ok: true,
      flowId: 'flow-state-b',
    });
    expect(registry.size).toBe(1);
    expect(registry.deliver(`${REDIRECT}#code=ca&state=state-a`).ok).toBe(true);
    expect((await a).value?.redirect).toMatchObject({ code: 'ca' });
  });

  it('rejects an unknown state without touching the real pending sign-in', async () => {
    registry = new PendingAuthorizations();
    const waiting = settled(registry.register(pending('state-a'), 10_000));

    const forged = registry.deliver(`${REDIRECT}?code=attacker-code&state=state-x`);
    expect(forged).toMatchObject({ ok: false });
    if (forged.ok) return;
    expect(forged.flowId).toBeUndefined();
    expect(forged.error.code).toBe('STATE_MISMATCH');
    expect(forged.error.message).toMatch(/does not match any sign-in/);
    expect(registry.size).toBe(1);

    // The genuine redirect still completes the sign-in afterwards.
    expect(registry.deliver(`${REDIRECT}?code=real-code&state=state-a`).ok).toBe(true);
    expect((await waiting).value?.redirect).toMatchObject({ code: 'real-code' });
  });

  it('bug: a redirect without state carried provider text; anyone can craft one, so it keeps none', () => {
    registry = new PendingAuthorizations();
    void registry.register(pending('state-a'), 10_000).catch(() => undefined);

    const noState = registry.deliver(`${REDIRECT}?code=c`);
    expect(noState.ok).toBe(false);
    if (noState.ok) return;
    expect(noState.error.code).toBe('STATE_MISMATCH');
    expect(noState.error.message).toMatch(/no state/);
    expect(noState.error.providerMessage).toBeUndefined();

    const errorNoState = registry.deliver(
      `${REDIRECT}?error=invalid_request&error_description=Missing+redirect_uri`,
    );
    if (errorNoState.ok) throw new Error('expected a failure');
    expect(errorNoState.error.code).toBe('STATE_MISMATCH');
    expect(errorNoState.error.providerMessage).toBeUndefined();
    expect(JSON.stringify(errorNoState)).not.toMatch(/redirect_uri/);
    expect(registry.size).toBe(1);
  });

  it('reports an empty or garbled redirect for its sign-in and keeps waiting for the real one', async () => {
    registry = new PendingAuthorizations();
    const waiting = settled(registry.register(pending('state-a'), 10_000));

    const empty = registry.deliver(`${REDIRECT}?state=state-a&code=`);
    expect(empty).toMatchObject({ ok: false, flowId: 'flow-state-a' });
    if (empty.ok) return;
    expect(empty.error.code).toBe('INVALID_RESPONSE');

    const notUrl = registry.deliver('%%% not a url');
    if (notUrl.ok) throw new Error('expected a failure');
    expect(notUrl.error.code).toBe('INVALID_RESPONSE');

    expect(registry.deliver(`${REDIRECT}?state=state-a&code=c`).ok).toBe(true);
    expect((await waiting).value).toBeDefined();
  });
});

describe('provider error redirects', () => {
  it('access_denied cancels the sign-in (the user said no)', async () => {
    registry = new PendingAuthorizations();
    const waiting = settled(registry.register(pending('state-a'), 10_000));
    const outcome = registry.deliver(
      `${REDIRECT}?error=access_denied&error_description=User+cancelled&state=state-a`,
    );
    expect(outcome).toMatchObject({ ok: false, flowId: 'flow-state-a' });

    const { error } = await waiting;
    expect(error?.code).toBe('CANCELLED');
    expect(error?.providerMessage).toBe('access_denied: User cancelled');
    expect(registry.size).toBe(0);
  });

  it('other errors fail with PROVIDER_ERROR and keep the provider’s own words', async () => {
    registry = new PendingAuthorizations();
    const waiting = settled(registry.register(pending('state-a'), 10_000));
    registry.deliver(
      `${SCHEME_REDIRECT}#error=invalid_scope&error_description=Scope+%22admin%22+is+not+allowed&state=state-a`,
    );
    const { error } = await waiting;
    expect(error?.code).toBe('PROVIDER_ERROR');
    expect(error?.message).toMatch(/provider ended the sign-in with an error/);
    expect(error?.providerMessage).toBe('invalid_scope: Scope "admin" is not allowed');
  });

  it('an error without description keeps the error code as the provider message', async () => {
    registry = new PendingAuthorizations();
    const waiting = settled(registry.register(pending('state-a'), 10_000));
    registry.deliver(`${REDIRECT}?error=server_error&state=state-a`);
    expect((await waiting).error?.providerMessage).toBe('server_error');
  });

  it('bug: an oversized error description was kept whole; it is flattened and capped', async () => {
    registry = new PendingAuthorizations();
    const waiting = settled(registry.register(pending('state-a'), 10_000));
    const description = `Call\n\n+1-555-0100 now ${'x'.repeat(5000)}`;
    registry.deliver(
      `${REDIRECT}?${new URLSearchParams({ error: 'server_error', error_description: description, state: 'state-a' }).toString()}`,
      'loopback',
    );
    const message = (await waiting).error?.providerMessage ?? '';
    expect(message.startsWith('server_error: Call +1-555-0100 now xxx')).toBe(true);
    expect(message.length).toBeLessThanOrEqual(501);
  });

  it('an unknown state gets no provider text, whatever the redirect carries', () => {
    registry = new PendingAuthorizations();
    void registry.register(pending('state-a'), 10_000).catch(() => undefined);
    const forged = registry.deliver(
      `${REDIRECT}?error=access_denied&error_description=Call+us&state=forged`,
      'loopback',
    );
    if (forged.ok) throw new Error('expected a failure');
    expect(forged.flowId).toBeUndefined();
    expect(forged.error.providerMessage).toBeUndefined();
    expect(registry.size).toBe(1);
  });

  it('an error redirect uses up the state: a later code for it is a replay', () => {
    registry = new PendingAuthorizations();
    void registry.register(pending('state-a'), 10_000).catch(() => undefined);
    registry.deliver(`${REDIRECT}?error=access_denied&state=state-a`);
    const late = registry.deliver(`${REDIRECT}?code=c&state=state-a`);
    if (late.ok) throw new Error('expected a failure');
    expect(late.error.message).toMatch(/already used/);
  });
});

describe('timeouts and cancelling', () => {
  it('times out with SIGN_IN_TIMEOUT, and a late redirect is told it came too late', async () => {
    registry = new PendingAuthorizations();
    const waiting = settled(registry.register(pending('state-a'), 20));
    const { error } = await waiting;
    expect(error?.code).toBe('SIGN_IN_TIMEOUT');
    expect(error?.message).toMatch(/not completed in the browser in time/);
    expect(registry.size).toBe(0);

    const late = registry.deliver(`${REDIRECT}?code=c&state=state-a`);
    if (late.ok) throw new Error('expected a failure');
    expect(late.error.code).toBe('SIGN_IN_TIMEOUT');
    expect(late.error.message).toMatch(/already timed out/);
  });

  it('uses the timeout message it is given', async () => {
    registry = new PendingAuthorizations();
    const { error } = await settled(
      registry.register(pending('state-a'), 10, 'Custom: the device code expired.'),
    );
    expect(error?.message).toBe('Custom: the device code expired.');
  });

  it('a delivered sign-in does not time out afterwards', async () => {
    registry = new PendingAuthorizations();
    const waiting = settled(registry.register(pending('state-a'), 30));
    registry.deliver(`${REDIRECT}?code=c&state=state-a`);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await waiting).error).toBeUndefined();
    const replay = registry.deliver(`${REDIRECT}?code=c&state=state-a`);
    if (replay.ok) throw new Error('expected a failure');
    expect(replay.error.message).toMatch(/already used/);
  });

  it('cancel rejects the sign-in with CANCELLED and a later redirect is told so', async () => {
    registry = new PendingAuthorizations();
    const waiting = settled(registry.register(pending('state-a'), 10_000));
    const other = settled(registry.register(pending('state-b'), 10_000));
    expect(registry.cancel('flow-state-a')).toBe(true);
    expect(registry.cancel('flow-state-a')).toBe(false);
    expect(registry.cancel('no-such-flow')).toBe(false);

    expect((await waiting).error?.code).toBe('CANCELLED');
    const late = registry.deliver(`${REDIRECT}?code=c&state=state-a`);
    if (late.ok) throw new Error('expected a failure');
    expect(late.error.code).toBe('CANCELLED');
    expect(late.error.message).toMatch(/cancelled in the app/);

    // The other sign-in is unaffected.
    expect(registry.deliver(`${REDIRECT}?code=c&state=state-b`).ok).toBe(true);
    expect((await other).value).toBeDefined();
  });

  it('dispose cancels every waiting sign-in', async () => {
    registry = new PendingAuthorizations();
    const all = ['a', 'b', 'c'].map((s) => settled(registry.register(pending(s), 10_000)));
    registry.dispose();
    expect(registry.size).toBe(0);
    for (const result of await Promise.all(all)) expect(result.error?.code).toBe('CANCELLED');
  });

  it('refuses to register the same state twice', () => {
    registry = new PendingAuthorizations();
    void registry.register(pending('state-a'), 10_000).catch(() => undefined);
    expect(() => registry.register(pending('state-a', { flowId: 'other' }), 10_000)).toThrow();
    expect(registry.get('state-a')?.flowId).toBe('flow-state-a');
  });
});

describe('redirect channels', () => {
  it('refuses an implicit-flow token that arrived through the URL scheme, and ends that sign-in', async () => {
    registry = new PendingAuthorizations();
    const waiting = settled(registry.register(pending('state-a', { method: 'implicit' }), 10_000));
    const outcome = registry.deliver(
      `${SCHEME_REDIRECT}#access_token=tok&token_type=Bearer&state=state-a`,
      'custom-scheme',
    );
    expect(outcome).toMatchObject({ ok: false, flowId: 'flow-state-a' });
    const { error } = await waiting;
    expect(error?.code).toBe('INVALID_RESPONSE');
    expect(error?.message).toMatch(/URL scheme/);
    expect(registry.size).toBe(0);
  });

  it('accepts the same token through the loopback listener', async () => {
    registry = new PendingAuthorizations();
    const waiting = settled(registry.register(pending('state-a', { method: 'implicit' }), 10_000));
    expect(
      registry.deliver(`${REDIRECT}#access_token=tok&token_type=Bearer&state=state-a`, 'loopback')
        .ok,
    ).toBe(true);
    expect((await waiting).value?.redirect).toMatchObject({ kind: 'token', accessToken: 'tok' });
  });

  it('a repeated state matches no sign-in; another repeated parameter fails for its sign-in', async () => {
    registry = new PendingAuthorizations();
    const waiting = settled(registry.register(pending('state-a'), 10_000));
    const twoStates = registry.deliver(
      `${REDIRECT}?code=c&state=state-a&state=state-b`,
      'loopback',
    );
    expect(twoStates).toMatchObject({ ok: false, error: { code: 'STATE_MISMATCH' } });
    expect(twoStates.ok || twoStates.flowId).toBeUndefined();
    const twoCodes = registry.deliver(`${REDIRECT}?code=c&code=d&state=state-a`, 'loopback');
    expect(twoCodes).toMatchObject({
      ok: false,
      flowId: 'flow-state-a',
      error: {
        code: 'INVALID_RESPONSE',
        message: expect.stringMatching(/code parameter more than once/),
      },
    });
    // Neither used the sign-in up: the genuine redirect still completes it.
    expect(registry.deliver(`${REDIRECT}?code=c&state=state-a`, 'loopback').ok).toBe(true);
    expect((await waiting).value).toBeDefined();
  });
});
