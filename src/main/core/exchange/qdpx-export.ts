// Project export: a REFI-QDA .qdpx file, a zip holding project.qde
// (Project-mrt2019.xsd) and each document's text as sources/<GUID>.txt.
// Codings become PlainTextSelections (code points, half-open, as Quire
// stores them) holding one Coding per code and coder; memos become Notes
// referred to from their document, code or coding.
import { attributeValues, listAttributes } from '../documents/attributes.ts';
import { exchangeSets, SAVED_SEARCH_NOTE } from '../documents/sets.ts';
import type { Attribute } from '../../../shared/api.ts';
import { DATES_NOTE, NOTE_KIND_MARK } from './model.ts';
import { notesForExport } from '../notes/notes.ts';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { clip } from '../../../shared/text.ts';
import type { Db } from '../db/open.ts';
import { projectValue } from '../db/queries/project.ts';
import { codersListed } from '../db/queries/coders.ts';
import { derivedGuid } from '../guid.ts';
import { maySee, viewerParam, visible, type Viewer } from '../viewer.ts';
import { isoTime } from './model.ts';
import { codeTree } from './qdc-export.ts';
import {
  codeScope,
  DOCUMENT_COLUMNS,
  memoRows,
  setsNode,
  type DocumentRow,
  type ExportOptions,
  type MemoRow,
} from './scope.ts';
import { buildXml, PROJECT_NS, type XmlNode } from './xml.ts';

export interface ProjectExportOptions extends ExportOptions {
  /** The project's name in the file (default "Quire project"). */
  name?: string;
  /** Whose work the file carries: what this viewer may see (a coder coding blind exports their own). */
  viewer: Viewer;
}

export interface ProjectExport {
  /** The .qdpx file. */
  bytes: Uint8Array;
  documents: number;
  codes: number;
  codings: number;
  memos: number;
  /** Codings left out because their passage was lost when their document's text was replaced. */
  orphaned: number;
  /** Plain-language lines on what the file leaves out or carries in its own way. */
  notes: string[];
}

interface CodingRow {
  id: number;
  guid: string;
  documentId: number;
  codeId: number;
  coderId: number;
  start: number;
  end: number;
  quote: string;
  createdAt: string;
}

/** Document metadata carried as source variables: the variable's name and Quire's column. */
const VARIABLES = [
  ['Source', 'source'],
  ['Published', 'published'],
  ['Author', 'author'],
  ['URL', 'url'],
  ['Language', 'language'],
] as const;

const ids = (list: readonly number[]) => JSON.stringify(list);

