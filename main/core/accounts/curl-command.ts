/**
 * A `curl` command for one request with an account's access token, ready to paste in a
 * shell: `Authorization: Bearer …`, or for a DPoP-bound token `Authorization: DPoP …` with
 * the fresh `DPoP:` proof made for exactly this method and URL (RFC 9449 §7.1).
 */
export function curlCommand(request: {
  method: string;
  url: string;
  accessToken: string;
  dpopProof?: string;
}): string {
  const method = request.method.toUpperCase();
  const parts = ['curl'];
  if (method !== 'GET') parts.push('-X', method);
  parts.push(
    '-H',
    shellQuote(`Authorization: ${request.dpopProof ? 'DPoP' : 'Bearer'} ${request.accessToken}`),
  );
  if (request.dpopProof) parts.push('-H', shellQuote(`DPoP: ${request.dpopProof}`));
  parts.push(shellQuote(request.url));
  return parts.join(' ');
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
