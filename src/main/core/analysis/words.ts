// Word frequencies: the words of a scope (all documents, those with an
// attribute's value, or the text coded with a code), cut and folded as search
// indexes them (search/words.ts), English words stemmed by Porter's stemmer
// as search's index stems them, stop words of each document's language left
// out. Two scopes compared give each word's keyness: Rayson and Garside's
// log-likelihood (G²) with Hardie's Log Ratio as its effect size.
import { createRequire } from 'node:module';
import lunr from 'lunr';
import type { AttributeFilter, ImportProgress, WordRow, WordScope, WordsResult } from '../../../shared/api.ts';
import { toUtf16Index } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { mergeSpans } from '../../../shared/spans.ts';
import { plural, visible } from '../../../shared/text.ts';
import type { Db } from '../db/open.ts';
import { codeName } from '../db/queries/codes.ts';
import type { NamedParams } from '../db/statement.ts';
import { documentCount } from '../db/queries/documents.ts';
import { listAttributes } from '../documents/attributes.ts';
import { foldWord } from '../search/fold.ts';
import { indexWords } from '../search/words.ts';
import { visibleCoders, type Viewer } from '../viewer.ts';
import { byKey } from './scope.ts';

/** stopwords-iso's lists by language code, read the first time words are counted (not whenever the engine loads). */
let stopWordLists: Record<string, string[]> | null = null;
const stopWords = () =>
  (stopWordLists ??= createRequire(import.meta.url)('stopwords-iso/stopwords-iso.json') as Record<string, string[]>);

export interface WordsOptions {
  scope: WordScope;
  compare?: WordScope;
  keepStopWords: boolean;
  top: number;
  coders?: string[];
}

/** Stop words per language, folded as the words they are compared with. */
let stopSets: Map<string, Set<string>> | null = null;
/** For telling a language by its stop words: the languages (by number, in the lists' order) each stop word belongs to. */
let stopIndex: Map<string, Int32Array> | null = null;
let languages: string[] = [];
function stopLists(): { sets: Map<string, Set<string>>; index: Map<string, Int32Array>; languages: string[] } {
  if (!stopSets || !stopIndex) {
    languages = Object.keys(stopWords());
    stopSets = new Map(languages.map((code) => [code, new Set(stopWords()[code]!.map(foldWord).filter(Boolean))]));
    const lists = new Map<string, number[]>();
    languages.forEach((code, i) => {
      for (const w of stopSets!.get(code)!) lists.set(w, [...(lists.get(w) ?? []), i]);
    });
    stopIndex = new Map([...lists].map(([w, langs]) => [w, Int32Array.from(langs)]));
  }
  return { sets: stopSets, index: stopIndex, languages };
}

/** The stop-word language of a document's stated language ("en", "en-GB", "ru_RU"), when there is a list for it. */
export function statedLanguage(language: string | null): string | null {
  const code = language?.trim().toLowerCase().split(/[-_]/)[0];
  return code && Object.hasOwn(stopWords(), code) ? code : null;
}

/**
 * A text's language told by its stop words: the language whose stop words are
 * most of its first 100 words, when they are at least 10% of them (a stop word
 * shared by several languages counts for each). Null when none stands out or two tie.
 */
let tally = new Int32Array(0);
export function detectLanguage(tokens: readonly string[]): string | null {
  const { index, languages: codes } = stopLists();
  if (tally.length !== codes.length) tally = new Int32Array(codes.length);
  tally.fill(0);
  const n = Math.min(tokens.length, 100);
  for (let i = 0; i < n; i++) {
    const langs = index.get(tokens[i]!);
    if (langs) for (let k = 0; k < langs.length; k++) tally[langs[k]!]!++;
  }
  let best = -1;
  let tie = false;
  for (let k = 0; k < tally.length; k++) {
    if (best < 0 || tally[k]! > tally[best]!) [best, tie] = [k, false];
    else if (tally[k] === tally[best]) tie = true;
  }
  if (best < 0 || tie || tally[best]! < Math.max(3, n * 0.1)) return null;
  return codes[best]!;
}

const stems = new Map<string, string>();
/** A folded word's stem as search's index holds it: Porter's stem for English (ASCII) words, the word itself otherwise. */
export function stemOf(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = /^[a-z]+$/.test(word) ? lunr.stemmer(new lunr.Token(word, {})).toString() : word;
    if (stems.size < 500_000) stems.set(word, s);
  }
  return s;
}

