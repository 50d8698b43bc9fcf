import { describe, expect, it } from 'vitest';
import { codeGroups, svgDataUrl } from '../../../renderer/src/lib/device-code.ts';
import { MIN_PASSPHRASE_LENGTH, passphraseProblems } from '../../../renderer/src/lib/passphrase.ts';

describe('codeGroups', () => {
  it("keeps the provider's own separators, so the copied code is what it expects", () => {
    expect(codeGroups('ABCD-EFGH')).toEqual([
      { text: 'ABCD', separator: '-' },
      { text: 'EFGH', separator: '' },
    ]);
    expect(codeGroups('WDJB MJHT')).toEqual([
      { text: 'WDJB', separator: ' ' },
      { text: 'MJHT', separator: '' },
    ]);
  });

  it('splits a code without separators in fours', () => {
    expect(codeGroups('BDWPHQPKQ')).toEqual([
      { text: 'BDWP', separator: '' },
      { text: 'HQPK', separator: '' },
      { text: 'Q', separator: '' },
    ]);
    expect(
      codeGroups('ABCD-EFGH')
        .map((g) => g.text + g.separator)
        .join(''),
    ).toBe('ABCD-EFGH');
  });
});

describe('svgDataUrl', () => {
  it('encodes the SVG, non-ASCII included, as a base64 image URL', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>Code – ü</title></svg>';
    const url = svgDataUrl(svg);
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const bytes = Uint8Array.from(atob(url.split(',')[1] ?? ''), (c) => c.charCodeAt(0));
    expect(new TextDecoder().decode(bytes)).toBe(svg);
  });
});

describe('passphraseProblems', () => {
  it('asks for the minimum length main enforces, then for a matching confirmation', () => {
    const short = 'x'.repeat(MIN_PASSPHRASE_LENGTH - 1);
    const enough = 'x'.repeat(MIN_PASSPHRASE_LENGTH);
    expect(passphraseProblems(short, short)).toEqual({
      passphrase: `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`,
    });
    expect(passphraseProblems(enough, `${enough}!`)).toEqual({
      confirm: 'The two passphrases do not match.',
    });
    expect(passphraseProblems(enough, enough)).toEqual({});
  });
});
