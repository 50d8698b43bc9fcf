import { STRICT_HOST, type StrictIdp } from '../../servers/strict-idp.ts';
import type { TestCa } from '../../servers/test-pki.ts';
import type { Inspection, InspectionSection, ProviderInput } from '../../../contract/domain.ts';
import { AppError } from '../../../main/core/errors.ts';
import { createHarness, type Harness } from '../../support/core-harness.ts';
import { signInWithBrowser } from '../../support/sign-in.ts';

/** A core that reaches idp.test on 127.0.0.1 directly (no proxy). */
export function strictHarness(): Promise<Harness> {
  return createHarness({ network: { hostAliases: { [STRICT_HOST]: '127.0.0.1' } } });
}

/** The provider form for the strict IdP, trusting its test CA. */
export function strictInput(
  idp: StrictIdp,
  ca: TestCa,
  overrides: Partial<ProviderInput>,
): ProviderInput {
  return {
    kind: 'oidc',
    name: 'Strict IdP',
    issuer: idp.issuer,
    clientId: 'to-be-registered',
    clientAuth: 'none',
    scopes: ['openid', 'email', 'offline_access'],
    authParams: { prompt: 'consent' },
    redirectKind: 'loopback',
    network: { proxy: 'system', extraCaCertificates: [ca.certPem] },
    ...overrides,
  };
}

export async function signIn(h: Harness, idp: StrictIdp, providerId: string, user: string) {
  const { done } = await signInWithBrowser(h, providerId, user, { dispatcher: idp.browserAgent });
  return done;
}

export function section(inspection: Inspection, id: string): InspectionSection | undefined {
  return inspection.sections.find((s) => s.id === id);
}

export function claim(s: InspectionSection | undefined, name: string): unknown {
  return s?.claims?.find((c) => c.name === name)?.value;
}

export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}
