import { describe, expect, it } from 'vitest';
import { browserSafeUrl } from '../../main/core/browser-url.ts';

describe('browserSafeUrl', () => {
  it('passes https and loopback http, normalized', () => {
    expect(browserSafeUrl('https://idp.example/authorize?x=1')).toBe(
      'https://idp.example/authorize?x=1',
    );
    expect(browserSafeUrl('http://127.0.0.1:4455/device')).toBe('http://127.0.0.1:4455/device');
    expect(browserSafeUrl('http://localhost/a')).toBe('http://localhost/a');
    expect(browserSafeUrl('http://[::1]:8080/')).toBe('http://[::1]:8080/');
  });

  it('refuses anything the OS would hand to another handler, or credentials in the URL', () => {
    for (const url of [
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      'io.github.tokendesk:/oauth/callback',
      'http://idp.example/authorize',
      'https://user:pass@idp.example/',
    ]) {
      expect(() => browserSafeUrl(url), url).toThrow(/neither https nor a loopback/);
    }
    expect(() => browserSafeUrl('not a url')).toThrow('Refusing to open an invalid URL');
  });
});
