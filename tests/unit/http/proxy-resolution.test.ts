import { describe, expect, it } from 'vitest';
import {
  displayProxy,
  isLoopbackHost,
  proxyFromPacResult,
} from '../../../main/core/http/proxy-resolution.ts';

describe('proxyFromPacResult (what Electron’s resolveProxy answers)', () => {
  it.each([
    ['DIRECT', null],
    ['', null],
    ['PROXY proxy.corp:8080', 'http://proxy.corp:8080'],
    ['PROXY proxy.corp:8080; DIRECT', 'http://proxy.corp:8080'],
    ['HTTPS secure-proxy.corp:443', 'https://secure-proxy.corp:443'],
    ['DIRECT; PROXY proxy.corp:8080', null],
    // SOCKS is not spoken: the next usable entry wins.
    ['SOCKS5 socks.corp:1080; PROXY proxy.corp:3128', 'http://proxy.corp:3128'],
    ['SOCKS5 socks.corp:1080', null],
    ['  proxy   proxy.corp:8080  ', 'http://proxy.corp:8080'],
    ['PROXY [::1]:3128', 'http://[::1]:3128'],
    // Garbage is never turned into a URL.
    ['PROXY not a host', null],
    ['PROXY evil.corp:80/path', null],
  ])('%j → %j', (answer, expected) => {
    expect(proxyFromPacResult(answer)).toBe(expected);
  });
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(['idp.test', '10.0.0.1', 'localhost.evil.com', '128.0.0.1'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

it('displayProxy never shows credentials', () => {
  expect(displayProxy('http://dana:secret@proxy.corp:8080')).toBe('http://proxy.corp:8080');
});
