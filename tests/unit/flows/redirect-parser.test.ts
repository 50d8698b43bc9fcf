import { describe, expect, it } from 'vitest';
import {
  findSchemeUrlInArgv,
  isSchemeUrl,
  parseRedirect,
  type ParsedRedirect,
} from '../../../main/core/flows/redirect-parser.ts';

const SCHEME = 'io.github.tokendesk';
const LOOPBACK = 'http://127.0.0.1:53682/callback';

/** What a parsed redirect says, without the URLSearchParams it also carries. */
type Expected =
  | { kind: 'code'; state: string; code: string }
  | {
      kind: 'token';
      state: string;
      accessToken: string;
      tokenType: string;
      expiresIn: number | null;
      scope: string | null;
    }
  | { kind: 'error'; state: string | null; error: string; errorDescription: string | null }
  | { kind: 'invalid'; state: string | null; reason: RegExp };

function summarize(parsed: ParsedRedirect): unknown {
  if (parsed.kind === 'invalid') return parsed;
  if (parsed.kind === 'error') return parsed;
  const { params: _params, ...rest } = parsed;
  return rest;
}

const cases: { name: string; url: string; expected: Expected }[] = [
  {
    name: 'code in the query (loopback)',
    url: `${LOOPBACK}?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz123`,
    expected: { kind: 'code', state: 'xyz123', code: 'SplxlOBeZQQYbYS6WxSbIA' },
  },
  {
    name: 'code in the query with extra parameters (iss, session_state)',
    url: `${LOOPBACK}?state=s1&session_state=abc.def&code=c0de&iss=https%3A%2F%2Fidp.example`,
    expected: { kind: 'code', state: 's1', code: 'c0de' },
  },
  {
    name: 'code in the fragment (response_mode=fragment)',
    url: `${LOOPBACK}#code=frag-code&state=frag-state`,
    expected: { kind: 'code', state: 'frag-state', code: 'frag-code' },
  },
  {
    name: 'the fragment wins over a query that also has parameters',
    url: `${LOOPBACK}?code=query-code&state=query-state#code=frag-code&state=frag-state`,
    expected: { kind: 'code', state: 'frag-state', code: 'frag-code' },
  },
  {
    name: 'an unrelated fragment does not hide the query',
    url: `${LOOPBACK}?code=query-code&state=query-state#/some/route`,
    expected: { kind: 'code', state: 'query-state', code: 'query-code' },
  },
  {
    name: 'percent-encoded and plus-encoded values are decoded',
    url: `${LOOPBACK}?code=a%2Fb%2Bc%3D&state=with+space%26amp`,
    expected: { kind: 'code', state: 'with space&amp', code: 'a/b+c=' },
  },
  {
    name: 'custom-scheme URL with code and state',
    url: `${SCHEME}:/oauth/callback?code=cs-code&state=cs-state`,
    expected: { kind: 'code', state: 'cs-state', code: 'cs-code' },
  },
  {
    name: 'custom-scheme URL with an authority-style double slash',
    url: `${SCHEME}://oauth/callback?code=cs-code&state=cs-state`,
    expected: { kind: 'code', state: 'cs-state', code: 'cs-code' },
  },
  {
    name: 'custom-scheme URL with the result in the fragment',
    url: `${SCHEME}:/oauth/callback#state=cs-state&code=cs-code`,
    expected: { kind: 'code', state: 'cs-state', code: 'cs-code' },
  },
  {
    name: 'implicit token in the fragment with every field',
    url: `${LOOPBACK}#access_token=2YotnFZFEjr1zCsicMWpAA&token_type=example&expires_in=3600&scope=read%20write&state=tk`,
    expected: {
      kind: 'token',
      state: 'tk',
      accessToken: '2YotnFZFEjr1zCsicMWpAA',
      tokenType: 'example',
      expiresIn: 3600,
      scope: 'read write',
    },
  },
  {
    name: 'implicit token without token_type, expires_in or scope',
    url: `${LOOPBACK}#access_token=at&state=tk`,
    expected: {
      kind: 'token',
      state: 'tk',
      accessToken: 'at',
      tokenType: 'Bearer',
      expiresIn: null,
      scope: null,
    },
  },
  {
    name: 'implicit token with a non-numeric or negative expires_in',
    url: `${LOOPBACK}#access_token=at&state=tk&expires_in=-5&scope=`,
    expected: {
      kind: 'token',
      state: 'tk',
      accessToken: 'at',
      tokenType: 'Bearer',
      expiresIn: null,
      scope: null,
    },
  },
  {
    name: 'a repeated state: which one is genuine cannot be told, so there is none',
    url: `${LOOPBACK}?code=c&state=s&state=t`,
    expected: { kind: 'invalid', state: null, reason: /state parameter more than once/ },
  },
  {
    name: 'a repeated code (RFC 6749 §3.1 forbids repeating parameters)',
    url: `${LOOPBACK}?code=c&code=d&state=s`,
    expected: { kind: 'invalid', state: 's', reason: /code parameter more than once/ },
  },
  {
    name: 'a repeated access token in the fragment',
    url: `${LOOPBACK}#access_token=a&state=s&access_token=b`,
    expected: { kind: 'invalid', state: 's', reason: /access_token parameter more than once/ },
  },
  {
    name: 'a repeated error',
    url: `${LOOPBACK}?error=access_denied&error=server_error&state=s`,
    expected: { kind: 'invalid', state: 's', reason: /error parameter more than once/ },
  },
  {
    name: 'a code wins over an access token in the same response',
    url: `${LOOPBACK}#code=c&access_token=at&state=s`,
    expected: { kind: 'code', state: 's', code: 'c' },
  },
  {
    name: 'error with description and state',
    url: `${LOOPBACK}?error=access_denied&error_description=The+user+denied+the+request&state=s`,
    expected: {
      kind: 'error',
      state: 's',
      error: 'access_denied',
      errorDescription: 'The user denied the request',
    },
  },
  {
    name: 'error without a description',
    url: `${LOOPBACK}?error=invalid_scope&state=s`,
    expected: { kind: 'error', state: 's', error: 'invalid_scope', errorDescription: null },
  },
  {
    name: 'error with an empty description',
    url: `${LOOPBACK}?error=server_error&error_description=&state=s`,
    expected: { kind: 'error', state: 's', error: 'server_error', errorDescription: null },
  },
  {
    name: 'error without state (some providers drop it) is still an error',
    url: `${LOOPBACK}?error=invalid_request&error_description=redirect_uri%20mismatch`,
    expected: {
      kind: 'error',
      state: null,
      error: 'invalid_request',
      errorDescription: 'redirect_uri mismatch',
    },
  },
  {
    name: 'error in the fragment of a custom-scheme URL',
    url: `${SCHEME}:/oauth/callback#error=temporarily_unavailable&state=s`,
    expected: {
      kind: 'error',
      state: 's',
      error: 'temporarily_unavailable',
      errorDescription: null,
    },
  },
  {
    name: 'an error wins over a code in the same response',
    url: `${LOOPBACK}?code=c&error=access_denied&state=s`,
    expected: { kind: 'error', state: 's', error: 'access_denied', errorDescription: null },
  },
  {
    name: 'code without state',
    url: `${LOOPBACK}?code=c`,
    expected: { kind: 'invalid', state: null, reason: /no state parameter/ },
  },
  {
    name: 'code with an empty state',
    url: `${LOOPBACK}?code=c&state=`,
    expected: { kind: 'invalid', state: null, reason: /no state parameter/ },
  },
  {
    name: 'state with an empty code',
    url: `${LOOPBACK}?code=&state=s`,
    expected: { kind: 'invalid', state: 's', reason: /neither a code, a token nor an error/ },
  },
  {
    name: 'an empty error is not an error',
    url: `${LOOPBACK}?error=&state=s`,
    expected: { kind: 'invalid', state: 's', reason: /neither a code, a token nor an error/ },
  },
  {
    name: 'state alone',
    url: `${SCHEME}:/oauth/callback?state=s`,
    expected: { kind: 'invalid', state: 's', reason: /neither a code, a token nor an error/ },
  },
  {
    name: 'no parameters at all (a favicon request, a bare visit)',
    url: `${LOOPBACK}`,
    expected: { kind: 'invalid', state: null, reason: /no state parameter/ },
  },
  {
    name: 'garbage that is not a URL',
    url: 'not a url at all',
    expected: { kind: 'invalid', state: null, reason: /not a valid URL/ },
  },
  {
    name: 'an empty string',
    url: '',
    expected: { kind: 'invalid', state: null, reason: /not a valid URL/ },
  },
  {
    name: 'a loopback URL with an invalid port',
    url: 'http://127.0.0.1:99999/callback?code=c&state=s',
    expected: { kind: 'invalid', state: null, reason: /not a valid URL/ },
  },
];

