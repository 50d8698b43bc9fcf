/**
 * Copies non-secret text (a sign-in link) from the renderer. Tokens are never copied here:
 * main copies them and clears the clipboard again. Falls back to the selection when the
 * Clipboard API is not permitted (Electron denies permission requests by default).
 */
export async function copyText(
  text: string,
  selectable?: HTMLInputElement | null,
): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!selectable) return false;
    selectable.focus();
    selectable.select();
    // execCommand is deprecated but remains the only permission-free copy of a selection.
    return document.execCommand('copy');
  }
}
