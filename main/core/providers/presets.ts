import type { ProviderPreset } from '../../../contract/domain.ts';
import { DEMO_PRESET_ID } from './openid/openid-presets.ts';
import { providerKinds } from './registry.ts';

export { DEMO_CLIENT_ID, DEMO_ISSUER } from './openid/openid-presets.ts';

/**
 * Whether to offer the "Local demo provider" preset: in development (`npm start` and `npm run
 * dev` run Electron's default app, which sets `process.defaultApp`) and on plain Node (tests,
 * `npm run preview`), but not in a packaged app, where no demo provider runs next to it.
 */
export function offersDemoProvider(
  runtime: { versions: NodeJS.ProcessVersions; defaultApp?: boolean } = process,
): boolean {
  return !runtime.versions['electron'] || runtime.defaultApp === true;
}

/**
 * The presets people look for first, in this order; every other preset follows in registry
 * order. A new kind's presets need no entry here.
 */
const FIRST = ['demo', 'google', 'entra', 'github', 'gitlab', 'auth0', 'okta', 'keycloak'];

/**
 * The one-click templates of every registered kind; the demo only where
 * {@link offersDemoProvider}. `{key}` placeholders in `input` are replaced with the values of
 * the preset's `fields`; everything stays editable before saving.
 */
export function providerPresets(): ProviderPreset[] {
  const rank = (preset: ProviderPreset) => {
    const index = FIRST.indexOf(preset.id);
    return index === -1 ? FIRST.length : index;
  };
  return providerKinds()
    .flatMap((definition) => definition.presets)
    .filter((preset) => preset.id !== DEMO_PRESET_ID || offersDemoProvider())
    .sort((a, b) => rank(a) - rank(b));
}
