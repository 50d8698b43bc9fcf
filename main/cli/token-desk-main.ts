// The `token-desk` command as a process: standard streams in, exit status out.
import { runTokenDesk } from './token-desk.ts';

process.exitCode = await runTokenDesk(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
