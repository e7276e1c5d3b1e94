// The user query language, second half: compiles the syntax tree to an FTS5
// MATCH expression. Every word reaches FTS5 as a double-quoted string, so no
// user text is ever read as FTS5 syntax, and no query can raise an SQLite error.
// The words inside those strings are the index's words (words.ts): cut and folded
// as the documents were, so a word of several index words (人工智能) is a phrase.
import type { AttributeCondition, Field, ParsedQuery, QueryNode, SetCondition } from './query-parse.ts';
import { DEFAULT_NEAR_DISTANCE, MAX_NEAR_DISTANCE, Warnings, hasWordChar, show } from './query-parse.ts';
import { clip } from '../../../shared/text.ts';
import { queryWords } from './words.ts';

/** Returns the index terms (vocabulary stems) a fuzzy term expands to, the term's own form included if present. */
export type VariantResolver = (term: string, distance: number | undefined) => string[];
export interface CompiledQuery {
  /** FTS5 expression for what must match; null if the query has no positive part. */
  match: string | null;
  /** FTS5 expression of what must NOT match, set only when match is null (a pure exclusion such as `-belarus`). */
  exclude: string | null;
  dateFrom: string | null;
  dateTo: string | null;
  attributes: AttributeCondition[];
  sets: SetCondition[];
  /** One per fuzzy term, in query order, for showing the user. */
  expansions: { term: string; variants: string[] }[];
  /**
   * The phrases of `match` when it marks every place each of them is in a document it finds (as FTS5's highlight()
   * and its instances report them): an AND or OR of phrases with no AND (nor NOT) inside an OR, and no NEAR of two
   * or more. FTS5 reports a phrase inside an OR's AND only where the whole AND matches, and a NEAR's only where
   * near enough. The phrases of NOT parts are left out: a document the query finds has none of them in their
   * columns. Null for any other query.
   */
  terms: MatchTerm[] | null;
  /**
   * Every phrase of `match` (those of its NOT and NEAR parts too), once each: a ranked search counts the documents
   * of each over the whole index (FTS5's bm25 weighs a phrase by how many documents hold it).
   */
  phrases: Phrase[];
  warnings: string[];
}

/** A phrase as an FTS5 expression of its own (in every column), and as the user would write it. */
export interface Phrase {
  expression: string;
  shown: string;
}

/** A phrase of a match expression: its index words, in its field's column (title and text without one), or every word they begin. */
export interface MatchTerm {
  words: string;
  field: Field | null;
  prefix: boolean;
}

/** An expression compiled, with its phrases when they are all it marks (CompiledQuery.terms), whether it is an AND, and every phrase in it. */
interface Part {
  e: string;
  terms: MatchTerm[] | null;
  and: boolean;
  phrases: Phrase[];
}
export interface CompileOptions {
  resolveVariants?: VariantResolver;
  /** Treat every plain word (not a prefix, not in a phrase) as fuzzy with the default distance. */
  allVariants?: boolean;
}

export const MAX_VARIANTS = 32;

