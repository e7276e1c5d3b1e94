// Word frequencies: the words of a scope (all documents, those with an
// attribute's value, or the text coded with a code), cut and folded as search
// indexes them (search/words.ts), English words stemmed by Porter's stemmer
// as search's index stems them, stop words of each document's language left
// out. Two scopes compared give each word's keyness: Rayson and Garside's
// log-likelihood (G²) with Hardie's Log Ratio as its effect size.
import { createRequire } from 'node:module';
import type { AttributeFilter, WordRow, WordScope, WordsResult } from '../../../shared/api.ts';
import { toUtf16Index } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { mergeSpans } from '../../../shared/spans.ts';
import { plural, visible } from '../../../shared/text.ts';
import type { Db } from '../db/open.ts';
import type { CallContext } from '../calls.ts';
import { codeName } from '../db/queries/codes.ts';
import type { NamedParams } from '../db/statement.ts';
import { documentCount } from '../db/queries/documents.ts';
import { listAttributes } from '../documents/attributes.ts';
import { foldWord } from '../search/fold.ts';
import { indexWords } from '../search/words.ts';
import { visibleCoders, type Viewer } from '../viewer.ts';
import { byKey } from './scope.ts';
import {
  add,
  addTerm,
  countDocuments,
  emptyTally,
  subtract,
  termsOf,
  vocabularyTally,
  type Form,
  type Tally,
  type TermCount,
} from './word-tally.ts';

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
  /** Count every document's text here, never the index's vocabulary (the tests hold the two ways to the same counts). */
  readText?: boolean;
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
  const { index } = stopLists();
  const n = Math.min(tokens.length, 100);
  startTally();
  for (let i = 0; i < n; i++) {
    const langs = index.get(tokens[i]!);
    if (langs) for (let k = 0; k < langs.length; k++) tally[langs[k]!]!++;
  }
  return judgeTally(n);
}

function startTally(): void {
  const { languages: codes } = stopLists();
  if (tally.length !== codes.length) tally = new Int32Array(codes.length);
  tally.fill(0);
}

/** The language that stands out of the tally of n words, if one does. */
function judgeTally(n: number): string | null {
  let best = -1;
  let tie = false;
  for (let k = 0; k < tally.length; k++) {
    if (best < 0 || tally[k]! > tally[best]!) [best, tie] = [k, false];
    else if (tally[k] === tally[best]) tie = true;
  }
  if (best < 0 || tie || tally[best]! < Math.max(3, n * 0.1)) return null;
  return stopLists().languages[best]!;
}

/**
 * The stop words in an open-addressed table of their characters' hash, so an
 * index text's words are looked up where they are written, without cutting
 * each into a string of its own (100 words of each of 100,000 documents).
 */
let stopTable: { slots: Int32Array; words: string[]; langs: Int32Array[] } | null = null;
const hashOf = (text: string, from: number, to: number) => {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
};
function stopHashTable(): NonNullable<typeof stopTable> {
  if (stopTable) return stopTable;
  const { index } = stopLists();
  const words = [...index.keys()];
  const size = 1 << Math.ceil(Math.log2(words.length * 4));
  const slots = new Int32Array(size).fill(-1);
  words.forEach((w, i) => {
    let slot = hashOf(w, 0, w.length) & (size - 1);
    while (slots[slot] !== -1) slot = (slot + 1) & (size - 1);
    slots[slot] = i;
  });
  return (stopTable = { slots, words, langs: words.map((w) => index.get(w)!) });
}

/** Whether an index text cut short holds this many whole words (as many spaces: the last word may be cut). */
function holdsWords(text: string, n: number): boolean {
  for (let at = -1, k = 0; k < n; k++) if ((at = text.indexOf(' ', at + 1)) < 0) return false;
  return true;
}

