// A file's sets of sources (REFI-QDA Sets with MemberSource: NVivo's and
// ATLAS.ti's document groups, MAXQDA's document sets) become document sets
// made by hand: matched to ours by GUID, then by name (any case) when ours is
// made by hand too; the others added. A set that also holds codes gives them
// to a code group of its name (merge-plan.ts) and says so; members the file
// names but that were not imported are named in the report.
import { freeName, plural, visible } from '../../../shared/text.ts';
import type { Db } from '../db/open.ts';
import { handSetHere, setNamed } from '../documents/sets.ts';
import type { RefiDocument, RefiInput, RefiSet } from './model.ts';

/** What of a merge plan's document step a set needs: the document, and its id here (null until written). */
interface DocumentLike {
  id: number | null;
  doc: RefiDocument;
}

/** The parts of a merge plan the document sets read and add to. */
export interface DocumentSetPlan {
  documents: readonly DocumentLike[];
  notes: string[];
  skipped: string[];
  documentSets: DocumentSetStep[];
}

export interface DocumentSetStep {
  set: RefiSet;
  /** Ours it joins; null: added by the merge (the id set when written). */
  id: number | null;
  name: string;
  members: DocumentLike[];
}

const quoted = (name: string) => `“${visible(name)}”`;

/** Adds the file's sets of sources to the plan as document sets; what cannot be carried over is said. */
export function planDocumentSets(plan: DocumentSetPlan, input: RefiInput, db: Db): void {
  const byGuid = new Map<string, DocumentLike>();
  for (const d of plan.documents) for (const guid of d.doc.guids) byGuid.set(guid, d);
  for (const set of input.sets) {
    if (!set.sourceGuids.length) continue;
    const wanted = set.name || 'Unnamed set';
    const members = [
      ...new Set(set.sourceGuids.map((g) => byGuid.get(g)).filter((d): d is DocumentLike => d !== undefined)),
    ];
    const missing = [...new Set(set.sourceGuids.filter((g) => !byGuid.has(g)))].map(
      (g) => input.sourceNames.get(g) ?? `a source the file does not hold (${g.slice(0, 8)})`,
    );
    const here = handSetHere(db, set.guid, wanted);
    const planned = plan.documentSets.map((s) => s.name.toLowerCase());
    const name = here
      ? here.name
      : freeName(wanted, (n) => planned.includes(n.toLowerCase()) || setNamed(db, n) !== null);
    plan.documentSets.push({ set, id: here?.id ?? null, name, members });
    const what = here
      ? `joined the document set ${quoted(here.name)} here`
      : `became the document set ${quoted(name)}${name === wanted ? '' : ` (the project already has a set called ${quoted(wanted)} that is saved from a search)`}`;
    plan.notes.push(
      `The set ${quoted(wanted)} ${set.codeGuids.length ? `holds codes and documents: its codes are in the code group ${quoted(wanted)}, and its ${plural(members.length, 'document')} ${what}` : `(${plural(members.length, 'document')}) ${what}`}.`,
    );
    if (missing.length) {
      const names =
        missing.slice(0, 5).map(quoted).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
      plan.skipped.push(
        `The set ${quoted(wanted)} also holds ${plural(missing.length, 'source')} that ${missing.length === 1 ? 'was' : 'were'} not imported (${names}), so ${missing.length === 1 ? 'it is' : 'they are'} not in it here.`,
      );
    }
  }
}
