// One row type per table, as the migrations (db/migrations/) leave it: column
// names as stored, a nullable column nullable, INTEGER as number, TEXT as
// string, BLOB as Buffer. A query that renames or picks columns types its
// result from these (`CodingsRow['document_id']`), so a column that changes
// type changes every query's result with it. tests/integration/row-types.test.ts
// holds this file to the migrated schema.

/** 0/1 flags (STRICT tables keep them as INTEGER with a CHECK). */
export type Flag = 0 | 1;

export interface ProjectRow {
  key: string;
  value: string;
}

export interface DocumentsRow {
  id: number;
  guid: string;
  title: string | null;
  body: string;
  source: string | null;
  author: string | null;
  published: string | null;
  url: string | null;
  language: string | null;
  filename: string | null;
  path: string | null;
  format: string;
  encoding: string;
  content_hash: string;
  original_hash: string;
  original_size: number;
  char_count: number;
  imported_at: string;
  import_notes: string | null;
  /** JSON array of {name, value}: fields the file gave that have no column (0006). */
  details: string | null;
  /** JSON: how the text was read by OCR, null when it was not (0009). */
  ocr: string | null;
}

export interface DocumentOriginalsRow {
  id: number;
  document_id: number;
  bytes: Buffer;
}

/** A document's index text and word maps (0008), kept by triggers on documents. */
export interface DocumentWordsRow {
  id: number;
  title: string | null;
  body: string;
  source: string | null;
  author: string | null;
  title_map: Buffer | null;
  body_map: Buffer;
}

export interface CodersRow {
  id: number;
  guid: string;
  name: string;
  created_at: string;
  blind: Flag;
}

export interface CodesRow {
  id: number;
  guid: string;
  parent_id: number | null;
  name: string;
  colour: string;
  description: string;
  position: number;
  created_at: string;
}

export interface CodeGroupsRow {
  id: number;
  guid: string;
  name: string;
  description: string;
  exclusive: Flag;
  created_at: string;
}

export interface CodeGroupMembersRow {
  id: number;
  group_id: number;
  code_id: number;
}

export interface CodingsRow {
  id: number;
  guid: string;
  document_id: number;
  code_id: number;
  coder_id: number;
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
  created_at: string;
  orphaned: Flag;
}

export type MemoTargetType = 'document' | 'code' | 'coding';

export interface MemosRow {
  id: number;
  guid: string;
  target_type: MemoTargetType;
  target_id: number;
  text: string;
  coder_id: number;
  created_at: string;
  updated_at: string;
}

export interface CommandLogRow {
  id: number;
  at: string;
  coder_id: number | null;
  command: string;
  description: string;
  /** JSON: the rows the command touched, before and after. */
  changes: string;
  undone: Flag;
}

export interface CommandTrashRow {
  id: number;
  command_id: number;
  table_name: string;
  row_id: number;
  /** The row as JSON; BLOB values as {"$base64": "…"}. */
  image: string;
}

export interface SettledDisagreementsRow {
  id: number;
  guid: string;
  document_id: number;
  code_id: number;
  first_coder_id: number;
  second_coder_id: number;
  start: number;
  end: number;
  action: 'keep' | 'both' | 'recode';
  /** JSON array of the GUIDs of the codings left in the unit. */
  codings: string;
  settled_by: number | null;
  settled_at: string;
}

export interface AttributesRow {
  id: number;
  guid: string;
  name: string;
  type: 'text' | 'number' | 'date' | 'choice';
  /** JSON array of the choices (of a choice attribute). */
  choices: string;
  position: number;
}

export interface DocumentAttributesRow {
  id: number;
  document_id: number;
  attribute_id: number;
  value: string;
}

export interface DocumentSetsRow {
  id: number;
  guid: string;
  name: string;
  description: string;
  /** A saved search's query (JSON), or null for a set made by hand. */
  query: string | null;
}

export interface DocumentSetMembersRow {
  id: number;
  set_id: number;
  document_id: number;
}

/** A document's MinHash bucket (corpus/near-index.ts): documents sharing one are near-duplicate candidates. */
export interface NearBucketsRow {
  bucket: number;
  document_id: number;
}

/** A document's sketch (corpus/near-index.ts): whether a candidate may be alike enough to read and measure. */
export interface NearSketchesRow {
  document_id: number;
  shingles: number;
  sketch: Buffer;
}

/** A 2 KB part of the Bloom filter of near_buckets' buckets the project keeps (corpus/bucket-filter.ts). */
export interface NearFilterRow {
  part: number;
  bits: Buffer;
}

/** What that filter is: its format, how many parts, and the last document whose buckets it holds. */
export interface NearFilterStateRow {
  one: number;
  format: number;
  parts: number;
  through: number;
}

/** A term of the search index and its consonant skeleton (search/terms.ts), for spelling variants. */
export interface SearchTermsRow {
  term: string;
  skeleton: string;
}

/** The newest document whose terms search_terms has taken in. */
export interface SearchTermsThroughRow {
  document_id: number;
}

/** A document whose index text was written again after search_terms took its terms (its terms wait). */
export interface SearchTermsPendingRow {
  document_id: number;
}

export type NoteKind = 'journal' | 'memo';

export interface NotesRow {
  id: number;
  guid: string;
  kind: NoteKind;
  title: string;
  text: string;
  coder_id: number;
  created_at: string;
  updated_at: string;
}

export interface NoteLinksRow {
  id: number;
  note_id: number;
  target_type: MemoTargetType;
  target_guid: string;
}

/** Every table by name, for code that names tables (the command log) and for the test that holds these types to the schema. */
export interface Tables {
  project: ProjectRow;
  documents: DocumentsRow;
  document_originals: DocumentOriginalsRow;
  document_words: DocumentWordsRow;
  coders: CodersRow;
  codes: CodesRow;
  code_groups: CodeGroupsRow;
  code_group_members: CodeGroupMembersRow;
  codings: CodingsRow;
  memos: MemosRow;
  command_log: CommandLogRow;
  command_trash: CommandTrashRow;
  settled_disagreements: SettledDisagreementsRow;
  attributes: AttributesRow;
  document_attributes: DocumentAttributesRow;
  document_sets: DocumentSetsRow;
  document_set_members: DocumentSetMembersRow;
  notes: NotesRow;
  note_links: NoteLinksRow;
  near_buckets: NearBucketsRow;
  /** Buckets an import wrote, until they move into near_buckets (corpus/near-index.ts StagedBuckets). */
  near_staging: NearBucketsRow;
  near_sketches: NearSketchesRow;
  near_filter: NearFilterRow;
  near_filter_state: NearFilterStateRow;
  search_terms: SearchTermsRow;
  search_terms_through: SearchTermsThroughRow;
  search_terms_pending: SearchTermsPendingRow;
}
