// A merge's preview or result in a few plain phrases, as the merge dialog and
// the command line show it: "2 documents already here, 1 added; 3 codes
// merged, 1 renamed “Stance (2)”, 2 added; 7 codings by Anna added, 1 already here".
import type { MergeSummary, RefiImportReport, UncertainCoding } from './api.ts';
import { clip, plural } from './text.ts';

/** “A”, “B”, “C” and 2 more: the first `max` names, quoted. */
export const quoted = (names: readonly string[], max = 3) =>
  names
    .slice(0, max)
    .map((n) => `“${n}”`)
    .join(', ') + (names.length > max ? ` and ${names.length - max} more` : '');

/** "3 codes merged, 1 renamed “X”, 2 added": the parts that are not zero, the first naming the kind. */
function phrase(noun: string, parts: [number, string][]): string {
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what], i) => `${i === 0 ? plural(n, noun) : n} ${what}`)
    .join(', ');
}

/** One phrase per kind of thing the file holds (documents, codes, groups, codings, memos); kinds it has none of are left out. */
export function mergePhrases(s: MergeSummary): string[] {
  const names = (list: { as: string }[]) => quoted(list.map((r) => r.as.split(' › ').at(-1)!));
  const adders = s.codings.byCoder.filter((c) => c.added > 0);
  const codings = [
    adders.length ? `${adders.map((c) => `${plural(c.added, 'coding')} by ${c.coder}`).join(' and ')} added` : '',
    s.codings.present ? `${adders.length ? s.codings.present : plural(s.codings.present, 'coding')} already here` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return [
    phrase('document', [
      [s.documents.present.length, 'already here'],
      [s.documents.added.length, 'added'],
    ]) || 'no documents',
    phrase('code', [
      [s.codes.merged.length, 'merged'],
      [s.codes.renamed.length, `renamed ${names(s.codes.renamed)}`],
      [s.codes.added.length, 'added'],
    ]),
    phrase('group', [
      [s.groups.merged.length, 'merged'],
      [s.groups.renamed.length, `renamed ${names(s.groups.renamed)}`],
      [s.groups.added.length, 'added'],
    ]),
    codings || 'no codings',
    phrase('memo', [
      [s.memos.added, 'added'],
      [s.memos.appended.length, 'appended to ours'],
    ]),
  ].filter(Boolean);
}

const last = (path: string) => path.split(' › ').at(-1)!;

/** The summary's lists in sentences, for a report that shows no lists (the banner after an import, the desktop's message box), then its own notes. */
export function mergeNotes(s: MergeSummary): string[] {
  const notes: string[] = [];
  const reused = s.documents.present.map((d) => (d.name === d.here ? `“${d.name}”` : `“${d.name}” (as “${d.here}”)`));
  const n = reused.length;
  if (n) {
    const names = reused.slice(0, 3).join(', ') + (n > 3 ? `, and ${n - 3} more` : '');
    notes.push(
      `${plural(n, 'text was', 'texts were')} already in the project (${names}): ${n === 1 ? 'it was' : 'they were'} not added again; ${n === 1 ? 'its' : 'their'} codings and memos went to the document already there.`,
    );
  }
  for (const [kind, c] of [
    ['code', s.codes],
    ['group', s.groups],
  ] as const) {
    for (const r of c.renamed) notes.push(`The ${kind} “${last(r.name)}” was imported as “${last(r.as)}”: ${r.why}.`);
    for (const m of c.merged) if (m.differs) notes.push(`${m.differs}: the ${kind} here is kept as it is.`);
    const byName = c.merged.filter((m) => m.by === 'name').length;
    if (byName)
      notes.push(
        `${plural(byName, `${kind} was`, `${kind}s were`)} merged into ${byName === 1 ? `the ${kind}` : `${kind}s`} of the same name already here.`,
      );
  }
  const present = s.codings.present;
  if (present)
    notes.push(
      `${plural(present, 'coding was', 'codings were')} already in the project and ${present === 1 ? 'was' : 'were'} not added again.`,
    );
  const appended = s.memos.appended;
  if (appended.length)
    notes.push(
      `${plural(appended.length, 'memo here was', 'memos here were')} kept, with the file's text added below: ${appended.slice(0, 3).join('; ')}${appended.length > 3 ? '; …' : ''}.`,
    );
  return [...notes, ...s.notes];
}

/** A merge in the counts the REFI-QDA import has always reported (the import's answer, and the banner after a merge). */
export function importReport(s: MergeSummary): RefiImportReport {
  return {
    documents: s.documents.added.length,
    codes: s.codes.added.length + s.codes.renamed.length,
    groups: s.groups.added.length + s.groups.renamed.length,
    codings: s.codings.added,
    memos: s.memos.added,
    users: s.coders.added.length,
    skipped: s.skipped,
    notes: mergeNotes(s),
    uncertain: s.uncertain,
  };
}

/** A coding to check, in one line: “Interview 7”, Stance (Sam): …the text before [the quote as placed] and after… */
export const uncertainLine = (k: UncertainCoding) =>
  `“${k.document}”, ${k.code} (${k.coder}): …${k.before}[${clip(k.quote, 60)}]${k.after}…`;
