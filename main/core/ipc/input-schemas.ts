import { z } from 'zod';
import { isProviderKind } from '../providers/registry.ts';
import type { ChannelInput, InvokeChannel } from '../../../contract/channels.ts';

/**
 * The shape of every invoke channel's input. Main validates each call against these before
 * anything else runs; `satisfies` keeps them in step with the contract in contract/channels.ts.
 */

const id = z.string().min(1).max(200);
const shortText = z.string().max(2000);
const url = z.string().max(2000);
const passphrase = z.string().min(1).max(1024);

const vaultProtection = z.discriminatedUnion('protection', [
  z.object({ protection: z.literal('os-keychain') }).strict(),
  z.object({ protection: z.literal('passphrase'), passphrase }).strict(),
]);
const vaultProtectionChange = z.discriminatedUnion('protection', [
  z
    .object({ protection: z.literal('os-keychain'), currentPassphrase: passphrase.optional() })
    .strict(),
  z
    .object({
      protection: z.literal('passphrase'),
      passphrase,
      currentPassphrase: passphrase.optional(),
    })
    .strict(),
]);

const pem = z.string().max(20_000);

/** A kind the provider registry knows, looked up when the input arrives (tests add kinds). */
const providerKindSchema = z
  .string()
  .max(100)
  .refine(isProviderKind, { message: 'Unknown kind of provider.' });

const params = z.record(z.string().max(100), shortText).refine((o) => Object.keys(o).length <= 30, {
  message: 'Too many extra parameters.',
});

/** What the provider form sends; imported provider setups are validated with it too. */
export const providerInputSchema = z
  .object({
    kind: providerKindSchema,
    name: z.string().max(100),
    issuer: url.optional(),
    baseUrl: url.optional(),
    endpoints: z
      .object({
        authorization: url.optional(),
        token: url.optional(),
        revocation: url.optional(),
        introspection: url.optional(),
        userinfo: url.optional(),
        deviceAuthorization: url.optional(),
      })
      .strict()
      .optional(),
    clientId: z.string().max(500),
    clientSecret: z.string().max(2000).optional(),
    clientAuth: z.enum([
      'none',
      'client_secret_basic',
      'client_secret_post',
      'private_key_jwt',
      'tls_client_auth',
      'self_signed_tls_client_auth',
    ]),
    scopes: z.array(z.string().max(200)).max(100),
    authParams: params,
    tokenParams: params.optional(),
    redirectKind: z.enum(['loopback', 'custom-scheme']),
    network: z
      .object({
        proxy: z.enum(['system', 'none', 'url']),
        proxyUrl: url.optional(),
        proxyUsername: z.string().max(500).optional(),
        proxyPassword: z.string().max(2000).optional(),
        extraCaCertificates: z.array(pem).max(20).optional(),
      })
      .strict()
      .optional(),
    clientKey: z
      .union([
        z.object({ generate: z.literal(true) }).strict(),
        z.object({ importKey: pem }).strict(),
      ])
      .optional(),
    tlsClient: z.object({ certificatePem: pem, keyPem: pem.optional() }).strict().optional(),
    dpop: z.boolean().optional(),
  })
  .strict();

const none = z.undefined();
const byId = z.object({ id }).strict();
const tokenKind = z.enum(['access', 'id']);
/** Import files: the importer refuses more than 256 KB itself, saying so; this caps the call. */
export const MAX_IMPORT_CONTENT_LENGTH = 1024 * 1024;
const importContent = z.string().max(MAX_IMPORT_CONTENT_LENGTH);

