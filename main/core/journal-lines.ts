/**
 * The committed lines of an append-only journal. A line that is not a whole, well-formed entry
 * ends it: an append the process did not finish (a kill, a power cut) leaves a partial or
 * zero-filled tail, and only the tail. `validBytes` is where the next append must start.
 */
export function committedLines<T>(
  bytes: Buffer,
  parse: (line: string) => T | undefined,
): { lines: T[]; validBytes: number } {
  const lines: T[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const end = bytes.indexOf(0x0a, offset);
    if (end === -1) break;
    const line = parse(bytes.subarray(offset, end).toString('utf8'));
    if (line === undefined) break;
    lines.push(line);
    offset = end + 1;
  }
  return { lines, validBytes: offset };
}
