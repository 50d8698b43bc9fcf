/**
 * A device user code in readable groups: split where the provider put separators
 * ("ABCD-EFGH"), else in fours. The separators stay in the text, so what is copied is what
 * the provider expects.
 */
export function codeGroups(code: string): { text: string; separator: string }[] {
  const parts = code.match(/[^\s-]+[\s-]*/g);
  if (parts && parts.length > 1) {
    return parts.map((part) => {
      const separator = /[\s-]+$/.exec(part)?.[0] ?? '';
      return { text: part.slice(0, part.length - separator.length), separator };
    });
  }
  return (code.match(/.{1,4}/g) ?? [code]).map((text) => ({ text, separator: '' }));
}

/**
 * The QR code main generated, as an image URL. It is shown as an <img> (the CSP allows
 * data: images), never parsed into the DOM, so nothing in it can run.
 */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}