/** An FTS5 string: the text in double quotes, inner quotes doubled. */
export function ftsString(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** The column filter for a phrase: its field, or title and body when it has none. */
function columns(field: Field | undefined): string {
  return field === 'title' || field === 'source' || field === 'author' ? `${field} : ` : '{title body} : ';
}

class Compiler {
  readonly expansions: CompiledQuery['expansions'] = [];
  readonly w = new Warnings();
  private readonly options: CompileOptions;

  constructor(options: CompileOptions) {
    this.options = options;
  }

  /** The whole query: positives joined by AND, exclusions after NOT; only exclusions go to `exclude`. */
  top(root: QueryNode | null): Pick<CompiledQuery, 'match' | 'exclude' | 'terms' | 'phrases'> {
    if (!root) return { match: null, exclude: null, terms: null, phrases: [] };
    const { pos, neg } = this.split(root.kind === 'and' ? root.children : [root]);
    if (pos.length > 0) {
      const joined = joinAnd(pos, neg, false);
      return { match: joined.e, exclude: null, terms: joined.terms, phrases: distinct(joined.phrases) };
    }
    return { match: null, exclude: neg.length > 0 ? neg.map((p) => p.e).join(' OR ') : null, terms: null, phrases: [] };
  }

  private split(children: QueryNode[]): { pos: Part[]; neg: Part[] } {
    const pos: Part[] = [];
    const neg: Part[] = [];
    for (const c of children) {
      const e = c.kind === 'not' ? this.node(c.child) : this.node(c);
      if (e) (c.kind === 'not' ? neg : pos).push(e);
    }
    return { pos, neg };
  }

  /** An expression that can stand as an operand: anything with operators comes in parentheses. */
  private node(n: QueryNode): Part | null {
    switch (n.kind) {
      case 'term':
        return this.term(n);
      case 'phrase': {
        const words = this.words(n.text, `"${n.text}"`);
        return words ? phrase(words, n.field, false) : null;
      }
      case 'near':
        return this.near(n);
      case 'and': {
        const { pos, neg } = this.split(n.children);
        if (pos.length > 0) return joinAnd(pos, neg, true);
        if (neg.length > 0)
          this.w.add(`Ignored "${clip(show(n))}": it only excludes, so it needs something to match beside it.`);
        return null;
      }
      case 'or': {
        const parts: Part[] = [];
        for (const c of n.children) {
          if (c.kind === 'not')
            this.w.add(`Ignored "${clip(show(c))}": an exclusion cannot be one of the alternatives of OR.`);
          else {
            const e = this.node(c);
            if (e) parts.push(e);
          }
        }
        return parts.length > 1 ? joinOr(parts) : (parts[0] ?? null);
      }
      case 'not':
        this.w.add(`Ignored "${clip(show(n))}": it only excludes, so it needs something to match beside it.`);
        return null;
    }
  }

  /** What the index holds of typed text: its words, folded, one space between them; null (and said) when none is left. */
  private words(text: string, shown: string): string | null {
    if (!hasWordChar(text)) return null;
    const words = queryWords(text).join(' ');
    if (!words) this.w.add(`Ignored "${clip(shown)}": it has no letters or digits to search for.`);
    return words || null;
  }

  private term(n: Extract<QueryNode, { kind: 'term' }>): Part | null {
    const words = this.words(n.text, show(n));
    if (!words) return null;
    // Variants are of one word: a term the index holds as several (Chinese, 3.5) is searched as written.
    const fuzzy =
      n.prefix || words.includes(' ') ? undefined : (n.fuzzy ?? (this.options.allVariants ? {} : undefined));
    const variants = fuzzy ? this.variants(n.text, fuzzy.distance) : [];
    if (variants.length === 0) return phrase(words, n.field, n.prefix);
    if (variants.length === 1) return phrase(variants[0]!, n.field, false);
    return joinOr(variants.map((v) => phrase(v, n.field, false)));
  }

  private variants(term: string, distance: number | undefined): string[] {
    const resolve = this.options.resolveVariants;
    if (!resolve) {
      this.w.add('Spelling variants are not available here, so words were searched as written.');
      return [];
    }
    let found: unknown;
    try {
      found = resolve(term, distance);
    } catch {
      this.w.add(`Could not look up spelling variants of "${clip(term)}"; searched it as written.`);
    }
    const list = Array.isArray(found) ? found.filter((v): v is string => typeof v === 'string' && hasWordChar(v)) : [];
    let variants = [...new Set(list)];
    if (variants.length > MAX_VARIANTS) {
      this.w.add(`Used only the first ${MAX_VARIANTS} spelling variants of "${clip(term)}".`);
      variants = variants.slice(0, MAX_VARIANTS);
    }
    this.expansions.push({ term, variants });
    return variants;
  }

  /** NEAR("a" "b c" "d" *, 10). FTS5 allows no OR inside NEAR, so fuzzy words go in as written. */
  private near(n: Extract<QueryNode, { kind: 'near' }>): Part | null {
    const items: string[] = [];
    const phrases: Phrase[] = [];
    let only: Part | null = null;
    for (const item of n.items) {
      if (item.kind !== 'term' && item.kind !== 'phrase') continue;
      const words = this.words(item.text, show(item));
      if (!words) continue;
      if (item.kind === 'term' && item.fuzzy) {
        this.w.add(`Searched "${clip(show(item))}" as written: spelling variants cannot be used inside NEAR.`);
      }
      const prefix = item.kind === 'term' && item.prefix;
      items.push(ftsString(words) + (prefix ? ' *' : ''));
      only = phrase(words, n.field, prefix);
      phrases.push(...only.phrases);
    }
    if (items.length === 0) return null;
    if (items.length === 1) return only;
    const d =
      Number.isInteger(n.distance) && n.distance >= 0 ? Math.min(n.distance, MAX_NEAR_DISTANCE) : DEFAULT_NEAR_DISTANCE;
    return { e: `${columns(n.field)}NEAR(${items.join(' ')}, ${d})`, terms: null, and: false, phrases };
  }
}

/** One phrase in its field's columns. */
function phrase(words: string, field: Field | undefined, prefix: boolean): Part {
  const own = ftsString(words) + (prefix ? ' *' : '');
  return {
    e: columns(field) + own,
    terms: [{ words, field: field ?? null, prefix }],
    and: false,
    phrases: [{ expression: own, shown: words + (prefix ? '*' : '') }],
  };
}

/** Each phrase once (a word may be written twice, or be a variant of two fuzzy words). */
function distinct(phrases: Phrase[]): Phrase[] {
  return [...new Map(phrases.map((p) => [p.expression, p])).values()];
}

/** `a AND b NOT c NOT d`: FTS5's NOT binds tighter than AND, which gives a ∧ b ∧ ¬c ∧ ¬d. */
function joinAnd(pos: Part[], neg: Part[], nested: boolean): Part {
  if (pos.length === 1 && neg.length === 0) return pos[0]!;
  const s = pos.map((p) => p.e).join(' AND ') + neg.map((p) => ` NOT ${p.e}`).join('');
  const terms = pos.every((p) => p.terms) ? pos.flatMap((p) => p.terms!) : null;
  return { e: nested ? `(${s})` : s, terms, and: true, phrases: [...pos, ...neg].flatMap((p) => p.phrases) };
}

/** Alternatives: FTS5 marks a phrase of an AND among them only where the whole AND matches, so no terms then. */
function joinOr(parts: Part[]): Part {
  const terms = parts.every((p) => p.terms && !p.and) ? parts.flatMap((p) => p.terms!) : null;
  return { e: `(${parts.map((p) => p.e).join(' OR ')})`, terms, and: false, phrases: parts.flatMap((p) => p.phrases) };
}

export function compileQuery(parsed: ParsedQuery, options: CompileOptions = {}): CompiledQuery {
  const c = new Compiler(options ?? {});
  for (const w of parsed.warnings) c.w.add(w);
  const { match, exclude, terms, phrases } = c.top(parsed.root);
  return {
    match,
    exclude,
    phrases,
    dateFrom: parsed.dateFrom,
    dateTo: parsed.dateTo,
    attributes: parsed.attributes,
    sets: parsed.sets,
    expansions: c.expansions,
    terms,
    warnings: c.w.list,
  };
}
