// What an export contains, gathered once from the project: the chosen
// documents with their text, codings and memos, the chosen codes, and the
// code-by-document matrix. Every report format renders this one model.
import { attributeValues, listAttributes } from '../documents/attributes.ts';
import { basename } from 'node:path';
import type {
  AgreementResult,
  Code,
  CodeMatrix,
  CoOccurrence,
  Coding,
  DocumentDetail,
  ExportChoices,
  Note,
} from '../../../shared/api.ts';
import { exportedAgreement } from '../analysis/agreement.ts';
import { refuseUnknown } from '../analysis/scope.ts';
import { plural, visible as shown } from '../../../shared/text.ts';
import { QuireError } from '../../../shared/errors.ts';
import { getCodebook } from '../coding/codebook.ts';
import { getMemo, memoText, SELECT_CODINGS } from '../coding/codings.ts';
import { codeMatrix } from '../coding/retrieval.ts';
import { reportCoOccurrence, reportStances, type ReportStance } from './comparison.ts';
import type { Db } from '../db/open.ts';
import { codeCount } from '../db/queries/codes.ts';
import { documentIds } from '../db/queries/documents.ts';
import { getDocument } from '../documents/documents.ts';
import { layoutText } from './layout.ts';
import { searchIds } from '../search/search.ts';
import { setScopes, withinSet } from '../documents/sets.ts';
import { viewerParam, visible, type Viewer } from '../viewer.ts';
import { notesForExport } from '../notes/notes.ts';

export interface ReportCode extends Code {
  /** "Parent › Child", for readers who do not see the tree. */
  path: string;
  depth: number;
  /** The groups the code is in, by name. */
  groups: string[];
  /** Its exclusive group (a stance dimension), if any. */
  dimension: string | null;
  memo: string | null;
}

export interface ReportDocument {
  document: DocumentDetail;
  memo: string | null;
  /** Its codings with the chosen codes, in text order. */
  codings: Coding[];
  /** Its document attributes that have a value (name, value), in the project's order. */
  attributes: [string, string][];
}

/** A coding with the document it is in, and the paragraph (numbered from 1, as the report's margin numbers them) where it begins. */
export interface ReportPassage {
  document: ReportDocument;
  coding: Coding;
  paragraph: number | null;
}

export interface ReportModel {
  title: string;
  project: string;
  generatedAt: string;
  coders: string[];
  /** How the documents and codes were chosen, in words, for the title page. */
  selection: string;
  codes: ReportCode[];
  documents: ReportDocument[];
  /** Each chosen code's codings in document and text order: the passages by code, and the legend's counts. */
  byCode: Map<number, ReportPassage[]>;
  matrix: CodeMatrix;
  /** Intercoder agreement, when asked for and at least two coders coded the chosen documents. */
  agreement: AgreementResult | null;
  /** The stance overviews asked for (include.stance), with their charts once drawn. */
  stances: ReportStance[];
  /** The code co-occurrence matrix, when asked for (include.cooccurrence). */
  cooccurrence: CoOccurrence | null;
  include: ExportChoices['include'];
  paper: ExportChoices['paper'];
  /** What the report leaves out that was asked for, and why, for the user to know. */
  notes: string[];
  /** The journal entries and free memos the viewer may see (with memos included): those about the chosen documents and codes, and those about nothing in particular; oldest first. */
  journal: Note[];
}

/** How one report format renders each part after the documents. */
export interface SectionRenderers<T> {
  matrix(model: ReportModel): T;
  agreement(agreement: AgreementResult): T;
  stance(stance: ReportStance, index: number): T;
  cooccurrence(cooccurrence: CoOccurrence): T;
  quotes(model: ReportModel): T;
  codebook(model: ReportModel): T;
  journal(model: ReportModel): T;
}

/** The parts after the documents that the report includes, in the one order every format gives them. */
export function closingSections<T>(model: ReportModel, r: SectionRenderers<T>): T[] {
  return [
    ...(model.include.matrix ? [r.matrix(model)] : []),
    ...(model.agreement ? [r.agreement(model.agreement)] : []),
    ...model.stances.map(r.stance),
    ...(model.cooccurrence ? [r.cooccurrence(model.cooccurrence)] : []),
    ...(model.include.quotes ? [r.quotes(model)] : []),
    ...(model.include.codebook ? [r.codebook(model)] : []),
    ...(model.include.memos && model.journal.length ? [r.journal(model)] : []),
  ];
}

export interface Progress {
  onProgress?: (p: { done: number; total: number; current: string }) => void;
  signal?: AbortSignal;
}

/** How an export reads the project: with progress, and as the viewer who asked for it sees it. */
export interface ExportReading extends Progress {
  viewer: Viewer;
}

