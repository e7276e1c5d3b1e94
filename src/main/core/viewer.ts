// Who is reading, and what they may see. Every read of codings, their counts
// and memos takes a Viewer, so a coder coding blind gets no trace of the other
// coders' work from any method, tool or export: the rule lives here, once,
// and the queries apply it with the SQL below.
import { QuireError } from '../../shared/errors.ts';
import type { Db } from './db/db.ts';
import { coderSeeing } from './db/queries/coders.ts';

export interface Viewer {
  /** The coder asking. */
  name: string;
  /** Their id in the project; null until they change anything in it. */
  coderId: number | null;
  /** Coding blind: only their own codings, counts, memos and history. */
  blind: boolean;
}

/** The viewer for the coder named `name`: blind as the project remembers for them. */
export function viewerOf(db: Db, name: string): Viewer {
  const row = coderSeeing(db).get(name);
  return { name, coderId: row?.id ?? null, blind: row?.blind === 1 };
}

/** Someone who sees every coder's work: an export from the command line by a coder not coding blind, a test. */
export const everyone = (name = 'Quire'): Viewer => ({ name, coderId: null, blind: false });

/**
 * The value of the `@viewer` parameter that VISIBLE conditions take: null
 * when every coder's rows show, else the one coder whose rows do (-1, which
 * no row has, for a blind coder who has no rows yet).
 */
export const viewerParam = (viewer: Viewer): number | null => (viewer.blind ? (viewer.coderId ?? -1) : null);

/** An SQL condition: the row of `alias` (a coding or memo, with coder_id) is one the viewer may see. Binds @viewer. */
export const visible = (alias: string) => `(@viewer IS NULL OR ${alias}.coder_id = @viewer)`;

/** The coder names an analysis may count: those asked for (all when none are), and only the viewer when blind. */
export function visibleCoders(viewer: Viewer, asked: readonly string[] | undefined): string[] | undefined {
  if (!viewer.blind) return asked ? [...asked] : undefined;
  return !asked || asked.includes(viewer.name) ? [viewer.name] : [];
}

/** Whether the viewer may see a row by the coder with id `coderId`. */
export const maySee = (viewer: Viewer, coderId: number) => !viewer.blind || coderId === viewer.coderId;

/** Refuses what compares or changes other coders' work while the viewer codes blind, saying why and what to do. */
export function refuseWhenBlind(viewer: Viewer, what: string): void {
  if (viewer.blind)
    throw new QuireError(
      'blind',
      `${what} is not available while you code blind: it would show you the other coders’ work. Turn blind coding off to do it.`,
    );
}
