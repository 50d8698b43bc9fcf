import { describe, expect, it } from 'vitest';
import {
  availableOptions,
  emptyHint,
  needsDialog,
  noSignInReason,
  reauthMethod,
  singleMethodLabel,
} from '../../../renderer/src/lib/sign-in-methods.ts';
import { account, offered, provider, refused } from './fixtures.ts';

describe('sign-in methods in the chooser', () => {
  it('offers only what main says is available', () => {
    const p = provider([
      offered('authorization-code'),
      refused('password', 'No password grant.'),
      offered('device-code'),
    ]);
    expect(availableOptions(p).map((o) => o.method)).toEqual(['authorization-code', 'device-code']);
  });

  it('opens a dialog first only for password, pasted token and implicit', () => {
    expect(needsDialog('password')).toBe(true);
    expect(needsDialog('token-import')).toBe(true);
    expect(needsDialog('implicit')).toBe(true);
    expect(needsDialog('authorization-code')).toBe(false);
    expect(needsDialog('device-code')).toBe(false);
  });

  it('gives main’s reasons, each once, when nothing is available', () => {
    const p = provider([
      refused('authorization-code', 'Pi has no desktop sign-in.'),
      refused('password', 'Pi has no desktop sign-in.'),
      refused('device-code', 'No device endpoint.'),
    ]);
    expect(noSignInReason(p)).toBe('Pi has no desktop sign-in. No device endpoint.');
    expect(noSignInReason(provider([]))).toBe(
      'Example IdP offers no sign-in method this app supports.',
    );
  });

  it('labels the single action by what it does', () => {
    expect(singleMethodLabel('client-credentials', false)).toBe('Request token');
    expect(singleMethodLabel('token-import', true)).toBe('Import token');
    expect(singleMethodLabel('device-code', false)).toBe('Sign in with a code');
    expect(singleMethodLabel('device-code', true)).toBe('Add account');
    expect(singleMethodLabel('authorization-code', false)).toBe('Sign in');
  });
});

describe('emptyHint', () => {
  it('names the browser once when both browser flows are offered', () => {
    const p = provider([offered('authorization-code'), offered('implicit'), offered('password')]);
    expect(emptyHint(p)).toBe('Add one in the browser or with a user name and password.');
  });

  it('lists three ways with commas and "or"', () => {
    const p = provider([
      offered('authorization-code'),
      offered('device-code'),
      offered('token-import'),
    ]);
    expect(emptyHint(p)).toBe(
      'Add one in the browser, with a code on another device or by pasting an access token.',
    );
  });

  it('says how the only method works', () => {
    expect(emptyHint(provider([offered('client-credentials')]))).toBe(
      'Request a token for the client desk-client (client credentials, no user sign-in).',
    );
    expect(emptyHint(provider([offered('password')]))).toBe(
      'Sign in with your Example IdP user name and password to add one.',
    );
  });

  it('explains why there is no way in', () => {
    expect(emptyHint(provider([refused('authorization-code', 'No endpoint.')]))).toBe(
      'No endpoint.',
    );
  });
});

describe('reauthMethod', () => {
  it('signs in again the way the account was signed in, while that is offered', () => {
    const p = provider([offered('authorization-code'), offered('device-code')]);
    expect(reauthMethod(account('device-code'), p)).toBe('device-code');
  });

  it('falls back to the only method left, else lets the user choose', () => {
    expect(reauthMethod(account('password'), provider([offered('device-code')]))).toBe(
      'device-code',
    );
    const two = provider([
      refused('password', 'Gone.'),
      offered('device-code'),
      offered('implicit'),
    ]);
    expect(reauthMethod(account('password'), two)).toBeUndefined();
  });
});
