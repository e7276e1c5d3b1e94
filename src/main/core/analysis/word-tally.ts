// Word counts as the search index holds words. A "word" of a count is a term
// of the full-text index: a word of the text cut and folded as search cuts it
// (search/words.ts), stemmed by the index's own tokenizer (Porter's stemmer
// for words in ASCII letters: sanction, sanctions, sanctioned are the term
// "sanction"), exactly what a search for it matches.
//
// Two ways to a scope's counts, which give the same numbers (a test holds them
// to it): FTS5's vocabulary of the whole index (each term's documents and
// occurrences in the texts, read in C without cutting any text again), and
// counting the index text of chosen documents here, each word's term asked of
// a scratch FTS5 table with the index's tokenizer the first time it is met.
// The vocabulary counts every document; a scope of most of them is the
// vocabulary less the documents outside it, counted here.
import type { Db } from '../db/db.ts';
import { indexTokenizer } from '../search/terms.ts';

/** A term's counts in a set of documents; its forms (the folded words that are this term) when they were counted here. */
export interface TermCount {
  count: number;
  documents: number;
  /** The last document counted towards `documents`, so a term met twice in a document counts it once. */
  last: number;
  forms: Map<string, number> | null;
}

/** Counts of a set of documents, every term (stop words and numbers too): a language's stop words are left out later. */
export interface Tally {
  documents: number;
  terms: Map<string, TermCount>;
}

export const emptyTally = (): Tally => ({ documents: 0, terms: new Map() });

/** A word as it was met: how often, in how many documents of the batch, and its term once known. */
export interface Form {
  word: string;
  n: number;
  last: number;
  term: TermCount | null;
}

/** Terms of words already asked, across calls: the tokenizer of a project never changes. */
const termOfWord = new Map<string, string>();

/**
 * The index's terms of words, in order: the words written as one row of a
 * scratch FTS5 table made with the index's tokenizer (an index word is one
 * token of it), each one's term read back from that table's vocabulary by its
 * place in the row. One call for all the new words of a batch.
 */