export const INPUT_SCHEMAS = {
  'app:info': none,
  'settings:get': none,
  'settings:update': z
    .object({
      clipboardClearSeconds: z.number().int().min(0).max(3600).optional(),
      autoRefresh: z.boolean().optional(),
      autoLock: z.enum(['passphrase', 'always', 'never']).optional(),
      autoLockMinutes: z.number().int().min(1).max(1440).optional(),
      scriptsEnabled: z.boolean().optional(),
      refreshConcurrency: z.number().int().min(1).max(16).optional(),
      refreshPerProvider: z.number().int().min(1).max(16).optional(),
    })
    .strict(),
  'vault:status': none,
  'vault:create': vaultProtection,
  'vault:unlock': z.object({ passphrase }).strict(),
  'vault:retryKeychain': none,
  'vault:lock': none,
  'vault:changeProtection': vaultProtectionChange,
  'vault:setAsideDamaged': none,
  'providers:list': none,
  'providers:presets': none,
  'providers:kinds': none,
  'providers:add': providerInputSchema,
  'providers:update': z.object({ id, changes: providerInputSchema }).strict(),
  'providers:remove': byId,
  'accounts:list': none,
  'accounts:refresh': byId,
  'accounts:refreshAll': z.object({ providerId: id.optional() }).strict(),
  'accounts:revoke': byId,
  'accounts:inspect': byId,
  'accounts:remove': byId,
  'accounts:rename': z.object({ id, label: z.string().max(200) }).strict(),
  'accounts:copyToken': z.object({ id, kind: tokenKind }).strict(),
  'accounts:copyCurl': z
    .object({ id, method: z.string().regex(/^[A-Za-z]{1,20}$/), url: url.min(1) })
    .strict(),
  'accounts:revealToken': z.object({ id, kind: tokenKind }).strict(),
  'signIn:start': z.discriminatedUnion('method', [
    z
      .object({
        providerId: id,
        accountId: id.optional(),
        method: z.enum(['authorization-code', 'implicit', 'device-code', 'client-credentials']),
      })
      .strict(),
    z
      .object({
        providerId: id,
        accountId: id.optional(),
        method: z.literal('password'),
        username: z.string().min(1).max(500),
        password: z.string().max(1000),
        mobile: z.string().max(100).optional(),
      })
      .strict(),
    z
      .object({
        providerId: id,
        accountId: id.optional(),
        method: z.literal('token-import'),
        token: z.string().min(1).max(20_000),
      })
      .strict(),
  ]),
  'signIn:cancel': z.object({ flowId: id }).strict(),
  'signIn:openInBrowser': z.object({ flowId: id }).strict(),
  'signIn:list': none,
  // Tokens for scripts
  'accounts:updateScripting': z
    .object({
      id,
      shortName: z.string().max(100).optional(),
      access: z.enum(['never', 'ask', 'always']).optional(),
      gitHosts: z
        .array(
          z
            .string()
            .max(300)
            .regex(
              /^[A-Za-z0-9.-]+(:\d{1,5})?$/,
              'A git host is a host name, optionally with :port.',
            ),
        )
        .max(50)
        .optional(),
    })
    .strict(),
  'agent:status': none,
  'agent:pending': none,
  'agent:answer': z
    .object({ requestId: id, decision: z.enum(['allow-once', 'allow-hour', 'deny']) })
    .strict(),
  'agent:log': none,
  'agent:clearLog': none,
  // Copy as…, token history, sharing provider setups
  'accounts:copyAs': z
    .object({ id, format: z.enum(['access-token', 'authorization-header', 'curl', 'id-token']) })
    .strict(),
  'accounts:history': byId,
  'providers:export': z.object({ ids: z.array(id).min(1).max(1000).optional() }).strict(),
  // Generous here: the importer itself refuses large files with a message that says so.
  'providers:previewImport': z.object({ content: importContent }).strict(),
  'providers:import': z
    .object({
      content: importContent,
      clientSecrets: z
        .record(z.string().regex(/^\d{1,4}$/), z.string().max(2000))
        .refine((o) => Object.keys(o).length <= 200)
        .optional(),
    })
    .strict(),
} satisfies { [C in InvokeChannel]: z.ZodType<ChannelInput<C>> };
