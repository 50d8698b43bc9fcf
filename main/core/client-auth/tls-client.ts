import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { CertificateSummary } from '../../../contract/domain.ts';
import { AppError } from '../errors.ts';

/** Parses a PEM certificate, or says clearly that it is not one. */
export function parseCertificate(pem: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem.trim());
  } catch {
    throw new AppError(
      'INVALID_INPUT',
      `${what} is not a PEM certificate (-----BEGIN CERTIFICATE-----).`,
    );
  }
}

/** A certificate as shown to people. */
export function summarizeCertificate(certificate: X509Certificate): CertificateSummary {
  return {
    subject: certificate.subject.replace(/\n/g, ', '),
    issuer: certificate.issuer.replace(/\n/g, ', '),
    validTo: new Date(certificate.validTo).toISOString(),
    fingerprint256: certificate.fingerprint256,
  };
}

/**
 * Checks a client certificate and its private key before they are stored (mutual TLS,
 * RFC 8705): both parse, and the key is the certificate's.
 */
export function checkClientCertificate(certificatePem: string, keyPem: string): void {
  const certificate = parseCertificate(certificatePem, 'The client certificate');
  let key;
  try {
    key = createPrivateKey(keyPem.trim());
  } catch {
    throw new AppError(
      'INVALID_INPUT',
      'The client certificate key is not a PEM private key (-----BEGIN PRIVATE KEY-----).',
    );
  }
  if (!certificate.checkPrivateKey(key)) {
    throw new AppError(
      'INVALID_INPUT',
      'The private key does not belong to the client certificate.',
    );
  }
}

/** Splits pasted text holding one or more PEM certificates; each must parse. */
export function splitCertificates(text: string, what: string): string[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (text.trim() && blocks.length === 0) {
    throw new AppError(
      'INVALID_INPUT',
      `${what} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`,
    );
  }
  return blocks.map((block) => {
    parseCertificate(block, what);
    return `${block}\n`;
  });
}
