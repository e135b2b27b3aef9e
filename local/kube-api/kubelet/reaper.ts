// Last line of defence against leaked processes: a tiny `sh` child that is told every process group the
// kubelet starts and stops. If the server dies without cleaning up (SIGKILL, a crashed test worker),
// the reaper's stdin reaches EOF and it SIGKILLs every group still registered (and removes the
// server's temporary directory, if given). A clean shutdown sends `done` first, so nothing is killed
// twice.

import { type ChildProcess, spawn } from 'node:child_process';

const SCRIPT = `
trap '' INT TERM HUP
groups=""
while IFS= read -r line; do
  case "$line" in
    +*) groups="$groups \${line#+}" ;;
    -*) id="\${line#-}"; kept=""; for g in $groups; do [ "$g" = "$id" ] || kept="$kept $g"; done; groups="$kept" ;;
    done) exit 0 ;;
  esac
done
for g in $groups; do kill -KILL "-$g" 2>/dev/null; done
if [ -n "$REAPER_REMOVE_DIR" ]; then rm -rf -- "$REAPER_REMOVE_DIR"; fi
`;

export class Reaper {
  readonly #child: ChildProcess;

  constructor(removeOnCrash?: string) {
    this.#child = spawn('sh', ['-c', SCRIPT], {
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', REAPER_REMOVE_DIR: removeOnCrash ?? '' },
    });
    this.#child.stdin?.on('error', () => {
      // The reaper is gone (killed from outside); cleanup falls back to the kubelet alone.
    });
  }

  track(pgid: number | undefined): void {
    if (pgid) this.#send(`+${pgid}`);
  }

  forget(pgid: number | undefined): void {
    if (pgid) this.#send(`-${pgid}`);
  }

  /** Clean shutdown: every group is already stopped. */
  close(): void {
    this.#send('done');
    this.#child.stdin?.end();
  }

  #send(line: string): void {
    const stdin = this.#child.stdin;
    if (stdin && !stdin.destroyed && stdin.writable) stdin.write(`${line}\n`);
  }
}