export function projectQdpx(db: Db, options: ProjectExportOptions): ProjectExport {
  const scope = codeScope(db, options);
  const notes = [...scope.notes];
  const codeGuid = new Map(scope.codes.map((c) => [c.id, c.guid]));
  const codable = scope.codes.filter((c) => !c.ancestorOnly).map((c) => c.id);

  const documents = db
    .prepare<{ ids: string | null }, DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents d
       WHERE @ids IS NULL OR d.id IN (SELECT value FROM json_each(@ids)) ORDER BY d.id`,
    )
    .all({ ids: options.documentIds ? ids(options.documentIds) : null });
  const inScope = `k.document_id IN (SELECT value FROM json_each(@documents)) AND k.code_id IN (SELECT value FROM json_each(@codes)) AND ${visible('k')}`;
  const scopeParams = {
    documents: ids(documents.map((d) => d.id)),
    codes: ids(codable),
    viewer: viewerParam(options.viewer),
  };
  const codings = db
    .prepare<typeof scopeParams, CodingRow>(
      `SELECT id, guid, document_id AS documentId, code_id AS codeId, coder_id AS coderId, start, "end", quote, created_at AS createdAt
       FROM codings k WHERE orphaned = 0 AND ${inScope} ORDER BY document_id, start, "end", id`,
    )
    .all(scopeParams);
  // Orphaned codings have no passage to point at; the caller shows how many stayed behind.
  const orphaned = db
    .prepare<typeof scopeParams, number>(`SELECT count(*) FROM codings k WHERE orphaned = 1 AND ${inScope}`)
    .pluck()
    .get(scopeParams)!;
  if (orphaned) {
    notes.push(
      `${orphaned} ${orphaned === 1 ? 'coding has' : 'codings have'} lost ${orphaned === 1 ? 'its' : 'their'} passage since ${orphaned === 1 ? 'its' : 'their'} document's text was replaced and ${orphaned === 1 ? 'is' : 'are'} left out: place or discard ${orphaned === 1 ? 'it' : 'them'} first to include ${orphaned === 1 ? 'it' : 'them'}.`,
    );
  }

  const documentById = new Map(documents.map((d) => [d.id, d]));
  const codingById = new Map(codings.map((k) => [k.id, k]));
  const memos = memoRows(db).filter(
    (m) =>
      maySee(options.viewer, m.coderId) &&
      (m.target === 'document' ? documentById : m.target === 'code' ? codeGuid : codingById).has(m.targetId),
  );
  // Each coder writes their own memo on a target: a target refers to every one.
  const memosOf = new Map<string, MemoRow[]>();
  for (const m of memos)
    memosOf.set(`${m.target}:${m.targetId}`, [...(memosOf.get(`${m.target}:${m.targetId}`) ?? []), m]);
  // Journal entries and free memos: Notes of their own, each referred to by what it is linked to that is in the file.
  const inFile = { document: documentById, code: codeGuid, coding: codingById } as const;
  const freeNotes = notesForExport(db, options.viewer);
  for (const n of freeNotes) {
    for (const l of n.links)
      if (l.id !== null && inFile[l.type].has(l.id))
        memosOf.set(`${l.type}:${l.id}`, [...(memosOf.get(`${l.type}:${l.id}`) ?? []), { guid: n.guid } as MemoRow]);
  }
  const noteRef = (target: MemoRow['target'], id: number) => {
    const mine = memosOf.get(`${target}:${id}`);
    return mine ? { NoteRef: mine.map((memo) => ({ '@_targetGUID': memo.guid })) } : {};
  };

  // Users: every coder whose work is in the file.
  const coderIds = [
    ...new Set([...codings.map((k) => k.coderId), ...memos.map((m) => m.coderId), ...freeNotes.map((n) => n.coderId)]),
  ];
  const coders = codersListed(db).all(ids(coderIds));
  const userGuid = new Map(coders.map((c) => [c.id, c.guid]));

  const projectGuid = projectValue(db).get('guid')!;
  const variables = VARIABLES.filter(([, column]) => documents.some((d) => d[column]));
  // A Date variable needs full dates; Quire stores them so, but a Text variable never fails.
  const dateType = documents.every((d) => !d.published || /^\d{4}-\d{2}-\d{2}$/.test(d.published)) ? 'Date' : 'Text';
  const variableGuid = (name: string) => derivedGuid(projectGuid, 'variable', name);

  // Document attributes: a Variable each (a choice keeps its list in the description, for Quire to read back), with each document's value.
  const attributes = listAttributes(db);
  const attributeValuesOf = attributeValues(
    db,
    documents.map((d) => d.id),
  );
  const attributeKind = (a: Attribute) => {
    const values = documents
      .map((d) => attributeValuesOf.get(d.id)?.[a.id])
      .filter((v): v is string => v !== undefined);
    if (a.type === 'number')
      return values.every((v) => /^-?\d+$/.test(v))
        ? { type: 'Integer', element: 'IntegerValue' }
        : { type: 'Float', element: 'FloatValue' };
    if (a.type === 'date' && values.every((v) => /^\d{4}-\d{2}-\d{2}$/.test(v)))
      return { type: 'Date', element: 'DateValue' };
    return { type: 'Text', element: 'TextValue' };
  };
  const attributeKinds = new Map(attributes.map((a) => [a.id, attributeKind(a)]));

  const byDocument = groupBy(codings, (k) => k.documentId);
  const files: Zippable = {};
  const sources = documents.map((d) => {
    files[`sources/${d.guid}.txt`] = strToU8(d.body);
    const own = byDocument.get(d.id) ?? [];
    return {
      '@_guid': d.guid,
      '@_name': documentName(d),
      '@_plainTextPath': `internal://${d.guid}.txt`,
      '@_creationDateTime': dateTime(d.importedAt),
      PlainTextSelection: selections(d, own, codeGuid, userGuid, noteRef),
      ...noteRef('document', d.id),
      VariableValue: variables
        .filter(([, column]) => d[column])
        .map(([name, column]) => ({
          VariableRef: { '@_targetGUID': variableGuid(name) },
          [name === 'Published' && dateType === 'Date' ? 'DateValue' : 'TextValue']: d[column]!,
        }))
        .concat(
          attributes
            .filter((a) => attributeValuesOf.get(d.id)?.[a.id] !== undefined)
            .map((a) => ({
              VariableRef: { '@_targetGUID': a.guid },
              [attributeKinds.get(a.id)!.element]: attributeValuesOf.get(d.id)![a.id]!,
            })),
        ),
    };
  });

  const root: XmlNode = {
    '@_xmlns': PROJECT_NS,
    '@_name': options.name?.trim() || 'Quire project',
    '@_origin': 'Quire',
    '@_creationDateTime': dateTime(projectValue(db).get('created_at')),
  };
  if (coders.length) root.Users = { User: coders.map((c) => ({ '@_guid': c.guid, '@_name': c.name })) };
  if (scope.codes.length)
    root.CodeBook = { Codes: { Code: codeTree(scope.codes, null, (c) => noteRef('code', c.id)) } };
  if (variables.length || attributes.length) {
    root.Variables = {
      Variable: [
        ...variables.map(([name]) => ({
          '@_guid': variableGuid(name),
          '@_name': name,
          '@_typeOfVariable': name === 'Published' ? dateType : 'Text',
        })),
        ...attributes.map((a) => ({
          '@_guid': a.guid,
          '@_name': a.name,
          '@_typeOfVariable': attributeKinds.get(a.id)!.type,
          // What a Text variable cannot say of itself: a choice's list, dates known only to the month or year.
          Description:
            a.type === 'choice'
              ? `Choices: ${a.choices.join(' | ')}`
              : a.type === 'date' && attributeKinds.get(a.id)!.type === 'Text'
                ? DATES_NOTE
                : undefined,
        })),
      ],
    };
  }
  if (sources.length) root.Sources = { TextSource: sources };
  if (memos.length || freeNotes.length) {
    const codeById = new Map(scope.codes.map((c) => [c.id, c]));
    const title = (m: MemoRow) => {
      if (m.target === 'document') return `Memo on “${clip(documentName(documentById.get(m.targetId)!))}”`;
      if (m.target === 'code') return `Memo on code “${codeById.get(m.targetId)!.name}”`;
      return `Memo on “${clip(codingById.get(m.targetId)!.quote)}”`;
    };
    root.Notes = {
      Note: memos
        .map((m) => ({
          '@_guid': m.guid,
          '@_name': title(m),
          '@_creatingUser': userGuid.get(m.coderId),
          '@_creationDateTime': dateTime(m.createdAt),
          '@_modifyingUser': userGuid.get(m.coderId),
          '@_modifiedDateTime': dateTime(m.updatedAt),
          PlainTextContent: m.text,
        }))
        .concat(
          freeNotes.map((n) => ({
            '@_guid': n.guid,
            '@_name': n.title,
            '@_creatingUser': userGuid.get(n.coderId),
            '@_creationDateTime': dateTime(n.createdAt),
            '@_modifyingUser': userGuid.get(n.coderId),
            '@_modifiedDateTime': dateTime(n.updatedAt),
            Description: NOTE_KIND_MARK[n.kind],
            PlainTextContent: n.text,
          })),
        ),
    };
  }
  // Document sets after the code groups: a Set of MemberSources each (a saved search as the documents it finds now).
  const documentSets = exchangeSets(db, options.viewer, options.documentIds ? documents.map((d) => d.id) : undefined);
  if (scope.groups.length || documentSets.length) {
    root.Sets = {
      Set: [
        ...setsNode(scope.groups, '@_targetGUID').Set,
        ...documentSets.map((s) => ({
          '@_guid': s.guid,
          '@_name': s.name,
          Description: s.description || undefined,
          MemberSource: s.memberGuids.map((guid) => ({ '@_targetGUID': guid })),
        })),
      ],
    };
  }
  if (documentSets.some((s) => s.description.includes(SAVED_SEARCH_NOTE))) {
    notes.push(
      'REFI-QDA has no saved searches: each document set saved from a search is written with the documents it finds now, its search said in its description.',
    );
  }
  // The journal is about the project as a whole: the project refers to its entries.
  const journal = freeNotes.filter((n) => n.kind === 'journal');
  if (journal.length) root.NoteRef = journal.map((n) => ({ '@_targetGUID': n.guid }));
  files['project.qde'] = strToU8(buildXml('Project', root));

  return {
    bytes: zipSync(files, { level: 6 }),
    documents: documents.length,
    codes: scope.codes.length,
    codings: codings.length,
    memos: memos.length + freeNotes.length,
    orphaned,
    notes,
  };
}