/** A document's metadata as every report shows it: label and value, only those it has. */
export function documentFields(doc: ReportDocument): [string, string][] {
  const d = doc.document;
  const fields: [string, string | null][] = [
    // A title taken from the text is said to be one, so nobody cites it as the headline.
    ['Title', d.titleDerived ? 'none in the text; the heading is its opening, shortened' : null],
    ['Source', d.source],
    ['Published', d.published],
    ['Author', d.author],
    ['File', d.filename],
    ['Address', d.url],
    // Its document attributes (outlet type, country…), after what the file said.
    ...doc.attributes,
  ];
  return fields.filter((f): f is [string, string] => Boolean(f[1]));
}

export function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new QuireError('cancelled', 'The export was cancelled; nothing was written.');
}

/**
 * The ids of the chosen documents: listed ones in the order listed (an empty
 * list means none were ticked: all), else a search's results or all, in the
 * project's order; with a set, only its members among them.
 */
export function chosenDocuments(db: Db, choices: ExportChoices, viewer: Viewer): number[] {
  return withinSet(db, listedOrFound(db, choices, viewer), choices.setId, viewer);
}

function listedOrFound(db: Db, choices: ExportChoices, viewer: Viewer): number[] {
  if (choices.documentIds?.length) {
    refuseUnknown('document', choices.documentIds, documentIds(db).all());
    return [...new Set(choices.documentIds)];
  }
  if (choices.query?.trim())
    return searchIds(db, { query: choices.query, variants: choices.variants ?? false }, viewer, setScopes).ids;
  return documentIds(db).all();
}

/** The codebook in tree order, with paths, groups and memos; only the chosen codes. */
function chosenCodes(db: Db, codeIds: readonly number[] | undefined, viewer: Viewer): ReportCode[] {
  const { codes, groups } = getCodebook(db, viewer);
  const byId = new Map(codes.map((c) => [c.id, c]));
  if (codeIds) refuseUnknown('code', codeIds, byId.keys());
  const wanted = codeIds ? new Set(codeIds) : null;
  const ordered: ReportCode[] = [];
  const walk = (parent: number | null, trail: string[]) => {
    for (const code of codes.filter((c) => c.parentId === parent)) {
      const path = [...trail, code.name];
      if (!wanted || wanted.has(code.id)) {
        const mine = groups.filter((g) => g.codeIds.includes(code.id));
        ordered.push({
          ...code,
          path: path.join(' › '),
          depth: trail.length,
          groups: mine.map((g) => g.name),
          dimension: mine.find((g) => g.exclusive)?.name ?? null,
          memo: memoText(getMemo(db, { target: 'code', id: code.id }, viewer)),
        });
      }
      walk(code.id, path);
    }
  };
  walk(null, []);
  return ordered;
}

/** Describes the selection for the title page. */
function describe(choices: ExportChoices, documents: number, codes: number, allCodes: number): string {
  const docs = choices.documentIds?.length
    ? plural(documents, 'chosen document')
    : choices.query?.trim()
      ? `the ${plural(documents, 'document')} found by “${choices.query.trim()}”`
      : `all ${plural(documents, 'document')}`;
  const codeWords = codes === allCodes ? `all ${codes} codes` : `${codes} of ${allCodes} codes`;
  return `${docs}; ${codeWords}`;
}

/** The report as the viewer sees the project: a coder coding blind gets their own codings, memos and figures only. */
export function buildReport(db: Db, projectPath: string, choices: ExportChoices, reading: ExportReading): ReportModel {
  const { viewer } = reading;
  const ids = chosenDocuments(db, choices, viewer);
  const codes = chosenCodes(db, choices.codeIds, viewer);
  const codeIds = codes.map((c) => c.id);
  const readCodings = db.prepare<{ document: number; codes: string; viewer: number | null }, Coding>(
    `${SELECT_CODINGS} WHERE k.document_id = @document AND k.orphaned = 0 AND k.code_id IN (SELECT value FROM json_each(@codes)) AND ${visible('k')}
     ORDER BY k.start, k."end" DESC, k.id`,
  );
  const documents: ReportDocument[] = [];
  const attributes = listAttributes(db);
  const values = attributeValues(db, ids);
  for (const [i, id] of ids.entries()) {
    checkCancelled(reading.signal);
    const document = getDocument(db, id, viewer);
    reading.onProgress?.({ done: i, total: ids.length, current: document.displayTitle });
    documents.push({
      document,
      memo: memoText(getMemo(db, { target: 'document', id }, viewer)),
      codings: readCodings.all({ document: id, codes: JSON.stringify(codeIds), viewer: viewerParam(viewer) }),
      attributes: attributes.flatMap((a): [string, string][] =>
        values.get(id)?.[a.id] !== undefined ? [[a.name, values.get(id)![a.id]!]] : [],
      ),
    });
  }
  const notes: string[] = [];
  if (choices.include.agreement && viewer.blind)
    notes.push('The intercoder agreement is not in the report: it compares coders, and you code blind.');
  const coders = [...new Set(documents.flatMap((d) => d.codings.map((k) => k.coder)))].sort();
  const byCode = new Map<number, ReportPassage[]>(codeIds.map((id) => [id, []]));
  for (const document of documents) {
    const { from } = layoutText(document);
    for (const coding of document.codings) {
      const anchor = from.get(coding.id);
      byCode.get(coding.codeId)!.push({ document, coding, paragraph: anchor ? anchor.paragraph + 1 : null });
    }
  }
  const allCodes = codeCount(db).get()!;
  const project = basename(projectPath).replace(/\.quire$/i, '') || 'Quire project';
  return namesShown({
    title: choices.title?.trim() || `${project}: coded sources`,
    project,
    generatedAt: new Date().toISOString(),
    coders,
    selection: describe(choices, ids.length, codes.length, allCodes),
    codes,
    documents,
    byCode,
    matrix: codeMatrix(db, { codeIds, documentIds: ids }, viewer),
    agreement:
      choices.include.agreement && !viewer.blind
        ? exportedAgreement(db, { codeIds: choices.codeIds, agreement: choices.agreement }, ids)
        : null,
    stances: reportStances(db, choices, ids, viewer),
    cooccurrence: reportCoOccurrence(db, choices, ids, codeIds, viewer),
    include: choices.include,
    paper: choices.paper,
    notes,
    journal: choices.include.memos ? reportJournal(db, ids, codeIds, viewer) : [],
  });
}

