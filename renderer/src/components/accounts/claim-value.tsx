import type { Claim } from '../../../../contract/domain.ts';
import { formatDateTime } from '../../lib/time.ts';
import { RelativeTime } from '../ui/relative-time.tsx';

/** One claim's value: times as local date-time plus relative, structures as JSON. */
export function ClaimValue({ claim }: { claim: Claim }) {
  const { value } = claim;
  if (claim.time !== undefined) {
    return (
      <span className="claim-time" title={`${String(value)} (seconds since 1970)`}>
        <span className="tabular">{formatDateTime(claim.time)}</span>
        <span className="muted">
          <RelativeTime at={claim.time} />
        </span>
      </span>
    );
  }
  if (value !== null && typeof value === 'object') {
    return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
  }
  if (typeof value === 'string') return <span className="claim-string">{value}</span>;
  return <span className="mono claim-literal">{String(value)}</span>;
}
