// How a command-line program of Quire's (`quire`, `npm run web`) ends: its
// exit codes, and what it says when it cannot go on. One mapping for both, so a
// script gets the same answer from either.
import { isQuireError, type QuireError } from '../shared/errors.ts';
import { visible } from '../shared/text.ts';

/** Exit codes: what a script can rely on. */
export const EXIT = { ok: 0, partial: 1, usage: 2, project: 3, internal: 4 } as const;

export function exitCodeFor(e: QuireError): number {
  if (
    ['project_missing', 'not_a_project', 'project_too_new', 'project_locked', 'read_only', 'damaged'].includes(e.code)
  )
    return EXIT.project;
  if (['invalid_input', 'not_found', 'blind', 'exclusive_conflict'].includes(e.code)) return EXIT.usage;
  if (e.code === 'cancelled') return EXIT.partial;
  return EXIT.internal;
}

/**
 * Says on stderr why `program` stopped, and gives its exit code: a QuireError
 * in its own words; anything else as an unexpected error, with its stack for
 * a bug report.
 */
export function reportFailure(program: string, e: unknown): number {
  if (isQuireError(e)) {
    // A message may list things line by line; each line has its hidden characters written out.
    process.stderr.write(`${program}: ${e.message.split('\n').map(visible).join('\n')}\n`);
    return exitCodeFor(e);
  }
  process.stderr.write(`${program}: unexpected error: ${(e as Error)?.stack ?? e}\n`);
  return EXIT.internal;
}