/** The notes that belong in a report of these documents and codes: each about one of them (or a passage in one), or about nothing in particular. */
function reportJournal(db: Db, documentIds: number[], codeIds: number[], viewer: Viewer): Note[] {
  const documents = new Set(documentIds);
  const codes = new Set(codeIds);
  return notesForExport(db, viewer)
    .filter(
      (n) =>
        !n.links.length ||
        n.links.some((l) =>
          l.type === 'code' ? l.id !== null && codes.has(l.id) : l.documentId !== null && documents.has(l.documentId),
        ),
    )
    .map(({ guid: _guid, coderId: _coder, ...note }) => ({
      ...note,
      title: shown(note.title),
      coder: shown(note.coder),
      links: note.links.map((l) => ({ ...l, label: shown(l.label) })),
    }));
}

/**
 * Every name and title in the report as it is shown (`visible`): a document title holding a right-to-left override cannot
 * reverse the report's text, nor a line break in a code name break its line. The texts and quotes stay as they are written.
 */
function namesShown(model: ReportModel): ReportModel {
  const named = <T extends { name: string }>(x: T): T => ({ ...x, name: shown(x.name) });
  const summary = <T extends ReportDocument['document'] | CodeMatrix['documents'][number]>(d: T): T => ({
    ...d,
    title: d.title === null ? null : shown(d.title),
    displayTitle: shown(d.displayTitle),
    source: d.source === null ? null : shown(d.source),
    author: d.author === null ? null : shown(d.author),
    filename: d.filename === null ? null : shown(d.filename),
  });
  for (const d of model.documents) {
    d.document = summary(d.document);
    d.codings = d.codings.map((k) => ({ ...k, coder: shown(k.coder) }));
    d.attributes = d.attributes.map(([name, value]) => [shown(name), shown(value)]);
  }
  // The passages by code point at the same documents, with their codings renamed too.
  for (const [id, passages] of model.byCode) {
    model.byCode.set(
      id,
      passages.map((p) => ({ ...p, coding: p.document.codings.find((k) => k.id === p.coding.id) ?? p.coding })),
    );
  }
  return {
    ...model,
    title: shown(model.title),
    project: shown(model.project),
    coders: model.coders.map(shown),
    codes: model.codes.map((c) => ({
      ...named(c),
      path: shown(c.path),
      groups: c.groups.map(shown),
      dimension: c.dimension === null ? null : shown(c.dimension),
    })),
    matrix: { ...model.matrix, codes: model.matrix.codes.map(named), documents: model.matrix.documents.map(summary) },
    agreement: model.agreement && {
      ...model.agreement,
      coders: model.agreement.coders.map(shown),
      codes: model.agreement.codes.map((c) => ({ ...c, code: named(c.code) })),
    },
    stances: model.stances.map((s) => ({
      ...s,
      overview: {
        ...s.overview,
        byLabel: shown(s.overview.byLabel),
        group: named(s.overview.group),
        codes: s.overview.codes.map(named),
        coders: s.overview.coders.map(shown),
        rows: s.overview.rows.map((r) => ({ ...r, label: shown(r.label) })),
      },
    })),
    cooccurrence: model.cooccurrence && { ...model.cooccurrence, codes: model.cooccurrence.codes.map(named) },
  };
}