/** A stem's counts: occurrences, documents, and its forms' counts (the most frequent names the row). */
interface StemRow {
  count: number;
  documents: number;
  lastDocument: number;
  forms: Map<string, number>;
}
/** A word as it is met in the text of one language: left out (a stop word, a number), or counted towards its stem. */
interface Form {
  word: string;
  n: number;
  /** Digits alone: not a word of the text's running count. */
  number: boolean;
  row: StemRow | null;
}

interface Counted {
  label: string;
  documents: number;
  words: number;
  stems: Map<string, StemRow>;
  languages: Map<string, { documents: number; detected: number }>;
  undetected: number;
}

/** What a scope is, in words: "All documents", "Outlet type: state", "Text coded “Sanctions”". */
function scopeLabel(db: Db, scope: WordScope): string {
  const parts: string[] = [];
  if (scope.attribute) {
    const attribute = listAttributes(db).find((a) => a.id === scope.attribute!.id);
    if (!attribute) throw new QuireError('not_found', `There is no attribute ${scope.attribute.id}.`);
    parts.push(
      `${visible(attribute.name)}: ${scope.attribute.value === null ? 'no value' : visible(scope.attribute.value)}`,
    );
  }
  if (scope.codeId !== undefined) parts.push(`text coded “${visible(nameOfCode(db, scope.codeId))}”`);
  if (scope.documentIds) parts.push(plural(scope.documentIds.length, 'chosen document'));
  const label = parts.join(', ') || 'all documents';
  return label[0]!.toUpperCase() + label.slice(1);
}

function nameOfCode(db: Db, id: number): string {
  const name = codeName(db).get(id);
  if (name === undefined) throw new QuireError('not_found', `There is no code ${id}.`);
  return name;
}

/** The SQL condition and parameters choosing a scope's documents (an attribute's value, listed ids). */
function documentCondition(scope: WordScope): { where: string; params: Record<string, unknown> } {
  const where = ['(@ids IS NULL OR d.id IN (SELECT value FROM json_each(@ids)))'];
  const params: Record<string, unknown> = { ids: scope.documentIds ? JSON.stringify(scope.documentIds) : null };
  const a: AttributeFilter | undefined = scope.attribute;
  if (a) {
    params.attribute = a.id;
    if (a.value === null)
      where.push(
        'NOT EXISTS (SELECT 1 FROM document_attributes fa WHERE fa.document_id = d.id AND fa.attribute_id = @attribute)',
      );
    else {
      where.push(
        'EXISTS (SELECT 1 FROM document_attributes fa WHERE fa.document_id = d.id AND fa.attribute_id = @attribute AND fa.value = @value)',
      );
      params.value = a.value;
    }
  }
  return { where: where.join(' AND '), params };
}

/**
 * Each document of the scope as its words, cut and folded as search indexes
 * them: a whole document's are read from the search index's own text (words
 * and single spaces, made when it was imported), the text coded with a code
 * is cut here the same way.
 */
function* scopeWords(
  db: Db,
  scope: WordScope,
  coders: string[] | undefined,
): Generator<{ id: number; language: string | null; words: string[] }> {
  const { where, params } = documentCondition(scope);
  if (scope.codeId === undefined) {
    const rows = db
      .prepare<NamedParams, { id: number; language: string | null; body: string }>(
        `SELECT d.id, d.language, w.body FROM documents d JOIN document_words w ON w.id = d.id WHERE ${where} ORDER BY d.id`,
      )
      .iterate(params);
    for (const r of rows) yield { id: r.id, language: r.language, words: r.body ? r.body.split(' ') : [] };
    return;
  }
  const spans = db
    .prepare<NamedParams, { documentId: number; start: number; end: number }>(
      `SELECT k.document_id AS documentId, k.start, k."end" FROM codings k JOIN coders c ON c.id = k.coder_id JOIN documents d ON d.id = k.document_id
       WHERE k.orphaned = 0 AND k.code_id = @code AND ${where} AND (@coders IS NULL OR c.name IN (SELECT value FROM json_each(@coders)))
       ORDER BY k.document_id, k.start`,
    )
    .all({ ...params, code: scope.codeId, coders: coders ? JSON.stringify(coders) : null });
  const read = db.prepare<[number], { id: number; language: string | null; body: string }>(
    'SELECT id, language, body FROM documents WHERE id = ?',
  );
  for (const [id, mine] of byKey(spans, (s) => s.documentId)) {
    const d = read.get(id)!;
    // Text coded twice (by two coders, or two overlapping passages) counts once.
    const text = mergeSpans(mine)
      .map((s) => d.body.slice(toUtf16Index(d.body, s.start), toUtf16Index(d.body, s.end)))
      .join('\n');
    yield { id, language: d.language, words: indexWords(text).map((w) => w.token) };
  }
}

