import { describe, expect, it } from 'vitest';
import {
  deriveShortName,
  uniqueShortName,
  validateShortName,
} from '../../../main/core/agent/short-name.ts';

describe('short names', () => {
  it.each([
    ['Work (Google)', 'work-google'],
    ['alice@example.test', 'alice-example.test'],
    ['Zoë’s  Keycloak!!', 'zoe-s-keycloak'],
    ['---', 'account'],
    ['日本語', 'account'],
    ['A'.repeat(60), 'a'.repeat(40)],
  ])('derives %j → %j', (label, expected) => {
    expect(deriveShortName(label)).toBe(expected);
  });

  it('adds a number until the name is free', () => {
    expect(uniqueShortName('work', new Set())).toBe('work');
    expect(uniqueShortName('work', new Set(['work', 'work-2']))).toBe('work-3');
    expect(uniqueShortName('a'.repeat(40), new Set(['a'.repeat(40)]))).toBe(`${'a'.repeat(38)}-2`);
  });

  it('accepts a typed name only when it is shell-safe and free', () => {
    expect(validateShortName(' ci ', new Set())).toBe('ci');
    expect(() => validateShortName('Work Account', new Set())).toThrow(/lowercase letters/);
    expect(() => validateShortName('-x', new Set())).toThrow(/starting with a letter or digit/);
    expect(() => validateShortName('ci', new Set(['ci']))).toThrow(/already uses/);
  });
});
