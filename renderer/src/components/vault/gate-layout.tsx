import type { ReactNode } from 'react';
import { Icon, type IconName } from '../ui/icon.tsx';

/** The centred card the vault screens share, under the app's name. */
export function GateLayout({
  icon,
  tone = 'neutral',
  title,
  lead,
  children,
}: {
  icon: IconName;
  tone?: 'neutral' | 'danger';
  title: string;
  lead?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="gate">
      <p className="gate__brand">
        <Icon name="key" size={16} /> Token Desk
      </p>
      <main className="gate__card">
        <span className={`gate__icon gate__icon--${tone}`} aria-hidden="true">
          <Icon name={icon} size={22} />
        </span>
        <h1 className="gate__title">{title}</h1>
        {lead ? <div className="gate__lead">{lead}</div> : null}
        {children}
      </main>
    </div>
  );
}

/** Where the vault file lives, so it can be found and backed up. */
export function VaultPath({ path }: { path: string }) {
  return (
    <p className="gate__path">
      <Icon name="file" size={14} />
      <span className="visually-hidden">Vault file: </span>
      <span className="mono">{path}</span>
    </p>
  );
}
