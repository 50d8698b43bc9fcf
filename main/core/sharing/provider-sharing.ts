import { z } from 'zod';
import type {
  ProviderExport,
  ProviderImportInput,
  ProviderImportItem,
  ProviderImportPreview,
  ProviderImportResult,
  ProviderInput,
  ProviderSummary,
} from '../../../contract/domain.ts';
import { AppError } from '../errors.ts';
import { providerInputSchema } from '../ipc/input-schemas.ts';
import type { ProviderConfig } from '../model.ts';
import type { ProviderService } from '../providers/provider-service.ts';

/** What a provider export file says it is; anything else is refused. */
export const EXPORT_FORMAT = 'token-desk/provider-setups';
export const EXPORT_VERSION = 1;
/** A file of a few hundred providers is far below this; anything larger is not an export. */
export const MAX_IMPORT_BYTES = 256 * 1024;
export const MAX_IMPORT_PROVIDERS = 200;
/** An export nests four levels deep; this leaves room and stops pathological nesting. */
const MAX_DEPTH = 8;
/** Keys that would reach an object's prototype, refused wherever they appear. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Parameter names that carry credentials: a shared setup never has them. */
const SECRET_PARAM =
  /secret|password|passphrase|assertion|^(access|refresh|id)_token$|api[_-]?key/i;

const NOTE =
  'Provider setups exported from Token Desk: endpoints, client IDs, scopes and parameters. ' +
  'No tokens and no client secrets are in this file; "toFill" names what the importer enters.';

/** One provider in the file: the form's schema without the secret, plus what is left to fill. */
const fileProviderSchema = providerInputSchema
  .omit({ clientSecret: true })
  .extend({ toFill: z.array(z.literal('clientSecret')).max(1).optional() })
  .strict();

const fileSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    exportedAt: z.string().max(100).optional(),
    note: z.string().max(2000).optional(),
    providers: z.array(z.unknown()).min(1).max(MAX_IMPORT_PROVIDERS),
  })
  .strict();

type FileProvider = z.infer<typeof fileProviderSchema>;

/**
 * Exports provider setups as JSON: only what the form shows, never a client secret or a token.
 * A provider that authenticates with a secret says so in `toFill`.
 */
export function exportProviders(providers: readonly ProviderConfig[], now: number): ProviderExport {
  const entries = providers.map(toFileProvider);
  const content = `${JSON.stringify(
    {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: new Date(now).toISOString(),
      note: NOTE,
      providers: entries,
    },
    null,
    2,
  )}\n`;
  const single = providers.length === 1 ? providers[0] : undefined;
  const fileName = single
    ? `${slug(single.name) || 'provider'}.token-desk-providers.json`
    : 'token-desk-providers.json';
  return { fileName, content, count: entries.length };
}

/**
 * Reads an export file and says what importing it would do: each provider is new, a duplicate
 * of one already here (skipped) or takes a name already used (renamed). Throws a coded error
 * for anything that is not a well-formed export; nothing is changed either way.
 */
export function previewImport(
  content: string,
  existing: readonly ProviderSummary[],
): ProviderImportPreview {
  return { items: plan(parseExport(content), existing).map(({ item }) => item) };
}

/**
 * Imports an export file: checks the whole file first, then adds the new providers through
 * the same validation as the form. If any provider fails (a discovery document cannot be
 * read, a required secret was not entered), the ones added by this import are removed again.
 */
export async function importProviders(
  input: ProviderImportInput,
  service: ProviderService,
): Promise<ProviderImportResult> {
  const planned = plan(parseExport(input.content), service.summaries());
  const added: ProviderSummary[] = [];
  const skipped: string[] = [];
  try {
    for (const { item, provider } of planned) {
      if (item.status === 'duplicate') {
        skipped.push(item.name);
        continue;
      }
      const { toFill: _toFill, ...fields } = provider;
      const secret = input.clientSecrets?.[String(item.index)];
      const providerInput: ProviderInput = {
        ...fields,
        name: item.importName,
        ...(secret ? { clientSecret: secret } : {}),
      };
      try {
        added.push(await service.add(providerInput));
      } catch (err) {
        const error = err instanceof AppError ? err : new AppError('INTERNAL', String(err));
        throw new AppError(
          error.code,
          `"${item.name}" could not be added: ${error.message} Nothing was imported.`,
          error.providerMessage ? { providerMessage: error.providerMessage } : {},
        );
      }
    }
  } catch (err) {
    for (const provider of added) await service.remove(provider.id).catch(() => undefined);
    throw err;
  }
  return { added, skipped };
}