describe('parseRedirect', () => {
  it.each(cases)('$name', ({ url, expected }) => {
    const parsed = parseRedirect(url);
    if (expected.kind === 'invalid') {
      expect(parsed).toEqual({
        kind: 'invalid',
        state: expected.state,
        reason: expect.any(String),
      });
      expect((parsed as { reason: string }).reason).toMatch(expected.reason);
    } else {
      expect(summarize(parsed)).toEqual(expected);
    }
  });

  it('accepts a URL object as well as a string', () => {
    const parsed = parseRedirect(new URL(`${SCHEME}:/oauth/callback?code=c&state=s`));
    expect(parsed).toMatchObject({ kind: 'code', state: 's', code: 'c' });
  });

  it('hands over all parameters of the part it read, for the token exchange', () => {
    const parsed = parseRedirect(`${LOOPBACK}?code=c&state=s&iss=https%3A%2F%2Fidp.example`);
    if (parsed.kind !== 'code') throw new Error(`expected a code, got ${parsed.kind}`);
    expect(parsed.params.get('iss')).toBe('https://idp.example');

    const token = parseRedirect(`${LOOPBACK}?ignored=1#access_token=at&state=s&id_token=x.y.z`);
    if (token.kind !== 'token') throw new Error(`expected a token, got ${token.kind}`);
    expect(token.params.get('id_token')).toBe('x.y.z');
    expect(token.params.has('ignored')).toBe(false);
  });
});