/**
 * One PlainTextSelection per passage, holding a Coding for each code and
 * coder on it. Its name is the passage's text (shortened), as other tools
 * write it, which also lets an importer check the positions.
 */
function selections(
  document: DocumentRow,
  codings: readonly CodingRow[],
  codeGuid: Map<number, string>,
  userGuid: Map<number, string>,
  noteRef: (target: 'coding', id: number) => XmlNode,
): XmlNode[] {
  return [...groupBy(codings, (k) => `${k.start}:${k.end}`).values()].map((group) => {
    const first = group.reduce((a, b) => (b.createdAt < a.createdAt ? b : a));
    return {
      // Derived from the passage, so exporting twice gives the same file.
      '@_guid': derivedGuid(document.guid, 'selection', String(first.start), String(first.end)),
      // Whole up to 100 characters, as other tools write it.
      '@_name': clip(first.quote, 100),
      '@_startPosition': first.start,
      '@_endPosition': first.end,
      '@_creatingUser': userGuid.get(first.coderId),
      '@_creationDateTime': dateTime(first.createdAt),
      Coding: group.map((k) => ({
        '@_guid': k.guid,
        '@_creatingUser': userGuid.get(k.coderId),
        '@_creationDateTime': dateTime(k.createdAt),
        CodeRef: { '@_targetGUID': codeGuid.get(k.codeId)! },
        ...noteRef('coding', k.id),
      })),
    };
  });
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

const documentName = (d: DocumentRow) => d.title || d.filename || `Document ${d.id}`;

/** An xsd:dateTime, or no attribute when the stored value is not a date-time. */
const dateTime = (value: string | null | undefined) => isoTime(value) ?? undefined;
