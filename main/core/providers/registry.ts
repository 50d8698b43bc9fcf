import type { ProviderKind, ProviderKindForm } from '../../../contract/domain.ts';
import { AppError } from '../errors.ts';
import { oauth2Kind } from './openid/oauth2-kind.ts';
import { oidcKind } from './openid/oidc-kind.ts';
import { peerIdKind } from './peerid/peerid-kind.ts';
import { piKind } from './pi/pi-kind.ts';
import { placeOsKind } from './placeos/placeos-kind.ts';
import type { ProviderKindDefinition } from './provider-kind.ts';

/**
 * Every kind of provider the app speaks, one line each, in the order the form offers them. The
 * kind list, the IPC input schemas, the presets and the renderer's form all come from here
 * (docs/architecture.md, "Adding a provider kind").
 */
const BUILT_IN: readonly ProviderKindDefinition[] = [
  oidcKind,
  oauth2Kind,
  peerIdKind,
  placeOsKind,
  piKind,
];

const kinds = new Map<ProviderKind, ProviderKindDefinition>(
  BUILT_IN.map((definition) => [definition.form.kind, definition]),
);

/** The registered kinds, in the order the form offers them. */
export function providerKinds(): ProviderKindDefinition[] {
  return [...kinds.values()];
}

/** Whether `kind` names a registered kind (what the IPC and stored-metadata schemas accept). */
export function isProviderKind(kind: string): boolean {
  return kinds.has(kind);
}

/** The definition of a registered kind; INVALID_INPUT for any other. */
export function providerKind(kind: ProviderKind): ProviderKindDefinition {
  const definition = kinds.get(kind);
  if (!definition) throw new AppError('INVALID_INPUT', 'That kind of provider is not known.');
  return definition;
}

/** How the form asks for each registered kind (`providers:kinds`). */
export function providerKindForms(): ProviderKindForm[] {
  return providerKinds().map((definition) => definition.form);
}

/**
 * Adds a kind defined outside the built-in list (a test's own kind) until the returned
 * function removes it. A kind already registered is refused.
 */
export function registerProviderKind(definition: ProviderKindDefinition): () => void {
  const { kind } = definition.form;
  if (kinds.has(kind)) throw new Error(`The provider kind "${kind}" is already registered.`);
  kinds.set(kind, definition);
  return () => {
    if (kinds.get(kind) === definition) kinds.delete(kind);
  };
}
