// The code query language: codes by name joined by operators, read into a
// small tree, and that tree said back in words ("read as"). Names follow
// search's quoting: a name of several words is written in double quotes
// ("Belarus neutral"), or as bare words, which run together into one name up
// to the next operator. Operators count only in capitals, as in search.
//
//   query    := or
//   or       := and { OR and }                          OR binds loosest
//   and      := near { (AND | NOT)[/P] near }           AND/P, NOT/P: in the same paragraph
//   near     := primary { (NEAR | FOLLOWED BY)[/n | /nP | /nC] primary }
//   primary  := name | "(" or ")"
//
// A distance is in paragraphs (NEAR/2, NEAR/2P) or characters (NEAR/300C);
// without one the operator takes the query's default. Unlike search, a code
// query that cannot be read is refused, with the place of the problem: its
// answer would be a different set of passages, not a differently ranked list.
import { QuireError } from '../../../shared/errors.ts';
import { plural } from '../../../shared/text.ts';

export type Within = 'overlap' | 'paragraph';
export interface Distance {
  n: number;
  unit: 'paragraph' | 'character';
}
export type CodeQueryNode =
  | { kind: 'code'; name: string; id: number }
  | { kind: 'or'; left: CodeQueryNode; right: CodeQueryNode }
  | { kind: 'and'; left: CodeQueryNode; right: CodeQueryNode; within: Within }
  | { kind: 'not'; left: CodeQueryNode; right: CodeQueryNode; within: Within }
  | { kind: 'near'; left: CodeQueryNode; right: CodeQueryNode; distance: Distance }
  | { kind: 'followed'; left: CodeQueryNode; right: CodeQueryNode; distance: Distance };

export interface QueryDefaults {
  /** Where AND and NOT look for the other code without /P: overlapping passages, or the same paragraph. */
  within: Within;
  /** NEAR and FOLLOWED BY without a distance. */
  distance: Distance;
}

/** A code of the codebook a name may stand for. */
export interface NamedCode {
  id: number;
  name: string;
  /** Its place in the tree, for telling codes of one name apart ("Themes / Sanctions"). */
  path: string;
}

export const MAX_DISTANCE = 100_000;

type Op = 'AND' | 'OR' | 'NOT' | 'NEAR' | 'FOLLOWED BY';
type Token =
  | { t: 'name'; text: string; quoted: boolean }
  | { t: 'op'; op: Op; suffix: string | null; raw: string }
  | { t: 'lparen' | 'rparen' | 'eof' };

const QUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB\uFF02]/g;
const OPERATOR = /^(AND|OR|NOT|NEAR|FOLLOWED)(?:\/(\S*))?$/;

const invalid = (message: string) => new QuireError('invalid_input', message);

