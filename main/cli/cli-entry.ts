/** The commands the app's own executable runs as `token-desk` instead of opening a window. */
const COMMANDS = new Set(['token', 'accounts', 'git-credential', '--help']);

/**
 * The `token-desk` arguments when the app was started as the command (`Token Desk token work`,
 * or through a link named token-desk: `token-desk token work`), else null. A packaged app's
 * arguments start after the executable; in development after `electron .`.
 */
export function commandLineArguments(
  argv: readonly string[],
  isPackaged: boolean,
): string[] | null {
  const args = argv.slice(isPackaged ? 1 : 2);
  if (args[0] === 'token-desk') args.shift();
  return args[0] !== undefined && COMMANDS.has(args[0]) ? args : null;
}
