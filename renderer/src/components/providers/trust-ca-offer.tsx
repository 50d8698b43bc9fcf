import type { CertificateProblem } from '../../../../contract/domain.ts';
import { Button } from '../ui/button.tsx';

/**
 * After a certificate error naming a CA the app does not trust: what that CA is, and the
 * choice to trust it for this provider only (it goes into the form's trusted CAs; saving
 * tries again). Never a way to ignore certificate errors.
 */
export function TrustCaOffer({
  problem,
  onTrust,
}: {
  problem: CertificateProblem;
  onTrust: (pem: string) => void;
}) {
  if (!problem.caPem) return null;
  return (
    <div className="trust-ca">
      <p className="trust-ca__text">
        The server’s chain ends at <strong>{problem.caSubject ?? 'an unknown CA'}</strong>. Trust it
        only if it is your organisation’s CA; compare its fingerprint with what your IT department
        publishes.
      </p>
      <p className="trust-ca__fingerprint">
        Server certificate: {problem.subject} · SHA-256 {problem.fingerprint256}
      </p>
      <Button size="sm" onClick={() => onTrust(problem.caPem!)}>
        Trust this CA for this provider
      </Button>
    </div>
  );
}
