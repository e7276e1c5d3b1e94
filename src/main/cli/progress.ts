// Progress bars on a terminal (none for --json or a pipe) for the long work of a command.
import { createRequire } from 'node:module';
import { fileSize, visible } from '../../shared/text.ts';
import { backupFolder } from '../core/db/backups.ts';
import type { UpdateProgress } from '../core/db/open.ts';
import type { CallContext } from '../core/engine.ts';

// A bar is drawn only on a terminal: the library is loaded then, not by every command (nor under --json or a pipe).
const cliProgress = () => createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');

/**
 * The day's backup, which copies the whole project before the first change of the day (4 s for 100,000 articles):
 * said on a terminal as it starts, so the wait is never silent (nothing for --json or a pipe, as for the bars).
 */
export function backupOnTerminal(json: boolean | undefined, project: string) {
  if (json || !process.stderr.isTTY) return undefined;
  return (bytes: number) =>
    process.stderr.write(`Making today’s backup of the project (${fileSize(bytes)}) in ${backupFolder(project)}…\n`);
}

/**
 * Bringing an older project up to date (its search index made anew): a
 * progress bar on a terminal. Ctrl+C stops it as any program: the update is
 * one transaction, so the project stays as it was, and the next open starts again.
 */
export function updateOnTerminal(json: boolean | undefined) {
  const bar =
    !json && process.stderr.isTTY
      ? new (cliProgress().SingleBar)(
          {
            format: 'updating the project [{bar}] {value}/{total} documents',
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress().Presets.shades_classic,
        )
      : null;
  let started = false;
  return {
    onUpdate: (p: UpdateProgress) => {
      if (!bar) return;
      if (!started) {
        bar.start(p.total, 0);
        started = true;
      }
      bar.update(p.done);
    },
    stop: () => bar?.stop(),
  };
}

/**
 * For a long command: a progress bar on a terminal (none for --json or a
 * pipe), and Ctrl+C asking the engine to stop cleanly rather than killing it.
 */
export function progressOnTerminal(verb: string, json: boolean | undefined) {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const bar =
    !json && process.stderr.isTTY
      ? new (cliProgress().SingleBar)(
          { format: `${verb} [{bar}] {value}/{total} {file}`, stream: process.stderr, hideCursor: true },
          cliProgress().Presets.shades_classic,
        )
      : null;
  let started = false;
  const context: CallContext = {
    signal: controller.signal,
    onProgress: (p) => {
      if (!bar) return;
      if (!started) {
        bar.start(p.total, 0, { file: '' });
        started = true;
      }
      bar.update(p.done, { file: visible(p.current.slice(-40)) });
    },
  };
  return {
    context,
    stop: () => {
      bar?.stop();
      process.off('SIGINT', onSigint);
    },
  };
}