function lex(input: string): Token[] {
  const s = input.normalize('NFC').replace(QUOTES, '"').replace(/\s+/gu, ' ');
  const out: Token[] = [];
  let words: string[] = [];
  const flush = () => {
    if (words.length) out.push({ t: 'name', text: words.join(' '), quoted: false });
    words = [];
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ') {
      i++;
    } else if (c === '(' || c === ')') {
      flush();
      out.push({ t: c === '(' ? 'lparen' : 'rparen' });
      i++;
    } else if (c === '"') {
      flush();
      const end = s.indexOf('"', i + 1);
      if (end < 0) throw invalid(`The quotation mark before “${s.slice(i + 1, i + 41)}” is not closed.`);
      out.push({ t: 'name', text: s.slice(i + 1, end).trim(), quoted: true });
      i = end + 1;
    } else {
      let end = i;
      while (end < s.length && !' ()"'.includes(s[end]!)) end++;
      const word = s.slice(i, end);
      const op = OPERATOR.exec(word);
      if (op && op[1] === 'FOLLOWED') {
        // FOLLOWED BY is one operator; its distance may be written on either word (FOLLOWED/2 BY, FOLLOWED BY/2).
        const next = /^ BY(?:\/(\S*))?(?=[ ()"]|$)/.exec(s.slice(end));
        if (!next)
          throw invalid('“FOLLOWED” is written “FOLLOWED BY”, as in “Sanctions” FOLLOWED BY “Belarus complicit”.');
        flush();
        out.push({ t: 'op', op: 'FOLLOWED BY', suffix: op[2] ?? next[1] ?? null, raw: `${word}${next[0]}` });
        end += next[0].length;
      } else if (op) {
        flush();
        out.push({ t: 'op', op: op[1] as Op, suffix: op[2] ?? null, raw: word });
      } else {
        words.push(word);
      }
      i = end;
    }
  }
  flush();
  out.push({ t: 'eof' });
  return out;
}

const tokenText = (t: Token): string =>
  t.t === 'name'
    ? t.quoted
      ? `"${t.text}"`
      : t.text
    : t.t === 'op'
      ? t.raw
      : t.t === 'lparen'
        ? '('
        : t.t === 'rparen'
          ? ')'
          : '';

/** The distance written after an operator's slash, or the default. */
function distanceOf(op: Extract<Token, { t: 'op' }>, fallback: Distance): Distance {
  if (op.suffix === null) return fallback;
  const m = /^(\d+)([pPcC]?)$/.exec(op.suffix);
  if (!m)
    throw invalid(
      `“${op.raw}” has a distance Quire cannot read: write ${op.op}/2 (paragraphs) or ${op.op}/300C (characters).`,
    );
  const n = Number(m[1]);
  if (n > MAX_DISTANCE)
    throw invalid(`“${op.raw}” is too far: a distance is at most ${MAX_DISTANCE.toLocaleString('en')}.`);
  return { n, unit: m[2]?.toUpperCase() === 'C' ? 'character' : 'paragraph' };
}

function withinOf(op: Extract<Token, { t: 'op' }>, fallback: Within): Within {
  if (op.suffix === null) return fallback;
  if (/^[pP]$/.test(op.suffix)) return 'paragraph';
  throw invalid(
    `“${op.raw}” cannot be read: ${op.op}/P looks in the same paragraph; ${op.op} alone in overlapping passages.`,
  );
}

class Parser {
  private i = 0;
  private readonly tokens: Token[];
  private readonly defaults: QueryDefaults;
  private readonly resolve: (name: string) => CodeQueryNode;
  constructor(tokens: Token[], defaults: QueryDefaults, resolve: (name: string) => CodeQueryNode) {
    this.tokens = tokens;
    this.defaults = defaults;
    this.resolve = resolve;
  }

  parse(): CodeQueryNode {
    if (this.peek().t === 'eof') throw invalid('Write a code query, such as “Belarus neutral” AND Sanctions.');
    const node = this.or();
    const t = this.peek();
    if (t.t === 'rparen') throw invalid(`There is a “)” without its “(”${this.after()}.`);
    if (t.t !== 'eof') throw invalid(`Quire cannot read the query from “${tokenText(t)}”${this.after()}.`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  /** Where the current token is, for messages: after what came before it. */
  private after(): string {
    const before = this.tokens
      .slice(Math.max(0, this.i - 2), this.i)
      .map(tokenText)
      .join(' ');
    return before ? ` after “${before}”` : ' at the start';
  }

  private takeOp(ops: readonly Op[]): Extract<Token, { t: 'op' }> | null {
    const t = this.peek();
    if (t.t === 'op' && ops.includes(t.op)) {
      this.i++;
      return t;
    }
    return null;
  }

  private or(): CodeQueryNode {
    let left = this.and();
    for (let op = this.takeOp(['OR']); op; op = this.takeOp(['OR'])) {
      if (op.suffix !== null) throw invalid(`“${op.raw}” cannot be read: OR takes no distance.`);
      left = { kind: 'or', left, right: this.operand(op, () => this.and()) };
    }
    return left;
  }

  private and(): CodeQueryNode {
    let left = this.near();
    for (let op = this.takeOp(['AND', 'NOT']); op; op = this.takeOp(['AND', 'NOT'])) {
      const within = withinOf(op, this.defaults.within);
      const right = this.operand(op, () => this.near());
      left = op.op === 'AND' ? { kind: 'and', left, right, within } : { kind: 'not', left, right, within };
    }
    return left;
  }

  private near(): CodeQueryNode {
    let left = this.primary();
    for (let op = this.takeOp(['NEAR', 'FOLLOWED BY']); op; op = this.takeOp(['NEAR', 'FOLLOWED BY'])) {
      const distance = distanceOf(op, this.defaults.distance);
      const right = this.operand(op, () => this.primary());
      left = op.op === 'NEAR' ? { kind: 'near', left, right, distance } : { kind: 'followed', left, right, distance };
    }
    return left;
  }

  /** The right operand of an operator, or a message saying it is missing. */
  private operand(op: Extract<Token, { t: 'op' }>, read: () => CodeQueryNode): CodeQueryNode {
    const t = this.peek();
    if (t.t === 'eof' || t.t === 'rparen' || t.t === 'op')
      throw invalid(`“${op.raw}” needs a code after it${t.t === 'op' ? `, not “${t.raw}”` : ''}.`);
    return read();
  }

  private primary(): CodeQueryNode {
    const t = this.peek();
    if (t.t === 'name') {
      this.i++;
      const next = this.peek();
      if (next.t === 'name' || next.t === 'lparen')
        throw invalid(
          `Between “${t.text}” and “${next.t === 'name' ? next.text : '('}” there should be an operator, in capitals: AND, OR, NOT, NEAR or FOLLOWED BY.`,
        );
      return this.resolve(t.text);
    }
    if (t.t === 'lparen') {
      this.i++;
      if (this.peek().t === 'rparen') throw invalid('There is nothing between “(” and “)”.');
      const inner = this.or();
      if (this.peek().t !== 'rparen')
        throw invalid(`A “(” is not closed${this.peek().t === 'eof' ? ' before the end of the query' : this.after()}.`);
      this.i++;
      return inner;
    }
    if (t.t === 'op') throw invalid(`“${t.raw}”${this.after()} needs a code before it.`);
    if (t.t === 'rparen') throw invalid(`There is a “)” without its “(”${this.after()}.`);
    throw invalid('The query ends where a code should be.');
  }
}

/** Lower case, accents kept: how names are compared when the case differs. */
const folded = (s: string) => s.normalize('NFC').toLocaleLowerCase('en');

/** Levenshtein distance, for suggesting the name meant. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * The code a name stands for: the code of that name; else the one code whose
 * name differs only in case (said in `notes`); else a name path (Parent / Child).
 * An unknown name is refused with the closest name, an ambiguous one with the paths.
 */
export function codeResolver(codes: readonly NamedCode[], notes: string[]) {
  return (name: string): CodeQueryNode => {
    const exact = codes.filter((c) => c.name === name || c.path === name);
    const same = exact.length
      ? exact
      : codes.filter((c) => folded(c.name) === folded(name) || folded(c.path) === folded(name));
    if (same.length === 1) {
      const code = same[0]!;
      if (!exact.length) notes.push(`Read “${name}” as the code “${code.name}”.`);
      return { kind: 'code', name: code.name, id: code.id };
    }
    if (same.length > 1)
      throw invalid(
        `There are ${same.length} codes called “${name}”: write which one with its place, as ${same.map((c) => `“${c.path}”`).join(' or ')}.`,
      );
    const lowerOps = /(^| )(and|or|not|near|followed by)( |$)/.test(name)
      ? ' Operators are written in capitals: AND, OR, NOT, NEAR, FOLLOWED BY.'
      : '';
    const best = codes
      .map((c) => ({ c, d: editDistance(folded(name), folded(c.name)) }))
      .sort((a, b) => a.d - b.d)
      .find((x) => x.d <= Math.max(2, Math.floor(x.c.name.length / 3)));
    const hint = best ? ` Did you mean “${best.c.name}”?` : codes.length ? '' : ' The project has no codes yet.';
    throw invalid(`There is no code called “${name}”.${hint}${lowerOps}`);
  };
}

export function parseCodeQuery(
  text: string,
  defaults: QueryDefaults,
  resolve: (name: string) => CodeQueryNode,
): CodeQueryNode {
  return new Parser(lex(text), defaults, resolve).parse();
}

const distanceWords = (d: Distance) =>
  d.n === 0 ? (d.unit === 'paragraph' ? 'in the same paragraph' : 'touching it') : `within ${plural(d.n, d.unit)}`;

/** The query in its own syntax, every operator's grouping and distance written out. */
export function showCodeQuery(node: CodeQueryNode, top = true): string {
  if (node.kind === 'code')
    return /^[\p{L}\p{N}_'’-]+$/u.test(node.name) && !OPERATOR.test(node.name) ? node.name : `"${node.name}"`;
  const [l, r] = [showCodeQuery(node.left, false), showCodeQuery(node.right, false)];
  let op: string;
  if (node.kind === 'or') op = 'OR';
  else if (node.kind === 'and' || node.kind === 'not')
    op = `${node.kind.toUpperCase()}${node.within === 'paragraph' ? '/P' : ''}`;
  else
    op = `${node.kind === 'near' ? 'NEAR' : 'FOLLOWED BY'}/${node.distance.n}${node.distance.unit === 'paragraph' ? 'P' : 'C'}`;
  const s = `${l} ${op} ${r}`;
  return top ? s : `(${s})`;
}

/** What the query finds, in a sentence: how it was read. */
export function describeCodeQuery(node: CodeQueryNode): string {
  return `Passages ${describe(node)}.`;
}

function describe(node: CodeQueryNode): string {
  if (node.kind === 'code') return `coded “${node.name}”`;
  const [l, r] = [describe(node.left), describe(node.right)];
  switch (node.kind) {
    case 'or':
      return `${l}, or ${r}`;
    case 'and':
      return `${l} ${node.within === 'overlap' ? 'that overlap' : 'in the same paragraph as'} passages ${r} (both kept)`;
    case 'not':
      return `${l} ${node.within === 'overlap' ? 'that overlap no' : 'in no paragraph with'} passages ${r}`;
    case 'near':
      return `${l} ${distanceWords(node.distance)} of passages ${r} (both kept)`;
    case 'followed':
      return `${l} followed, ${distanceWords(node.distance)}, by passages ${r} (both kept)`;
  }
}

/** The ids of the codes a query names. */
export function codesOf(node: CodeQueryNode): number[] {
  return node.kind === 'code' ? [node.id] : [...new Set([...codesOf(node.left), ...codesOf(node.right)])];
}
