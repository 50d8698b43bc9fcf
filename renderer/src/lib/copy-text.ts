/**
 * Copies non-secret text (a sign-in link, a device code) from the renderer. Tokens are never
 * copied here: main copies them and clears the clipboard again. Falls back to selecting the
 * element's text when the Clipboard API is not permitted (Electron denies permission requests
 * by default).
 */
export async function copyText(text: string, selectable?: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!selectable) return false;
    if (selectable instanceof HTMLInputElement) {
      selectable.focus();
      selectable.select();
    } else {
      window.getSelection()?.selectAllChildren(selectable);
    }
    // execCommand is deprecated but remains the only permission-free copy of a selection.
    return document.execCommand('copy');
  }
}
