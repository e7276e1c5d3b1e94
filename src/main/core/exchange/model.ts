// What Quire reads out of a REFI-QDA file before it writes anything: the
// readers (qdc-read.ts, qdpx-read.ts) fill it, import.ts writes it into the
// project. GUIDs are in Quire's form (lowercase, no braces); positions are
// already code points of the stored text.
import type { AttributeType } from '../../../shared/api.ts';
import type { FoundMetadata } from '../corpus/importers/types.ts';

export interface RefiUser {
  guid: string;
  name: string | null;
}

export interface RefiCode {
  guid: string | null;
  name: string;
  colour: string | null;
  description: string;
  /** False for another tool's folders of codes; Quire codes can all be applied. */
  codable: boolean;
  noteRefs: string[];
  children: RefiCode[];
}

export interface RefiSet {
  guid: string | null;
  name: string;
  description: string;
  exclusive: boolean;
  codeGuids: string[];
  /** Its sources (MemberSource): they become a document set. */
  sourceGuids: string[];
  /** Its notes (MemberNote): Quire's sets hold codes or documents, not notes. */
  noteMembers: number;
}

export interface RefiCoding {
  guid: string | null;
  codeGuid: string | null;
  user: string | null;
  created: string | null;
  noteRefs: string[];
}

/** A selection of a text: where it is in the stored text, its codings and what is written about it. */
export interface RefiPassage {
  guid: string | null;
  start: number;
  end: number;
  user: string | null;
  created: string | null;
  description: string;
  noteRefs: string[];
  codings: RefiCoding[];
  /** Set when another reading of the source's positions, not ruled out, would place it elsewhere (positions.ts). */
  uncertain?: boolean;
}

export interface RefiDocument {
  /** The source's GUID first, then those of its text representation, if any: references may name either. */
  guids: string[];
  name: string;
  /** The text as Quire stores it. */
  text: string;
  /** The file's bytes when they differ from the stored text in UTF-8 (kept for provenance). */
  original: Uint8Array | null;
  encoding: string;
  metadata: Partial<FoundMetadata>;
  description: string;
  noteRefs: string[];
  passages: RefiPassage[];
  /** Why some of its passages may sit off their text ("nothing in the file shows how it counted emoji, so …"), when any may. */
  positionsDoubt?: string | null;
  warnings: string[];
  /** Its values of the file's variables (by the variable's GUID), as its attributes. */
  attributes?: { variable: string; value: string }[];
  /** Fields of the file it came from with no column of their own (see documents.details). */
  details?: { name: string; value: string }[];
  /** Set when the document comes from another Quire project: its own title (or none), file name, path and format, kept as they are. */
  quire?: { filename: string | null; path: string | null; format: string };
}

export interface RefiNote {
  guid: string;
  name: string;
  text: string;
  /** A note Quire wrote as a journal entry or free memo (its Description says so); null for a note from another program. */
  kind: 'journal' | 'memo' | null;
  user: string | null;
  created: string | null;
  modified: string | null;
}

/** The Description by which Quire marks a note that stands on its own (a journal entry, a free memo), to read it back as one. */
export const NOTE_KIND_MARK = { journal: 'Quire journal entry', memo: 'Quire memo' } as const;

/** The description of a date attribute written as a Text variable (some of its dates have no day), by which Quire reads it back as dates. */
export const DATES_NOTE = 'Dates: YYYY, YYYY-MM or YYYY-MM-DD';

/** A variable of the file as a document attribute: NVivo's classification attributes, MAXQDA's document variables, Quire's attributes. */
export interface RefiVariable {
  guid: string;
  name: string;
  type: AttributeType;
  choices: string[];
}

export interface RefiInput {
  /** The variables that become document attributes (not those that are a document's source, date, author, address or language). */
  variables: RefiVariable[];
  users: RefiUser[];
  codes: RefiCode[];
  sets: RefiSet[];
  documents: RefiDocument[];
  notes: Map<string, RefiNote>;
  /** Links between two GUIDs: NVivo attaches notes to passages this way. */
  links: [string, string][];
  /** Every source of the file by GUID (its own and its text's), with its name: a set's member that was not imported is named by it. */
  sourceNames: Map<string, string>;
  /** What the reader could not carry over, in plain words. */
  skipped: string[];
  /** What the reader carried over in its own way, in plain words. */
  info: string[];
}

export function emptyInput(): RefiInput {
  return {
    variables: [],
    users: [],
    codes: [],
    sets: [],
    documents: [],
    notes: new Map(),
    links: [],
    sourceNames: new Map(),
    skipped: [],
    info: [],
  };
}

/** An xsd:dateTime as Quire stores times (ISO, UTC), or null when absent or unreadable. */
export function isoTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
