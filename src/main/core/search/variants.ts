import { createRequire } from 'node:module';
import type { Db } from '../db/open.ts';
import { addNewTerms, skeletonOf, termSeeker, termsBySkeleton } from './terms.ts';
import { queryWords } from './words.ts';

/**
 * Spelling variants through lunr's fuzzy matching over the corpus vocabulary
 * (the terms of the full-text index, kept in the project: terms.ts). "lukashenko~" finds lukashenka and
 * lukashenkko; "kiev~" finds kyiv.
 *
 * Without an explicit distance, candidates within two edits are kept only when
 * they share the term's consonant skeleton (its first letter, then vowels and
 * doubled letters ignored), the way transliterations differ; within one edit they are kept for
 * terms of five letters or more. An explicit `~N` keeps everything within N.
 */
/** A node of lunr's TokenSet (which @types/lunr leaves out): a trie of words whose '*' edges match any one character. */
interface TokenSet {
  edges: Record<string, TokenSet>;
  final: boolean;
  intersect(other: TokenSet): TokenSet;
  toArray(): string[];
}
interface TokenSets {
  fromArray(sortedWords: string[]): TokenSet;
  fromFuzzyString(word: string, editDistance: number): TokenSet;
}
let loadedLunr: typeof import('lunr') | undefined;
/** lunr, loaded with the first word~ (a search without one never loads it). */
const lunr = () => (loadedLunr ??= createRequire(import.meta.url)('lunr') as typeof import('lunr'));
const lunrTokenSet = () => lunr().TokenSet as unknown as TokenSets;

/** Words the index holds that variants may be: those that begin with a letter. */
const isWord = (term: string) => /^[\p{L}\p{M}]/u.test(term);

export class VariantIndex {
  private readonly db: Db;
  private seek: ((from: string) => string | undefined) | null = null;
  private bySkeleton: ((skeleton: string) => string[]) | null = null;

  constructor(db: Db) {
    this.db = db;
  }

  resolve(term: string, distance?: number): string[] {
    const key = foldTerm(term);
    if (!key) return [];
    const stem = stemOf(key);
    // Documents written since the vocabulary was last brought up to date (a merge, say) add their terms first.
    addNewTerms(this.db);
    const within = (d: number) => this.matching(lunrTokenSet().fromFuzzyString(stem, d));
    let found: string[];
    if (distance !== undefined) {
      found = within(Math.max(0, Math.min(distance, 3)));
    } else {
      // Within two edits only the terms of the same skeleton are kept: they are read by it, and the
      // automaton keeps those it accepts, exactly as walking the whole vocabulary would.
      this.bySkeleton ??= termsBySkeleton(this.db);
      const alike = this.bySkeleton(skeletonOf(stem)).filter(isWord);
      const nearAlike = alike.length
        ? lunrTokenSet().fromArray(alike).intersect(lunrTokenSet().fromFuzzyString(stem, 2)).toArray()
        : [];
      found = [...(stem.length >= 5 ? within(1) : []), ...nearAlike];
    }
    const unique = [...new Set(found)].sort();
    return (unique.includes(stem) ? [stem, ...unique.filter((c) => c !== stem)] : unique).slice(0, 32);
  }

  /**
   * The vocabulary's words (those that begin with a letter) that the fuzzy
   * automaton accepts, as lunr's TokenSet.intersect finds them, but walking the
   * vocabulary in the project in order: each prefix's next letters are found
   * by seeking to the first term after those already seen, and a prefix no
   * path of the automaton can take is never gone into.
   */
  private matching(automaton: TokenSet): string[] {
    this.seek ??= termSeeker(this.db);
    const seek = this.seek;
    const out: string[] = [];
    const visit = (prefix: string, states: TokenSet[], first: string) => {
      // `first` is the smallest term that starts with `prefix`: the prefix itself when it is a term.
      if (first === prefix && states.some((s) => s.final) && isWord(prefix)) out.push(prefix);
      // With no edit left to any state, only the words the automaton spells out remain: each is looked up once.
      const spelt = literalCompletions(states);
      if (spelt) {
        for (const rest of spelt)
          if (rest && seek(prefix + rest) === prefix + rest && isWord(prefix + rest)) out.push(prefix + rest);
        return;
      }
      let next = first === prefix ? seek(prefix + '\u0000') : first;
      while (next !== undefined && next.startsWith(prefix) && next.length > prefix.length) {
        const point = next.codePointAt(prefix.length)!;
        const letter = String.fromCodePoint(point);
        const after = advance(states, letter);
        if (after.length) visit(prefix + letter, after, next);
        const following = successor(point);
        next = following === null ? undefined : seek(prefix + following);
      }
    };
    const start = seek('');
    if (start !== undefined) visit('', [automaton], start);
    return out;
  }
}

/**
 * The strings the states accept when none of them can take any character
 * ('*') any more: a few, spelt letter by letter; null while one still can.
 */
function literalCompletions(states: TokenSet[]): Set<string> | null {
  const out = new Set<string>();
  const walk = (node: TokenSet, spelt: string): boolean => {
    if (node.final) out.add(spelt);
    for (const [edge, next] of Object.entries(node.edges)) {
      if (edge === '*' || /[\uD800-\uDFFF]/.test(edge) || !walk(next, spelt + edge)) return false;
    }
    return true;
  };
  return states.every((s) => walk(s, '')) ? out : null;
}

/** The automaton's states after reading `letter` (one or two UTF-16 units, each one character to lunr) from any of `states`. */
function advance(states: TokenSet[], letter: string): TokenSet[] {
  let current = states;
  for (const unit of letter.split('')) {
    const next = new Set<TokenSet>();
    for (const s of current) {
      const exact = s.edges[unit];
      if (exact) next.add(exact);
      const any = s.edges['*'];
      if (any) next.add(any);
    }
    current = [...next];
    if (!current.length) break;
  }
  return current;
}

/** The least string after every string that starts with code point `point`, or null after the last code point. */
function successor(point: number): string | null {
  if (point >= 0x10ffff) return null;
  // Lone surrogates are not characters: after U+D7FF comes U+E000.
  return String.fromCodePoint(point + 1 >= 0xd800 && point + 1 <= 0xdfff ? 0xe000 : point + 1);
}

/** The term as the index holds it (folded as words.ts folds), when it is one word of the index; else empty. */
export function foldTerm(term: string): string {
  const words = queryWords(term);
  return words.length === 1 ? words[0]! : '';
}

function stemOf(word: string): string {
  const { stemmer, Token } = lunr();
  return stemmer(new Token(word, {})).toString();
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
