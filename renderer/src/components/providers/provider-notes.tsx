import type { ProviderSummary } from '../../../../contract/domain.ts';
import { Icon } from '../ui/icon.tsx';

/** Facts about the provider a user should know (what revoking or removing really does). */
export function ProviderNotes({ provider }: { provider: ProviderSummary }) {
  const { notes } = provider.capabilities;
  if (notes.length === 0) return null;
  return (
    <ul className="provider__notes" aria-label={`About ${provider.name}`}>
      {notes.map((note) => (
        <li key={note}>
          <Icon name="info" size={14} />
          <span>{note}</span>
        </li>
      ))}
    </ul>
  );
}