const HAS_LETTER = /\p{L}/u;

/**
 * Counts a scope's words. The loop over every word does one lookup: a word is
 * judged (stop word of the document's language, number, its stem) the first
 * time it is met in a language, and then only counted.
 */
function countScope(
  db: Db,
  scope: WordScope,
  options: WordsOptions,
  viewer: Viewer,
  progress: (done: number) => void,
): Counted {
  const { sets } = stopLists();
  const counted: Counted = {
    label: scopeLabel(db, scope),
    documents: 0,
    words: 0,
    stems: new Map(),
    languages: new Map(),
    undetected: 0,
  };
  const formsByLanguage = new Map<string, Map<string, Form>>();
  const allForms: Form[] = [];
  for (const doc of scopeWords(db, scope, visibleCoders(viewer, options.coders))) {
    const stated = statedLanguage(doc.language);
    const language = stated ?? detectLanguage(doc.words);
    if (language) {
      const seen = counted.languages.get(language) ?? { documents: 0, detected: 0 };
      seen.documents++;
      if (!stated) seen.detected++;
      counted.languages.set(language, seen);
    } else counted.undetected++;
    const stop = options.keepStopWords || !language ? null : sets.get(language)!;
    const key = stop ? language! : '';
    let forms = formsByLanguage.get(key);
    if (!forms) formsByLanguage.set(key, (forms = new Map()));
    counted.documents++;
    for (const t of doc.words) {
      let form = forms.get(t);
      if (!form) {
        const number = !HAS_LETTER.test(t);
        form = { word: t, n: 0, number, row: null };
        if (!number && !stop?.has(t)) {
          const stem = stemOf(t);
          let row = counted.stems.get(stem);
          if (!row) counted.stems.set(stem, (row = { count: 0, documents: 0, lastDocument: -1, forms: new Map() }));
          form.row = row;
        }
        forms.set(t, form);
        allForms.push(form);
      }
      form.n++;
      const row = form.row;
      if (row) {
        row.count++;
        if (row.lastDocument !== doc.id) {
          row.documents++;
          row.lastDocument = doc.id;
        }
      }
    }
    counted.words += doc.words.length;
    if (counted.documents % 1000 === 0) progress(counted.documents);
  }
  for (const form of allForms) {
    // Numbers are not words of the running count (stop words are).
    if (form.number) counted.words -= form.n;
    else if (form.row) form.row.forms.set(form.word, (form.row.forms.get(form.word) ?? 0) + form.n);
  }
  return counted;
}

/** The most frequent form of a stem (the first in alphabetical order on a tie). */
function formOf(forms: Map<string, number>): string {
  let best = '';
  let n = -1;
  for (const [form, count] of forms) if (count > n || (count === n && form < best)) [best, n] = [form, count];
  return best;
}

/**
 * Rayson and Garside's log-likelihood (G²) of a word seen `a` times in a corpus
 * of `c` words and `b` times in one of `d`, signed: positive when relatively
 * more frequent in the first. 3.84 is p < 0.05, 6.63 p < 0.01, 15.13 p < 0.0001 (1 d.f.).
 */
export function logLikelihood(a: number, b: number, c: number, d: number): number {
  const e1 = (c * (a + b)) / (c + d);
  const e2 = (d * (a + b)) / (c + d);
  const g2 = 2 * ((a > 0 ? a * Math.log(a / e1) : 0) + (b > 0 ? b * Math.log(b / e2) : 0));
  return a / c >= b / d ? g2 : -g2;
}

/** Hardie's Log Ratio: log2 of the ratio of relative frequencies, a zero count taken as 0.5 so the ratio stays finite. */
export function logRatio(a: number, b: number, c: number, d: number): number {
  return Math.log2(Math.max(a, 0.5) / c / (Math.max(b, 0.5) / d));
}

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