export function termsOf(db: Db, words: readonly string[]): string[] {
  const missing = [...new Set(words.filter((w) => !termOfWord.has(w)))];
  if (missing.length) {
    const tokenizer = indexTokenizer(db).replaceAll("'", "''");
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.quire_word_terms USING fts5(word, content = '', tokenize = '${tokenizer}');
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.quire_word_terms_vocab USING fts5vocab(temp, quire_word_terms, 'instance');`);
    let terms = scratchTerms(db, [missing.join(' ')]);
    // Were a word ever more or less than one token, the places would not match: then each word is a row of its own.
    if (terms.length !== missing.length || terms.includes(undefined)) terms = scratchTerms(db, missing, true);
    if (termOfWord.size + missing.length > 1_000_000) termOfWord.clear();
    missing.forEach((w, i) => termOfWord.set(w, terms[i] ?? w));
  }
  return words.map((w) => termOfWord.get(w)!);
}

/** The terms of the scratch table's rows: by place in the one row, or (`byRow`) the first term of each row. */
function scratchTerms(db: Db, rows: readonly string[], byRow = false): (string | undefined)[] {
  const insert = db.prepare('INSERT INTO temp.quire_word_terms (rowid, word) VALUES (?, ?)');
  rows.forEach((row, i) => insert.run(i + 1, row));
  const terms: (string | undefined)[] = byRow ? Array.from(rows, () => undefined) : [];
  const read = db.prepare<[], { term: string; doc: number; offset: number }>(
    'SELECT term, doc, offset FROM temp.quire_word_terms_vocab',
  );
  for (const r of read.iterate())
    if (!byRow) terms[r.offset] = r.term;
    else if (r.offset === 0) terms[r.doc - 1] = r.term;
  db.prepare("INSERT INTO temp.quire_word_terms (quire_word_terms) VALUES ('delete-all')").run();
  return terms;
}

/**
 * Counts documents given as their index words into a tally: each word is
 * looked up once per occurrence; its term is found for the batch's new words
 * at once, and then each document's distinct words are counted towards their
 * terms' documents.
 */
export function countDocuments(
  db: Db,
  tally: Tally,
  docs: readonly { id: number; words: readonly string[] }[],
  forms = new Map<string, Form>(),
): void {
  const fresh: Form[] = [];
  const touched: Form[] = [];
  const distinct: Form[][] = [];
  for (const doc of docs) {
    const seen: Form[] = [];
    for (const w of doc.words) {
      let form = forms.get(w);
      if (!form) {
        forms.set(w, (form = { word: w, n: 0, last: -1, term: null }));
        fresh.push(form);
      }
      if (form.n++ === 0) touched.push(form);
      if (form.last !== doc.id) {
        form.last = doc.id;
        seen.push(form);
      }
    }
    distinct.push(seen);
  }
  const terms = termsOf(
    db,
    fresh.map((f) => f.word),
  );
  fresh.forEach((form, i) => {
    let row = tally.terms.get(terms[i]!);
    if (!row) tally.terms.set(terms[i]!, (row = { count: 0, documents: 0, last: -1, forms: new Map() }));
    form.term = row;
  });
  docs.forEach((doc, i) => {
    for (const form of distinct[i]!) {
      const row = form.term!;
      if (row.last !== doc.id) {
        row.last = doc.id;
        row.documents++;
      }
    }
  });
  tally.documents += docs.length;
  // Occurrences are moved from the batch's forms to their terms, and the forms begin the next batch at nought.
  for (const form of touched) {
    const row = form.term!;
    row.count += form.n;
    row.forms!.set(form.word, (row.forms!.get(form.word) ?? 0) + form.n);
    form.n = 0;
  }
}

/** Terms read from the vocabulary at a time: each slice is one short query, so the event loop is free between them. */
const VOCABULARY_SLICE = 20_000;

/**
 * Every term of the documents' texts as FTS5's vocabulary counts it (the
 * body column: the titles are not counted), in slices of terms in order.
 * `pause` is awaited after each slice with how many terms it read.
 */
export async function vocabularyTally(db: Db, pause: (terms: number) => Promise<void>): Promise<Tally> {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.quire_text_vocab USING fts5vocab(main, documents_fts, 'col')`);
  const read = db
    .prepare<[string, number], [string, number, number]>(
      `SELECT term, doc, cnt FROM temp.quire_text_vocab WHERE term > ? AND col = 'body' LIMIT ?`,
    )
    .raw();
  const documents = db.prepare<[], number>('SELECT count(*) FROM document_words').pluck().get()!;
  const tally: Tally = { documents, terms: new Map() };
  let after = '';
  for (;;) {
    const rows = read.all(after, VOCABULARY_SLICE);
    for (const [term, doc, cnt] of rows) tally.terms.set(term, { count: cnt, documents: doc, last: -1, forms: null });
    if (rows.length < VOCABULARY_SLICE) break;
    after = rows[rows.length - 1]![0];
    await pause(rows.length);
  }
  return tally;
}

/** `whole` less `part` (documents among whole's), term by term; the forms are part's where whole has none. */
export function subtract(whole: Tally, part: Tally): Tally {
  const terms = new Map<string, TermCount>();
  for (const [term, w] of whole.terms) {
    const p = part.terms.get(term);
    const count = w.count - (p?.count ?? 0);
    if (count > 0) terms.set(term, { count, documents: w.documents - (p?.documents ?? 0), last: -1, forms: null });
  }
  return { documents: whole.documents - part.documents, terms };
}

/** Adds a term's counts (of other documents) to a map of terms. */
export function addTerm(into: Map<string, TermCount>, term: string, p: TermCount): void {
  const row = into.get(term);
  if (!row) {
    into.set(term, { ...p, forms: p.forms && new Map(p.forms) });
    return;
  }
  row.count += p.count;
  row.documents += p.documents;
  if (p.forms) {
    row.forms ??= new Map();
    for (const [form, n] of p.forms) row.forms.set(form, (row.forms.get(form) ?? 0) + n);
  }
}

/** Adds `part`'s counts (of other documents) to `into`. */
export function add(into: Tally, part: Tally): void {
  into.documents += part.documents;
  for (const [term, p] of part.terms) addTerm(into.terms, term, p);
}
