import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import tls, { type DetailedPeerCertificate } from 'node:tls';
import type { CertificateProblem } from '../../../contract/domain.ts';
import { AppError } from '../errors.ts';
import { displayProxy } from './proxy-resolution.ts';
import type { RequestNetwork } from './request-network.ts';
import { trustedCertificatesFor } from './trust-store.ts';

const CERTIFICATE_REASONS: Record<string, CertificateProblem['reason']> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'unknown-ca',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-ca',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-ca',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown-ca',
  ERR_TLS_CERT_ALTNAME_INVALID: 'wrong-host',
};

const REASON_TEXT: Record<CertificateProblem['reason'], string> = {
  expired: 'it has expired',
  'not-yet-valid': 'it is not valid yet',
  'self-signed': 'it is self-signed',
  'wrong-host': 'it was issued for another host name',
  'unknown-ca': 'it was issued by a certificate authority this app does not trust',
};

const PROBE_TIMEOUT_MS = 5_000;

/**
 * Turns a failed request into a coded error that says what failed: the proxy (refused, asked
 * for credentials, refused the tunnel) or the provider's certificate (which one, and why; with
 * the CA that could be trusted for this provider). Other failures pass on unchanged for
 * `toAppError` to describe.
 */
export async function describeNetworkFailure(
  err: unknown,
  target: URL,
  proxy: string | null,
  network: RequestNetwork,
): Promise<unknown> {
  const code = findCode(err);
  if (code && code in CERTIFICATE_REASONS) {
    const reason = CERTIFICATE_REASONS[code]!;
    const problem = await probeCertificate(target, proxy, network, reason).catch(() => undefined);
    return certificateRejected(target, reason, problem, err);
  }
  if (proxy) {
    const where = displayProxy(proxy);
    const status = /Proxy response \((\d+)\)/.exec(messagesOf(err))?.[1];
    if (status === '407') {
      return new AppError(
        'NETWORK',
        `The proxy ${where} asked for credentials (HTTP 407). Enter the proxy user name and password in the provider's network settings.`,
        { cause: err },
      );
    }
    if (status) {
      return new AppError(
        'NETWORK',
        `The proxy ${where} refused to connect to ${target.host} (HTTP ${status}).`,
        { cause: err },
      );
    }
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET') {
      const proxyHost = new URL(proxy);
      const failedAt = findAddress(err);
      if (!failedAt || failedAt === proxyHost.hostname || failedAt === '127.0.0.1') {
        return new AppError(
          'NETWORK',
          `Could not reach the proxy ${where} (${code === 'ENOTFOUND' ? 'unknown host' : 'connection refused'}). Check the proxy settings of this provider or of the system.`,
          { cause: err },
        );
      }
    }
  }
  return err;
}

function certificateRejected(
  target: URL,
  reason: CertificateProblem['reason'],
  problem: CertificateProblem | undefined,
  cause: unknown,
): AppError {
  const which = problem
    ? `The certificate of ${target.host} (${problem.subject}, issued by ${problem.issuer})`
    : `The certificate of ${target.host}`;
  const advice =
    reason === 'wrong-host' || reason === 'expired' || reason === 'not-yet-valid'
      ? 'Check the provider URL, or ask the provider’s administrator to fix the certificate.'
      : problem?.caPem
        ? `If ${problem.caSubject ?? 'this CA'} is your organisation’s CA, trust it for this provider.`
        : 'If your organisation uses its own CA, add its certificate (PEM) to this provider’s trusted CAs.';
  return new AppError(
    'CERTIFICATE_REJECTED',
    `${which} was rejected: ${REASON_TEXT[reason]}. ${advice}`,
    { cause, ...(problem ? { certificate: problem } : {}) },
  );
}

/**
 * Connects again without verification, only to read the chain the server presents (nothing is
 * sent over it), so the message can name the certificate and offer the CA at its top.
 */
async function probeCertificate(
  target: URL,
  proxy: string | null,
  network: RequestNetwork,
  reason: CertificateProblem['reason'],
): Promise<CertificateProblem> {
  const port = Number(target.port || 443);
  const socket = proxy ? await tunnel(proxy, target.hostname, port, network) : undefined;
  const peer = await new Promise<DetailedPeerCertificate>((resolve, reject) => {
    const connection = tls.connect({
      host: target.hostname,
      port,
      servername: target.hostname,
      rejectUnauthorized: false,
      ca: [...trustedCertificatesFor(network.profile.extraCaCertificates)],
      ...(socket ? { socket } : {}),
      ...(network.router.lookup ? { lookup: network.router.lookup } : {}),
    });
    connection.setTimeout(PROBE_TIMEOUT_MS, () => connection.destroy(new Error('timeout')));
    connection.once('secureConnect', () => {
      resolve(connection.getPeerCertificate(true));
      connection.destroy();
    });
    connection.once('error', reject);
  });
  let top = peer;
  while (top.issuerCertificate && top.issuerCertificate !== top) top = top.issuerCertificate;
  const selfSigned = top.issuerCertificate === top || top.subject?.CN === top.issuer?.CN;
  const offerCa = reason !== 'wrong-host' && reason !== 'expired' && selfSigned;
  return {
    host: target.host,
    reason,
    subject: describeName(peer.subject),
    issuer: describeName(peer.issuer),
    validTo: new Date(peer.valid_to).toISOString(),
    fingerprint256: peer.fingerprint256,
    ...(offerCa ? { caPem: toPem(top.raw), caSubject: describeName(top.subject) } : {}),
  };
}

function tunnel(
  proxy: string,
  host: string,
  port: number,
  network: RequestNetwork,
): Promise<Socket> {
  const url = new URL(proxy);
  const { profile } = network;
  const headers: Record<string, string> = { host: `${host}:${port}` };
  if (profile.proxy === 'url' && profile.proxyUsername) {
    headers['proxy-authorization'] =
      `Basic ${Buffer.from(`${profile.proxyUsername}:${profile.proxyPassword ?? ''}`).toString('base64')}`;
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: `${host}:${port}`,
      headers,
      timeout: PROBE_TIMEOUT_MS,
    });
    req.once('connect', (response, socket) => {
      if (response.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`proxy answered ${response.statusCode}`));
      }
    });
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', reject);
    req.end();
  });
}

function describeName(name: Partial<Record<string, string | string[]>> | undefined): string {
  if (!name) return 'unknown';
  const parts = ['CN', 'O', 'OU']
    .filter((key) => name[key])
    .map((key) => `${key}=${String(name[key])}`);
  return parts.join(', ') || 'unknown';
}

function toPem(der: Buffer): string {
  const base64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${base64.trimEnd()}\n-----END CERTIFICATE-----\n`;
}

function findCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 5) return undefined;
  const e = err as { code?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (e.code in CERTIFICATE_REASONS || e.code.startsWith('E')))
    return e.code;
  return findCode(e.cause, depth + 1);
}

function findAddress(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 5) return undefined;
  const e = err as { address?: unknown; hostname?: unknown; cause?: unknown };
  if (typeof e.address === 'string') return e.address;
  if (typeof e.hostname === 'string') return e.hostname;
  return findAddress(e.cause, depth + 1);
}

function messagesOf(err: unknown, depth = 0): string {
  if (!err || typeof err !== 'object' || depth > 5) return '';
  const e = err as { message?: unknown; cause?: unknown };
  return `${typeof e.message === 'string' ? e.message : ''} ${messagesOf(e.cause, depth + 1)}`;
}