export function wordFrequencies(
  db: Db,
  options: WordsOptions,
  viewer: Viewer,
  onProgress?: (p: ImportProgress) => void,
): WordsResult {
  // Progress counts documents read: the scopes' documents (every document, without a restriction, is the most there can be).
  const total = documentCount(db).get()! * (options.compare ? 2 : 1);
  let before = 0;
  const tell = (done: number) => onProgress?.({ done: before + done, total, current: 'Counting words' });
  const first = countScope(db, options.scope, options, viewer, tell);
  before = first.documents;
  const second = options.compare ? countScope(db, options.compare, options, viewer, tell) : null;
  onProgress?.({ done: total, total, current: 'Counting words' });
  const per10k = (n: number, words: number) => (words ? round((n * 10_000) / words) : 0);
  let rows: WordRow[];
  if (!second) {
    rows = [...first.stems]
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
      .slice(0, options.top)
      .map(([stem, r]) => ({
        word: formOf(r.forms),
        stem,
        count: r.count,
        documents: r.documents,
        per10k: per10k(r.count, first.words),
      }));
  } else {
    const [c, d] = [Math.max(1, first.words), Math.max(1, second.words)];
    const stemsBoth = new Set([...first.stems.keys(), ...second.stems.keys()]);
    rows = [...stemsBoth]
      .map((stem): WordRow => {
        const [x, y] = [first.stems.get(stem), second.stems.get(stem)];
        const [a, b] = [x?.count ?? 0, y?.count ?? 0];
        const forms = new Map([...(y?.forms ?? []), ...(x?.forms ?? [])]);
        return {
          word: formOf(forms),
          stem,
          count: a,
          documents: x?.documents ?? 0,
          per10k: per10k(a, first.words),
          other: b,
          otherPer10k: per10k(b, second.words),
          keyness: round(logLikelihood(a, b, c, d)),
          logRatio: round(logRatio(a, b, c, d)),
        };
      })
      .sort((p, q) => Math.abs(q.keyness!) - Math.abs(p.keyness!) || (p.stem < q.stem ? -1 : 1))
      .slice(0, options.top)
      .sort((p, q) => q.keyness! - p.keyness!);
  }
  return {
    scope: summary(first),
    compare: second && summary(second),
    languages: languagesOf(first, second),
    rows,
    notes: notesOf(first, second, options),
  };
}

const summary = (c: Counted) => ({ label: c.label, documents: c.documents, words: c.words });

function languagesOf(...counted: (Counted | null)[]): WordsResult['languages'] {
  const all = new Map<string, { documents: number; detected: number }>();
  for (const c of counted)
    for (const [code, n] of c?.languages ?? []) {
      const seen = all.get(code) ?? { documents: 0, detected: 0 };
      all.set(code, { documents: seen.documents + n.documents, detected: seen.detected + n.detected });
    }
  return [...all].sort((a, b) => b[1].documents - a[1].documents).map(([code, n]) => ({ code, ...n }));
}

const languageName = (code: string) => new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;

function notesOf(first: Counted, second: Counted | null, options: WordsOptions): string[] {
  const notes: string[] = [];
  const counted = [first, second].filter((c): c is Counted => !!c);
  const languages = languagesOf(...counted);
  if (!options.keepStopWords && languages.length) {
    const said = languages.map(
      (l) =>
        `${languageName(l.code)} (${plural(l.documents, 'document')}${l.detected ? `, ${l.detected === l.documents ? 'all' : l.detected} told by their words` : ''})`,
    );
    notes.push(`Left out the stop words of ${said.join(', ')}.`);
  }
  const undetected = counted.reduce((n, c) => n + c.undetected, 0);
  if (undetected && !options.keepStopWords)
    notes.push(
      `The language of ${plural(undetected, 'document')} could not be told from ${undetected === 1 ? 'its' : 'their'} words: ${undetected === 1 ? 'its' : 'their'} stop words are counted.`,
    );
  notes.push(
    'English words are counted by their stem, as search finds them (sanction, sanctions and sanctioned are one row); numbers are left out.',
  );
  for (const c of counted) if (!c.documents) notes.push(`${c.label} holds no text to count.`);
  return notes;
}