describe('findSchemeUrlInArgv', () => {
  const url = `${SCHEME}:/oauth/callback?code=c&state=s`;

  it.each([
    {
      name: 'Windows second instance: exe, Chromium switches, then the URL',
      argv: [
        'C:\\Users\\Ana\\AppData\\Local\\Programs\\token-desk\\Token Desk.exe',
        '--allow-file-access-from-files',
        '--original-process-start-time=13350000000000000',
        url,
      ],
      found: url,
    },
    {
      name: 'Windows with the URL before a trailing switch',
      argv: ['C:\\Program Files\\Token Desk\\Token Desk.exe', url, '--secondary'],
      found: url,
    },
    {
      name: 'Linux AppImage launched by xdg-open with the URL first',
      argv: ['/tmp/.mount_TokenDAbc/token-desk', url, '--no-sandbox'],
      found: url,
    },
    {
      name: 'Linux dev run: electron binary, app path, then the URL',
      argv: ['/opt/token-desk/electron', '/opt/token-desk/resources/app.asar', '--', url],
      found: url,
    },
    {
      name: 'scheme in another case (Windows lowercases, some browsers do not)',
      argv: ['Token Desk.exe', 'IO.GitHub.TokenDesk:/oauth/callback?code=c&state=s'],
      found: 'IO.GitHub.TokenDesk:/oauth/callback?code=c&state=s',
    },
    {
      name: 'no URL: a plain second launch from the start menu',
      argv: ['C:\\Program Files\\Token Desk\\Token Desk.exe', '--squirrel-firstrun'],
      found: undefined,
    },
    {
      name: 'a look-alike scheme is not ours',
      argv: ['token-desk', 'io.github.tokendesk.evil:/oauth/callback?code=c&state=s'],
      found: undefined,
    },
    {
      name: 'the scheme inside another argument is not a URL for us',
      argv: ['token-desk', `--open=${url}`, `https://example.test/?next=${url}`],
      found: undefined,
    },
    { name: 'an empty argv', argv: [], found: undefined },
  ])('$name', ({ argv, found }) => {
    expect(findSchemeUrlInArgv(argv, SCHEME)).toBe(found);
  });

  it('returns the first URL when the OS passes several', () => {
    const second = `${SCHEME}:/oauth/callback?code=c2&state=s2`;
    expect(findSchemeUrlInArgv(['app', url, second], SCHEME)).toBe(url);
  });
});

describe('isSchemeUrl', () => {
  it.each([
    [`${SCHEME}:/oauth/callback?code=c`, true],
    ['IO.GITHUB.TOKENDESK:/oauth/callback', true],
    ['io.github.tokendesk.evil:/x', false],
    ['http://127.0.0.1/callback', false],
    ['', false],
  ])('%s → %s', (candidate, expected) => {
    expect(isSchemeUrl(candidate, SCHEME)).toBe(expected);
  });
});
