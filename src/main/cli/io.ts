// How the command line writes: one line each, with every character that cannot be seen or that breaks or
// reorders a line written out (see `visible`): a title, file name or code name with a line break, a
// right-to-left override or a terminal escape prints as what it is. `raw` is for what is already safe:
// a document's own text, JSON.
import { InvalidArgumentError } from 'commander';
import { visible } from '../../shared/text.ts';

export const raw = (stream: NodeJS.WriteStream, s: string) => stream.write(`${s}\n`);
export const out = (s = '') => raw(process.stdout, visible(s));
export const err = (s: string) => raw(process.stderr, visible(s));
export const tty = Boolean(process.stdout.isTTY);

/** Parses a whole-number option, so `--limit ten` is a usage error with a plain message. */
export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Give a whole number, such as 20.');
  return Number(value);
}

/** --coder ana,ben: the names, each trimmed. */
export const coderList = (list: string | undefined) =>
  list
    ?.split(',')
    .map((c) => c.trim())
    .filter(Boolean);

/**
 * JSON, with what `visible` writes out escaped as \uXXXX (JSON.stringify
 * escapes the C0 controls itself, and its own line breaks are the layout):
 * the same data, nothing a terminal would act on.
 */
export function printJson(value: unknown): void {
  const escape = (c: string) =>
    [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  raw(process.stdout, JSON.stringify(value, null, 2).replace(/[\u007F-\u009F\p{Cf}\p{Zl}\p{Zp}]/gu, escape));
}

/** A titled list, indented, of at most `max` lines and "… and N more". */
export function list(title: string, lines: readonly string[], max = 50): void {
  if (!lines.length) return;
  out(title);
  for (const line of lines.slice(0, max)) out(`  ${line}`);
  if (lines.length > max) out(`  … and ${lines.length - max} more`);
}
