import lunr from 'lunr';
import type { Db } from '../db/open.ts';
import { queryWords } from './words.ts';

/**
 * Spelling variants through lunr's fuzzy matching over the corpus vocabulary
 * (the terms of the full-text index). "lukashenko~" finds lukashenka and
 * lukashenkko; "kiev~" finds kyiv.
 *
 * Without an explicit distance, candidates within two edits are kept only when
 * they share the term's consonant skeleton (its first letter, then vowels and
 * doubled letters ignored), the way transliterations differ; within one edit they are kept for
 * terms of five letters or more. An explicit `~N` keeps everything within N.
 */
/** lunr's TokenSet, which @types/lunr leaves out: a trie of words that intersects with fuzzy automata. */
interface TokenSet {
  intersect(other: TokenSet): TokenSet;
  toArray(): string[];
}
const TokenSet = lunr.TokenSet as unknown as {
  fromArray(sortedWords: string[]): TokenSet;
  fromFuzzyString(word: string, editDistance: number): TokenSet;
};

export class VariantIndex {
  private readonly db: Db;
  private vocabulary: TokenSet | null = null;
  private version = '';

  constructor(db: Db) {
    this.db = db;
  }

  resolve(term: string, distance?: number): string[] {
    const key = foldTerm(term);
    if (!key) return [];
    const stem = stemOf(key);
    const vocabulary = this.tokens();
    const within = (d: number) => vocabulary.intersect(TokenSet.fromFuzzyString(stem, d)).toArray();
    let found: string[];
    if (distance !== undefined) {
      found = within(Math.max(0, Math.min(distance, 3)));
    } else {
      const skeleton = skeletonOf(stem);
      found = [...(stem.length >= 5 ? within(1) : []), ...within(2).filter((c) => skeletonOf(c) === skeleton)];
    }
    const unique = [...new Set(found)].sort();
    return (unique.includes(stem) ? [stem, ...unique.filter((c) => c !== stem)] : unique).slice(0, 32);
  }

  /**
   * The vocabulary as a lunr TokenSet, rebuilt when documents were added (a
   * new largest id; cheap to look up). After a deletion it may still hold a
   * word no document has any more, which only ever finds nothing.
   */
  private tokens(): TokenSet {
    const version = String(this.db.prepare('SELECT coalesce(max(id), 0) FROM documents').pluck().get());
    if (!this.vocabulary || version !== this.version) {
      const terms = (this.db.prepare('SELECT term FROM documents_vocab').pluck().all() as string[])
        .filter((t) => /^[\p{L}\p{M}]/u.test(t))
        .sort();
      this.vocabulary = TokenSet.fromArray(terms);
      this.version = version;
    }
    return this.vocabulary!;
  }
}

/** The term as the index holds it (folded as words.ts folds), when it is one word of the index; else empty. */
export function foldTerm(term: string): string {
  const words = queryWords(term);
  return words.length === 1 ? words[0]! : '';
}

function stemOf(word: string): string {
  return lunr.stemmer(new lunr.Token(word, {})).toString();
}

/** Consonants in order, doubled letters once; the first letter stays whatever it is (kiev, kyiv → kv; akaev → akv). */
function skeletonOf(word: string): string {
  return (word[0] + word.slice(1).replace(/[aeiouy]/g, '')).replace(/(.)\1+/g, '$1');
}

const indexes = new WeakMap<Db, VariantIndex>();

/** One variant index per open project, so the vocabulary is built once. */
export function variantIndexFor(db: Db): VariantIndex {
  let index = indexes.get(db);
  if (!index) {
    index = new VariantIndex(db);
    indexes.set(db, index);
  }
  return index;
}
