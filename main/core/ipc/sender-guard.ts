/**
 * Decides whether an IPC call comes from our own renderer. Electron passes the sender
 * frame's URL (`event.senderFrame?.url`); a missing frame is untrusted. The test bridge passes
 * the calling page's URL. Compared by scheme and host, since `app://` URLs have no origin.
 */
export function isTrustedSender(
  senderUrl: string | null | undefined,
  trusted: readonly string[],
): boolean {
  if (!senderUrl) return false;
  let url: URL;
  try {
    url = new URL(senderUrl);
  } catch {
    return false;
  }
  return trusted.some((entry) => {
    const allowed = new URL(entry);
    return url.protocol === allowed.protocol && url.host === allowed.host;
  });
}
