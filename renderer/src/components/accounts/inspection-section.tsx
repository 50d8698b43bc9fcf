import { useId } from 'react';
import type { InspectionSection } from '../../../../contract/domain.ts';
import { ClaimValue } from './claim-value.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';

const STATUS_LABELS: Record<InspectionSection['status'], string> = {
  ok: 'OK',
  error: 'Failed',
  unavailable: 'Not available',
};

/** One part of an inspection (ID token, UserInfo, introspection…), under the panel's h3. */
export function InspectionSectionView({ section }: { section: InspectionSection }) {
  const headingId = useId();
  return (
    <section
      className={`inspect-section inspect-section--${section.status}`}
      aria-labelledby={headingId}
    >
      <header className="inspect-section__header">
        <h4 id={headingId}>{section.title}</h4>
        <span className={`pill pill--${section.status}`}>{STATUS_LABELS[section.status]}</span>
      </header>
      {section.note ? <p className="inspect-section__note">{section.note}</p> : null}
      <ErrorMessage error={section.error} showCode compact />
      {section.claims && section.claims.length > 0 ? (
        <table className="claims" aria-label={`${section.title} claims`}>
          <tbody>
            {section.claims.map((claim) => (
              <tr key={claim.name}>
                <th scope="row" className="mono">
                  {claim.name}
                </th>
                <td>
                  <ClaimValue claim={claim} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
