import { describe, expect, it } from 'vitest';
import {
  osClipboardFormat,
  sensitiveClipboardMarkers,
} from '../../main/core/sensitive-clipboard.ts';

describe('sensitiveClipboardMarkers', () => {
  it('spells raw platform formats the way Electron 45 reads them', () => {
    expect(osClipboardFormat('x')).toBe('electron application/osclipboard;format="x"');
  });

  it('Windows: excluded from monitors, clipboard history and cloud clipboard (DWORD 0)', () => {
    const markers = sensitiveClipboardMarkers('win32');
    expect(Object.keys(markers)).toEqual([
      osClipboardFormat('ExcludeClipboardContentFromMonitorProcessing'),
      osClipboardFormat('CanIncludeInClipboardHistory'),
      osClipboardFormat('CanUploadToCloudClipboard'),
    ]);
    expect(markers[osClipboardFormat('CanIncludeInClipboardHistory')]).toEqual(new Uint8Array(4));
    expect(markers[osClipboardFormat('CanUploadToCloudClipboard')]).toEqual(new Uint8Array(4));
  });

  it('macOS: the nspasteboard.org concealed type', () => {
    expect(sensitiveClipboardMarkers('darwin')).toEqual({
      [osClipboardFormat('org.nspasteboard.ConcealedType')]: '',
    });
  });

  it("Linux and BSD: KDE's password manager hint", () => {
    for (const platform of ['linux', 'freebsd', 'openbsd'] as const) {
      expect(sensitiveClipboardMarkers(platform)).toEqual({
        [osClipboardFormat('x-kde-passwordManagerHint')]: 'secret',
      });
    }
  });

  it('nothing where no convention is known, and no shared mutable bytes between calls', () => {
    expect(sensitiveClipboardMarkers('aix')).toEqual({});
    const a = sensitiveClipboardMarkers('win32');
    const b = sensitiveClipboardMarkers('win32');
    const key = osClipboardFormat('CanIncludeInClipboardHistory');
    expect(a[key]).not.toBe(b[key]);
  });
});
