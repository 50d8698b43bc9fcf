import { Dialog } from '../ui/dialog.tsx';

const SHORTCUTS: [keys: string[], what: string][] = [
  [['Ctrl', 'F'], 'Find accounts (⌘ F on macOS)'],
  [['/'], 'Find accounts'],
  [['Esc'], 'Clear the search, close a dialog'],
  [['↑', '↓'], 'Move between accounts'],
  [['Enter'], 'Inspect the account'],
  [['C'], 'Copy its access token'],
  [['R'], 'Refresh its token'],
  [['Delete'], 'Remove the account (asks first)'],
  [['Tab'], "Reach the row's buttons and menus"],
  [['?'], 'Show these shortcuts'],
];

/** The `?` overlay: every keyboard shortcut of the main window. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" size="sm" onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={what}>
              <th scope="row">
                {keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 ? ' ' : null}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Row shortcuts work when an account row has focus (click it or Tab to it).
      </p>
    </Dialog>
  );
}
