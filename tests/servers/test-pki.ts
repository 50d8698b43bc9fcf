/**
 * Certificates for tests, made fresh in each run with node:crypto's WebCrypto and
 * @peculiar/x509: a test CA ("Token Desk Test Root CA"), server certificates it issues for
 * given host names (expired ones too), and client certificates (CA-issued or self-signed)
 * for mutual TLS. Nothing here is trusted outside the test that uses it.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { registerSecret } from '../support/leak-detector.ts';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 24 * 60 * 60_000;

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
  /** Leaf first, then the CA, as a server sends it. */
  chainPem: string;
}

export interface TestCa {
  name: string;
  certPem: string;
  /** A server certificate for `hosts` (DNS names or IPs), signed by this CA. */
  issueServer(hosts: string[], options?: { expired?: boolean }): Promise<IssuedCertificate>;
  /** A client certificate (`CN=<commonName>`) for mutual TLS, signed by this CA. */
  issueClient(commonName: string): Promise<IssuedCertificate>;
}

async function newKeys(): Promise<webcrypto.CryptoKeyPair> {
  return await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
}

/** The private key as PEM, registered with the leak detector: the app must never show it. */
async function keyPem(keys: webcrypto.CryptoKeyPair): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  registerSecret(der.toString('base64').slice(0, 64), 'private key');
  return `-----BEGIN PRIVATE KEY-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(12))).toString('hex');
}

/** A new certificate authority. */
export async function createTestCa(name = 'Token Desk Test Root CA'): Promise<TestCa> {
  const caKeys = await newKeys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name}, O=Token Desk Tests`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
    keys: caKeys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const caPem = ca.toString('pem');

  async function issue(
    subject: string,
    extensions: x509.Extension[],
    validity: { notBefore: Date; notAfter: Date },
  ): Promise<IssuedCertificate> {
    const keys = await newKeys();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject,
      issuer: ca.subject,
      ...validity,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        await x509.AuthorityKeyIdentifierExtension.create(ca, false),
        ...extensions,
      ],
    });
    const certPem = cert.toString('pem');
    return {
      certPem: `${certPem}\n`,
      keyPem: await keyPem(keys),
      chainPem: `${certPem}\n${caPem}\n`,
    };
  }

  return {
    name,
    certPem: `${caPem}\n`,
    issueServer(hosts, options = {}) {
      const now = Date.now();
      return issue(
        `CN=${hosts[0]}`,
        [
          new x509.SubjectAlternativeNameExtension(
            hosts.map((host) =>
              /^[\d.]+$/.test(host) ? { type: 'ip', value: host } : { type: 'dns', value: host },
            ),
          ),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        ],
        options.expired
          ? { notBefore: new Date(now - 10 * DAY), notAfter: new Date(now - DAY) }
          : { notBefore: new Date(now - DAY), notAfter: new Date(now + 30 * DAY) },
      );
    },
    issueClient(commonName) {
      const now = Date.now();
      return issue(
        `CN=${commonName}`,
        [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
        { notBefore: new Date(now - DAY), notAfter: new Date(now + 30 * DAY) },
      );
    },
  };
}

/** A self-signed client certificate (RFC 8705 §2.2, self_signed_tls_client_auth). */
export async function selfSignedClientCertificate(commonName: string): Promise<IssuedCertificate> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
    keys,
    signingAlgorithm: SIGNING,
    extensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
  });
  const certPem = `${cert.toString('pem')}\n`;
  return { certPem, keyPem: await keyPem(keys), chainPem: certPem };
}