/** detectLanguage of an index text (words and single spaces), read in place: the same answer as of its words. */
export function detectLanguageOfText(text: string): string | null {
  const { slots, words, langs } = stopHashTable();
  const mask = slots.length - 1;
  startTally();
  let n = 0;
  for (let from = 0; from < text.length && n < 100; n++) {
    let to = text.indexOf(' ', from);
    if (to < 0) to = text.length;
    for (let slot = hashOf(text, from, to) & mask; slots[slot] !== -1; slot = (slot + 1) & mask) {
      const w = words[slots[slot]!]!;
      if (w.length === to - from && text.startsWith(w, from)) {
        const l = langs[slots[slot]!]!;
        for (let k = 0; k < l.length; k++) tally[l[k]!]!++;
        break;
      }
    }
    from = to + 1;
  }
  return judgeTally(n);
}

interface Counted {
  label: string;
  documents: number;
  words: number;
  terms: Map<string, TermCount>;
  /** The rows' forms were read from the first SAMPLE documents only (the counts came from the index's vocabulary). */
  sampledForms: boolean;
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

/** Documents read at a time: the event loop is free and progress is told between batches. */
const BATCH = 500;
/** Documents whose words name the rows when the counts come from the index's vocabulary (which holds terms, not the words written). */
const SAMPLE = 1000;
/** Characters of a document's index text read to tell its language (its first 100 words, nearly always). */
const HEAD = 1500;

const HAS_LETTER = /\p{L}/u;

/** A document of a scope as it is counted: its id, the stop-word language of its words ('' for none), and its words when already cut. */
interface ScopeDocument {
  id: number;
  language: string;
  words?: string[];
}

/** Tells how far work has got, and frees the event loop between slices of it. */
interface Pace {
  step(done: number): Promise<void>;
  /** Adds steps the work now knows it has. */
  grow(steps: number): void;
  /** The counts of documents' texts already read in this call, by their ids: a set compared with the rest reads it once. */
  read: Map<string, Tally>;
}

/** The stop-word language of a document: the one it states, or told by its first words; null when neither. */
function languageOf(stated: string | null, detect: () => string | null): { code: string | null; detected: boolean } {
  const code = statedLanguage(stated);
  if (code) return { code, detected: false };
  return { code: detect(), detected: true };
}

/**
 * The languages told from documents' first words, kept while the search
 * index is as it was when they were told (its structure record changes with
 * every text written), so a second count of a large project does not read
 * every text's first words again.
 */
const toldLanguages = new WeakMap<Db, { index: Buffer | undefined; languages: Map<number, string | null> }>();
function languagesTold(db: Db): Map<number, string | null> {
  const index = db.prepare<[], Buffer>('SELECT block FROM documents_fts_data WHERE id = 10').pluck().get();
  const kept = toldLanguages.get(db);
  if (kept && (kept.index === index || (kept.index && index && kept.index.equals(index)))) return kept.languages;
  const languages = new Map<number, string | null>();
  toldLanguages.set(db, { index, languages });
  return languages;
}

/** Notes a document's language in the scope's counts and gives its group key ('' when stop words are kept or none is known). */
function noteLanguage(counted: Counted, found: { code: string | null; detected: boolean }, keep: boolean): string {
  if (found.code) {
    const seen = counted.languages.get(found.code) ?? { documents: 0, detected: 0 };
    seen.documents++;
    if (found.detected) seen.detected++;
    counted.languages.set(found.code, seen);
  } else counted.undetected++;
  return keep || !found.code ? '' : found.code;
}

/** The documents of a scope chosen by attribute or ids, each with its stop-word language (read from its first words when it states none). */
async function scopeDocuments(
  db: Db,
  scope: WordScope,
  counted: Counted,
  keep: boolean,
  pace: Pace,
): Promise<ScopeDocument[]> {
  const { where, params } = documentCondition(scope);
  const listed = db
    .prepare<NamedParams, { id: number; language: string | null }>(
      `SELECT d.id, d.language FROM documents d WHERE ${where} ORDER BY d.id`,
    )
    .all(params);
  // Reading their languages, then counting them (here, or their worth of the vocabulary).
  pace.grow(keep ? listed.length : 2 * listed.length);
  if (keep) return listed.map((d) => ({ id: d.id, language: '' }));
  const heads = db.prepare<[string], { id: number; head: string; cut: number }>(
    `SELECT id, substr(body, 1, ${HEAD}) AS head, length(body) > ${HEAD} AS cut FROM document_words WHERE id IN (SELECT value FROM json_each(?))`,
  );
  const whole = db.prepare<[number], string>('SELECT body FROM document_words WHERE id = ?').pluck();
  const known = languagesTold(db);
  const docs: ScopeDocument[] = [];
  for (let i = 0; i < listed.length; i += BATCH) {
    const batch = listed.slice(i, i + BATCH);
    const unstated = batch.filter((d) => !statedLanguage(d.language) && !known.has(d.id)).map((d) => d.id);
    const head = new Map(heads.all(JSON.stringify(unstated)).map((r) => [r.id, r]));
    for (const d of batch) {
      // The first 100 words (and one more, which may be cut short) of the text, or the whole text when the head holds fewer.
      const text = () => {
        const h = head.get(d.id);
        if (!h) return '';
        return h.cut && !holdsWords(h.head, 100) ? whole.get(d.id)! : h.head;
      };
      const detect = () => {
        let told = known.get(d.id);
        if (told === undefined) known.set(d.id, (told = detectLanguageOfText(text())));
        return told;
      };
      docs.push({ id: d.id, language: noteLanguage(counted, languageOf(d.language, detect), keep) });
    }
    await pace.step(batch.length);
  }
  return docs;
}

/**
 * The documents holding text coded with the scope's code, each as the words
 * of its coded text (cut and folded as search cuts the whole text; text coded
 * twice, by two coders or two overlapping passages, counts once).
 */
function codedDocuments(
  db: Db,
  scope: WordScope,
  coders: string[] | undefined,
  counted: Counted,
  keep: boolean,
): ScopeDocument[] {
  const { where, params } = documentCondition(scope);
  const spans = db
    .prepare<NamedParams, { documentId: number; start: number; end: number }>(
      `SELECT k.document_id AS documentId, k.start, k."end" FROM codings k JOIN coders c ON c.id = k.coder_id JOIN documents d ON d.id = k.document_id
       WHERE k.orphaned = 0 AND k.code_id = @code AND ${where} AND (@coders IS NULL OR c.name IN (SELECT value FROM json_each(@coders)))
       ORDER BY k.document_id, k.start`,
    )
    .all({ ...params, code: scope.codeId, coders: coders ? JSON.stringify(coders) : null });
  const read = db.prepare<[number], { language: string | null; body: string }>(
    'SELECT language, body FROM documents WHERE id = ?',
  );
  return [...byKey(spans, (s) => s.documentId)].map(([id, mine]) => {
    const d = read.get(id)!;
    const text = mergeSpans(mine)
      .map((s) => d.body.slice(toUtf16Index(d.body, s.start), toUtf16Index(d.body, s.end)))
      .join('\n');
    const words = indexWords(text).map((w) => w.token);
    return {
      id,
      words,
      language: noteLanguage(
        counted,
        languageOf(d.language, () => detectLanguage(words)),
        keep,
      ),
    };
  });
}

/** Counts documents here, in batches: their words as given, or their index text read from the index's table. */
async function countHere(db: Db, docs: readonly ScopeDocument[], pace: Pace): Promise<Tally> {
  const key = docs.some((d) => d.words) ? null : docs.map((d) => d.id).join(' ');
  const known = key === null ? undefined : pace.read.get(key);
  if (known) {
    await pace.step(docs.length);
    return known;
  }
  const tally = emptyTally();
  const forms = new Map<string, Form>();
  const read = db.prepare<[string], { id: number; body: string }>(
    'SELECT id, body FROM document_words WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id',
  );
  for (let i = 0; i < docs.length; i += BATCH) {
    const batch = docs.slice(i, i + BATCH);
    const words = batch.every((d) => d.words)
      ? batch.map((d) => ({ id: d.id, words: d.words! }))
      : read
          .all(JSON.stringify(batch.map((d) => d.id)))
          .map((r) => ({ id: r.id, words: r.body ? r.body.split(' ') : [] }));
    countDocuments(db, tally, words, forms);
    await pace.step(batch.length);
  }
  if (key !== null) pace.read.set(key, tally);
  return tally;
}

/** The vocabulary's size in terms (every term the search index has held: near enough to tell its slices' progress by). */
const vocabularySteps = (db: Db) =>
  Math.max(1, db.prepare<[], number>('SELECT count(*) FROM search_terms').pluck().get()!);

/**
 * The counts of a language's documents (of a scope): counted here when they
 * are at most half the project, otherwise the index's vocabulary of every
 * document less those outside them (`others`: the scope's other languages,
 * already counted, and the documents outside the scope, counted now).
 */
async function countGroup(
  db: Db,
  docs: ScopeDocument[],
  others: { counted: Tally; outside: () => ScopeDocument[] },
  pace: Pace,
  readText = false,
): Promise<{ tally: Tally; sampled: boolean }> {
  const all = documentCount(db).get()!;
  if (readText || docs.length * 2 <= all) return { tally: await countHere(db, docs, pace), sampled: false };
  const outside = others.outside();
  const terms = vocabularySteps(db);
  pace.grow(outside.length + Math.min(SAMPLE, docs.length));
  const rest = emptyTally();
  add(rest, await countHere(db, outside, pace));
  add(rest, others.counted);
  const vocabulary = await vocabularyTally(db, (n) => pace.step((n / terms) * docs.length));
  const tally = subtract(vocabulary, rest);
  // The vocabulary holds terms; the words they were written as are read from the group's first documents.
  const sample = await countHere(db, docs.slice(0, SAMPLE), pace);
  for (const [term, row] of tally.terms) row.forms = sample.terms.get(term)?.forms ?? new Map([[term, row.count]]);
  return { tally, sampled: docs.length > SAMPLE };
}

/**
 * Counts a scope's words: its documents grouped by their stop-word language,
 * each group counted (countGroup) and its stop words and numbers left out.
 * A stop word is left out as the term the index makes of it, so every word
 * that is the same term goes with it (own and owned are the term "own").
 */
async function countScope(
  db: Db,
  scope: WordScope,
  options: WordsOptions,
  viewer: Viewer,
  pace: Pace,
): Promise<Counted> {
  const counted: Counted = {
    label: scopeLabel(db, scope),
    documents: 0,
    words: 0,
    terms: new Map(),
    sampledForms: false,
    languages: new Map(),
    undetected: 0,
  };
  const keep = options.keepStopWords;
  const coded = scope.codeId !== undefined;
  const docs = coded
    ? codedDocuments(db, scope, visibleCoders(viewer, options.coders), counted, keep)
    : await scopeDocuments(db, scope, counted, keep, pace);
  const groups = [...byKey(docs, (d) => d.language)].sort((a, b) => b[1].length - a[1].length);
  const tallies: [string, Tally][] = [];
  const others = emptyTally();
  // The largest group last, so the others' counts are at hand if it is the vocabulary less them.
  if (coded) pace.grow(docs.length);
  for (const [language, mine] of groups.slice(1).reverse()) {
    const { tally } = await countGroup(db, mine, { counted: emptyTally(), outside: () => [] }, pace, options.readText);
    add(others, tally);
    tallies.push([language, tally]);
  }
  if (groups[0]) {
    const [language, mine] = groups[0];
    const inScope = new Set(docs.map((d) => d.id));
    const outside = () =>
      coded
        ? []
        : db
            .prepare<[], number>('SELECT id FROM document_words ORDER BY id')
            .pluck()
            .all()
            .filter((id) => !inScope.has(id))
            .map((id) => ({ id, language: '' }));
    const { tally, sampled } = coded
      ? { tally: await countHere(db, mine, pace), sampled: false }
      : await countGroup(db, mine, { counted: others, outside }, pace, options.readText);
    counted.sampledForms = sampled;
    tallies.push([language, tally]);
  }
  const { sets } = stopLists();
  for (const [language, tally] of tallies) {
    const stop = language ? stopTerms(db, language, sets.get(language)!) : null;
    counted.documents += tally.documents;
    for (const [term, row] of tally.terms) {
      // Numbers are not words of the running count (stop words are).
      if (!HAS_LETTER.test(term)) continue;
      counted.words += row.count;
      if (!stop?.has(term)) addTerm(counted.terms, term, row);
    }
  }
  return counted;
}

/** A language's stop words as the index's terms. */
const stopTermSets = new Map<string, Set<string>>();
function stopTerms(db: Db, language: string, words: Set<string>): Set<string> {
  let terms = stopTermSets.get(language);
  if (!terms) stopTermSets.set(language, (terms = new Set(termsOf(db, [...words]))));
  return terms;
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

/** Progress is told in thousandths of the whole count: its steps are known only as it goes (a scope's documents, then their languages). */
const PROGRESS_STEPS = 1000;

export async function wordFrequencies(
  db: Db,
  options: WordsOptions,
  viewer: Viewer,
  context: Pick<CallContext, 'onProgress' | 'signal'> = {},
): Promise<WordsResult> {
  // Each scope is an equal share of the bar; within one, steps are documents read (or their worth of the vocabulary),
  // added as the count learns of them. The bar never goes back when steps are added.
  const scopes = options.compare ? 2 : 1;
  let [scope, done, total, shown] = [0, 0, 0, 0];
  const tell = (at: number) => {
    shown = Math.max(shown, Math.round(at * PROGRESS_STEPS));
    context.onProgress?.({ done: shown, total: PROGRESS_STEPS, current: 'Counting words' });
  };
  const pace: Pace = {
    read: new Map(),
    grow: (steps) => void (total += steps),
    step: async (steps) => {
      // Each step is a batch of documents or a slice of the vocabulary: told, and then the event loop is free for a moment.
      done += steps;
      tell((scope + Math.min(1, done / Math.max(1, total))) / scopes);
      await new Promise((resolve) => setImmediate(resolve));
      if (context.signal?.aborted) throw new QuireError('cancelled', 'Counting words was stopped before it finished.');
    },
  };
  const next = () => void ([scope, done, total] = [scope + 1, 0, 0]);
  const first = await countScope(db, options.scope, options, viewer, pace);
  next();
  const second = options.compare ? await countScope(db, options.compare, options, viewer, pace) : null;
  tell(1);
  const per10k = (n: number, words: number) => (words ? round((n * 10_000) / words) : 0);
  let rows: WordRow[];
  if (!second) {
    rows = [...first.terms]
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
      .slice(0, options.top)
      .map(([stem, r]) => ({
        word: formOf(r.forms ?? new Map()) || stem,
        stem,
        count: r.count,
        documents: r.documents,
        per10k: per10k(r.count, first.words),
      }));
  } else {
    const [c, d] = [Math.max(1, first.words), Math.max(1, second.words)];
    const stemsBoth = new Set([...first.terms.keys(), ...second.terms.keys()]);
    rows = [...stemsBoth]
      .map((stem): WordRow => {
        const [x, y] = [first.terms.get(stem), second.terms.get(stem)];
        const [a, b] = [x?.count ?? 0, y?.count ?? 0];
        const forms = new Map([...(y?.forms ?? []), ...(x?.forms ?? [])]);
        return {
          word: formOf(forms) || stem,
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
    'A word is counted as the search index holds it, so each row is what a search for it finds: English words by their stem (sanction, sanctions and sanctioned are one row), every other word whole, folded as search folds it (accents and case left aside); numbers are left out.',
  );
  if (!options.keepStopWords && languages.length)
    notes.push(
      'A stop word is left out with every word that has its stem (own and owned are one row, left out with own).',
    );
  const sampled = counted.filter((c) => c.sampledForms);
  if (sampled.length)
    notes.push(
      `The counts of ${sampled.map((c) => c.label).join(' and ')} were read from the search index, which keeps stems: each row is named by its most frequent form in the first ${SAMPLE.toLocaleString('en')} documents.`,
    );
  for (const c of counted) if (!c.documents) notes.push(`${c.label} holds no text to count.`);
  return notes;
}