/** Parses and validates a whole export file; a coded, specific error for anything else. */
export function parseExport(content: string): FileProvider[] {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > MAX_IMPORT_BYTES) {
    throw invalid(
      `The file is too large (${Math.ceil(bytes / 1024)} KB) to be a provider export (at most ${MAX_IMPORT_BYTES / 1024} KB).`,
    );
  }
  if (nestingDepth(content) > MAX_DEPTH) {
    throw invalid('The file nests too deeply to be a provider export.');
  }
  let data: unknown;
  try {
    data = JSON.parse(content, (key, value: unknown) => {
      if (PROTOTYPE_KEYS.has(key)) throw new PrototypeKeyError(key);
      return value;
    });
  } catch (err) {
    if (err instanceof PrototypeKeyError) {
      throw invalid(`The file contains the key "${err.key}", which no provider export has.`);
    }
    throw invalid('The file is not valid JSON.');
  }
  const file = fileSchema.safeParse(data);
  if (!file.success) {
    const format = (data as { format?: unknown } | null)?.format;
    if (!data || typeof data !== 'object' || format !== EXPORT_FORMAT) {
      throw invalid('This is not a Token Desk provider export.');
    }
    throw invalid(
      `The file does not have the shape of a provider export (${describe(file.error)}).`,
    );
  }
  return file.data.providers.map((raw, index) => {
    const where = `Provider ${index + 1}`;
    refuseSecrets(raw, where);
    const parsed = fileProviderSchema.safeParse(raw);
    if (!parsed.success)
      throw invalid(`${where} is not a valid provider setup (${describe(parsed.error)}).`);
    return parsed.data;
  });
}

function plan(
  providers: FileProvider[],
  existing: readonly ProviderSummary[],
): { item: ProviderImportItem; provider: FileProvider }[] {
  const names = new Set(existing.map((p) => p.name.trim().toLowerCase()));
  return providers.map((provider, index) => {
    const location = locationOf(provider);
    const same = existing.find(
      (p) =>
        p.kind === provider.kind &&
        p.clientId === provider.clientId.trim() &&
        sameUrl(existingLocation(p), location),
    );
    const name = provider.name.trim();
    let importName = name;
    let status: ProviderImportItem['status'] = same ? 'duplicate' : 'new';
    const named = existing.find((p) => p.name.trim().toLowerCase() === name.toLowerCase());
    if (!same && names.has(name.toLowerCase())) {
      status = 'renamed';
      importName = freeName(name, names);
    }
    if (status !== 'duplicate') names.add(importName.toLowerCase());
    const conflict = same ?? (status === 'renamed' ? named : undefined);
    return {
      provider,
      item: {
        index,
        name,
        kind: provider.kind,
        location,
        status,
        importName,
        ...(conflict ? { conflictWith: conflict.name } : {}),
        toFill: needsSecret(provider) ? ['clientSecret'] : [],
      },
    };
  });
}

function toFileProvider(provider: ProviderConfig): FileProvider {
  const entry: FileProvider = {
    kind: provider.kind,
    name: provider.name,
    clientId: provider.clientId,
    clientAuth: provider.clientAuth,
    scopes: provider.scopes,
    authParams: provider.authParams,
    tokenParams: provider.tokenParams,
    redirectKind: provider.redirectKind,
  };
  // Discovered endpoints come back by discovery; only hand-entered ones are part of the setup.
  if (provider.kind === 'oidc' && provider.issuer) entry.issuer = provider.issuer;
  if (provider.kind === 'oauth2') entry.endpoints = provider.endpoints;
  if (provider.baseUrl && provider.kind !== 'oidc' && provider.kind !== 'oauth2')
    entry.baseUrl = provider.baseUrl;
  if (provider.hasClientSecret || provider.clientAuth !== 'none') entry.toFill = ['clientSecret'];
  return entry;
}

function needsSecret(provider: FileProvider): boolean {
  return (
    provider.kind !== 'pi' && (provider.clientAuth !== 'none' || provider.toFill !== undefined)
  );
}

function locationOf(provider: FileProvider): string {
  return provider.issuer ?? provider.baseUrl ?? provider.endpoints?.token ?? '';
}

function existingLocation(provider: ProviderSummary): string {
  if (provider.kind === 'oidc') return provider.issuer ?? '';
  if (provider.kind === 'oauth2') return provider.endpoints.token ?? '';
  return provider.baseUrl ?? '';
}

function sameUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

function freeName(name: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${name} (imported)` : `${name} (imported ${n})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** A secret in a shared setup is refused by name, with a message that says so. */
function refuseSecrets(raw: unknown, where: string): void {
  if (!raw || typeof raw !== 'object') return;
  const entry = raw as Record<string, unknown>;
  const secretKey = Object.keys(entry).find(
    (k) =>
      /secret|token$|password|passphrase|^(access|refresh|id)_?token/i.test(k) &&
      k !== 'tokenParams',
  );
  if (secretKey) {
    throw invalid(
      `${where} carries "${secretKey}": provider exports never contain secrets or tokens. Nothing was imported.`,
    );
  }
  for (const field of ['authParams', 'tokenParams']) {
    const params = entry[field];
    if (!params || typeof params !== 'object') continue;
    const key = Object.keys(params).find((k) => SECRET_PARAM.test(k));
    if (key) {
      throw invalid(
        `${where} carries the parameter "${key}", which holds a credential: provider exports never contain secrets. Nothing was imported.`,
      );
    }
  }
}

/** The deepest nesting of objects and arrays in JSON text, without parsing it. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', message);
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

class PrototypeKeyError extends Error {
  readonly key: string;
  constructor(key: string) {
    super('prototype key');
    this.key = key;
  }
}
