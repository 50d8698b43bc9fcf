/**
 * How each desktop tells clipboard managers and clipboard history that a copied text is a
 * secret: extra clipboard formats written together with the text. Electron 45 writes raw
 * platform formats as `electron application/osclipboard;format="<name>"` entries of one
 * `ClipboardItem`, committed atomically with `text/plain`.
 *
 * - Windows: `ExcludeClipboardContentFromMonitorProcessing` (any data) keeps the entry out of
 *   clipboard history, cloud sync and monitors that honour it; `CanIncludeInClipboardHistory`
 *   and `CanUploadToCloudClipboard` set to DWORD 0 say the same to Windows' own history.
 * - macOS: `org.nspasteboard.ConcealedType` (nspasteboard.org), honoured by most clipboard
 *   managers (they skip or mask the entry).
 * - Linux: `x-kde-passwordManagerHint` = `secret`, honoured by KDE's Klipper and some other
 *   managers; GNOME and wlroots desktops have no convention.
 */

/** A raw platform clipboard format in Electron's custom-format spelling. */
export function osClipboardFormat(name: string): string {
  return `electron application/osclipboard;format="${name}"`;
}

/** The marker formats for `platform` (empty where the platform has no convention). */
export function sensitiveClipboardMarkers(
  platform: NodeJS.Platform,
): Record<string, Uint8Array | string> {
  switch (platform) {
    case 'win32':
      return {
        [osClipboardFormat('ExcludeClipboardContentFromMonitorProcessing')]: new Uint8Array(1),
        [osClipboardFormat('CanIncludeInClipboardHistory')]: new Uint8Array(4), // DWORD 0
        [osClipboardFormat('CanUploadToCloudClipboard')]: new Uint8Array(4),
      };
    case 'darwin':
      return { [osClipboardFormat('org.nspasteboard.ConcealedType')]: '' };
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      return { [osClipboardFormat('x-kde-passwordManagerHint')]: 'secret' };
    default:
      return {};
  }
}
