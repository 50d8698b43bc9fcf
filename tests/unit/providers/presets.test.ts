import { describe, expect, it } from 'vitest';
import type { ProviderInput, ProviderPreset } from '../../../contract/domain.ts';
import { INPUT_SCHEMAS } from '../../../main/core/ipc/input-schemas.ts';
import { offersDemoProvider, providerPresets } from '../../../main/core/providers/presets.ts';
import { parseProviderUrl } from '../../../main/core/providers/urls.ts';

/** What the add-provider form does with a preset: substitute `{key}` with the typed values. */
function fill(preset: ProviderPreset, values: Record<string, string>): ProviderInput {
  const text = JSON.stringify(preset.input).replace(
    /\{(\w+)\}/g,
    (_, key: string) => values[key] ?? '',
  );
  return JSON.parse(text) as ProviderInput;
}

const SAMPLE: Record<string, string> = {
  clientId: '1234',
  clientSecret: 'secret',
  tenant: 'contoso.onmicrosoft.com',
  instance: 'https://gitlab.example.com',
  domain: 'tenant.example.com',
  audience: 'https://api.example.com',
  server: 'https://sso.example.com',
  realm: 'staff',
  url: 'https://placeos.example.com',
};

describe('provider presets', () => {
  it('cover the providers users ask for', () => {
    expect(providerPresets().map((p) => p.id)).toEqual([
      'demo',
      'google',
      'entra',
      'github',
      'gitlab',
      'auth0',
      'okta',
      'keycloak',
      'peerid',
      'placeos',
      'pi',
    ]);
  });

  it.each(providerPresets().map((p) => [p.name, p] as const))(
    '%s names every field the user must fill',
    (_name, preset) => {
      const placeholders = [...JSON.stringify(preset.input).matchAll(/\{(\w+)\}/g)].map(
        (m) => m[1],
      );
      expect(new Set(placeholders)).toEqual(new Set(preset.fields.map((f) => f.key)));
      for (const field of preset.fields) expect(field.label.length).toBeGreaterThan(0);
    },
  );

  it.each(providerPresets().map((p) => [p.name, p] as const))(
    '%s filled in is a valid provider form',
    (_name, preset) => {
      const input = fill(preset, SAMPLE);
      expect(INPUT_SCHEMAS['providers:add'].safeParse(input).success).toBe(true);
      const endpoints: (string | undefined)[] = Object.values(input.endpoints ?? {}) as (
        string | undefined
      )[];
      for (const url of [input.issuer, input.baseUrl, ...endpoints]) {
        if (url) expect(() => parseProviderUrl(url, 'url')).not.toThrow();
      }
      expect(JSON.stringify(input)).not.toMatch(/\{\w+\}/);
    },
  );

  it('public clients ship no secret; confidential presets ask for one', () => {
    for (const preset of providerPresets()) {
      const asksSecret = preset.fields.some((f) => f.secret === true);
      const isPublic = preset.input.clientAuth === 'none';
      expect(asksSecret, preset.id).toBe(!isPublic);
      if (isPublic) expect(preset.input.clientSecret, preset.id).toBeUndefined();
    }
  });
});

describe('the local demo provider preset', () => {
  const node = process.versions;
  const electron = { ...process.versions, electron: '45.4.1' };

  it('is offered on plain Node: the tests and npm run preview', () => {
    expect(offersDemoProvider({ versions: node })).toBe(true);
    expect(providerPresets().some((preset) => preset.id === 'demo')).toBe(true);
  });

  it('is offered in Electron running the app unpackaged (npm start, npm run dev)', () => {
    expect(offersDemoProvider({ versions: electron, defaultApp: true })).toBe(true);
  });

  it('is not offered in a packaged app', () => {
    expect(offersDemoProvider({ versions: electron })).toBe(false);
  });
});
