// The user query language, first half: a lexer and a recursive-descent parser
// that turn what a person typed into a small syntax tree plus date filters.
// Nothing here throws, whatever the input: what cannot be understood is
// repaired or dropped, and `warnings` says so in plain English.
//
// Grammar (operators count only in UPPERCASE; `or` is an ordinary word):
//   query   := and { stray ")" is ignored }
//   and     := or { [AND] or }                      implicit AND between operands
//   or      := near { OR near }                     OR binds tighter than AND
//   near    := unary { (NEAR | NEAR/n) unary }      a NEAR/5 b
//   unary   := { "-" | NOT | field ":" } primary     -word, NOT word, title:word
//   primary := word | "phrase" | "(" and ")" | NEAR( items [, n] ) | datefilter | attrfilter
//   attrfilter := attr: name=value | attr:"a name"=value | attr:name="a value"   (a document attribute's value)
//   setfilter  := set:name | set:"a name"                                        (a document set's members)
//   word    := text [ "*" | "~" [n] ]               prefix, or spelling variants
import { clip } from '../../../shared/text.ts';

export type Field = 'title' | 'source' | 'author';
export type QueryNode =
  | { kind: 'term'; text: string; field?: Field; prefix: boolean; fuzzy?: { distance?: number } }
  | { kind: 'phrase'; text: string; field?: Field }
  | { kind: 'near'; items: QueryNode[]; distance: number; field?: Field } // items are term/phrase nodes
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode };
/** attr:"outlet type"=state: only documents with this value of the attribute of this name. */
export interface AttributeCondition {
  name: string;
  value: string;
  raw: string;
}

/** set:"March coverage": only the documents of the document set of this name. */
export interface SetCondition {
  name: string;
  raw: string;
}

export interface ParsedQuery {
  root: QueryNode | null;
  dateFrom: string | null;
  dateTo: string | null;
  /** Attribute filters, all of which a document must meet (like the dates, they apply to the whole query). */
  attributes: AttributeCondition[];
  /** Document set filters, all of which a document must meet. */
  sets: SetCondition[];
  warnings: string[];
}

export const MAX_QUERY_LENGTH = 10_000;
export const MAX_TERMS = 64;
/** Parentheses deeper than this are ignored: FTS5's own parser overflows its stack near 20 levels of "a AND b NOT (". */
export const MAX_DEPTH = 12;
export const DEFAULT_NEAR_DISTANCE = 10;
export const MAX_NEAR_DISTANCE = 1000;
export const MAX_EDIT_DISTANCE = 3;
const MAX_WARNINGS = 20;

/** What the FTS5 tokenizer keeps: letters, digits, private-use characters. */
const WORD_CHAR = /[\p{L}\p{N}\p{Co}]/u;
export function hasWordChar(text: string): boolean {
  return WORD_CHAR.test(text);
}

/** Collects warnings once each, and not too many of them. */
export class Warnings {
  readonly list: string[] = [];
  private readonly seen = new Set<string>();
  add(text: string): void {
    if (this.seen.has(text)) return;
    this.seen.add(text);
    if (this.list.length < MAX_WARNINGS) this.list.push(text);
    else if (this.list.length === MAX_WARNINGS)
      this.list.push('There were more problems with the query than are listed here.');
  }
}

// ---------------------------------------------------------------- normalising

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SEPARATORS = /[\p{Cc}\p{Z}\u200B\uFEFF]/gu;
const QUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB\uFF02]/g;

function normalise(input: string, w: Warnings): string {
  let s = input;
  if (s.length > MAX_QUERY_LENGTH) {
    s = s.slice(0, MAX_QUERY_LENGTH);
    w.add(`Cut the query to its first ${MAX_QUERY_LENGTH.toLocaleString('en')} characters.`);
  }
  return s.replace(LONE_SURROGATE, ' ').normalize('NFC').replace(SEPARATORS, ' ').replace(QUOTES, '"');
}

// ---------------------------------------------------------------- lexer

type Token =
  | { t: 'word'; text: string }
  | { t: 'phrase'; text: string }
  | { t: 'field'; name: string; attached: boolean } // attached: text follows the colon directly
  | { t: 'near'; distance: number | undefined } // binary NEAR or NEAR/n
  | { t: 'nearOpen' | 'lparen' | 'rparen' | 'comma' | 'or' | 'and' | 'not' | 'minus' | 'eof' };

const FIELD_PREFIX = /(?:title|source|author|date|after|before|attr|set):/iy; // sticky: tested at one position
/** Where a field prefix starting at `i` ends, or -1. */
function fieldEnd(s: string, i: number): number {
  FIELD_PREFIX.lastIndex = i;
  return FIELD_PREFIX.test(s) ? FIELD_PREFIX.lastIndex : -1;
}
const NEAR_OP = /^NEAR(?:\/(\d*))?$/;
const OPERATORS = new Map<string, Token>([
  ['OR', { t: 'or' }],
  ['AND', { t: 'and' }],
  ['NOT', { t: 'not' }],
]);

function lex(s: string, w: Warnings): Token[] {
  const out: Token[] = [];
  let inNear = false; // inside NEAR( ... ), where "," separates the distance
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    const fieldTo = fieldEnd(s, i);
    if (c === ' ') {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ t: c === '(' ? 'lparen' : 'rparen' });
      if (c === ')') inNear = false;
      i++;
    } else if (c === '"') {
      let end = s.indexOf('"', i + 1);
      if (end < 0) {
        end = s.length;
        w.add('Closed the unfinished quotation mark.');
      }
      out.push({ t: 'phrase', text: s.slice(i + 1, end) });
      i = end + 1;
    } else if (c === ',' && inNear) {
      out.push({ t: 'comma' });
      i++;
    } else if (c === '-' && i + 1 < s.length && !' )'.includes(s[i + 1])) {
      out.push({ t: 'minus' });
      i++;
    } else if (fieldTo >= 0) {
      out.push({
        t: 'field',
        name: s.slice(i, fieldTo - 1).toLowerCase(),
        attached: fieldTo < s.length && s[fieldTo] !== ' ',
      });
      i = fieldTo; // what follows the colon is lexed on its own
    } else {
      let end = i;
      while (end < s.length && !' ()"'.includes(s[end]) && !(inNear && s[end] === ',')) end++;
      const word = s.slice(i, end);
      const near = NEAR_OP.exec(word);
      if (word === 'NEAR' && s[end] === '(') {
        out.push({ t: 'nearOpen' });
        inNear = true;
        end++;
      } else if (near) {
        out.push({ t: 'near', distance: near[1] ? Number(near[1]) : undefined });
      } else {
        out.push(OPERATORS.get(word) ?? { t: 'word', text: word });
      }
      i = end;
    }
  }
  out.push({ t: 'eof' });
  return out;
}

function tokenName(t: Token): string {
  switch (t.t) {
    case 'word':
      return t.text;
    case 'phrase':
      return `"${t.text}"`;
    case 'field':
      return `${t.name}:`;
    case 'near':
      return t.distance === undefined ? 'NEAR' : `NEAR/${t.distance}`;
    default:
      return {
        nearOpen: 'NEAR(',
        lparen: '(',
        rparen: ')',
        comma: ',',
        or: 'OR',
        and: 'AND',
        not: 'NOT',
        minus: '-',
        eof: '',
      }[t.t];
  }
}

const isTextField = (name: string): name is Field => name === 'title' || name === 'source' || name === 'author';
const startsPrimary = (t: Token): boolean =>
  t.t === 'word' ||
  t.t === 'phrase' ||
  t.t === 'lparen' ||
  t.t === 'nearOpen' ||
  (t.t === 'field' && !isTextField(t.name));
const startsOperand = (t: Token): boolean => startsPrimary(t) || t.t === 'minus' || t.t === 'not' || t.t === 'field';

// ---------------------------------------------------------------- tree helpers

function flatten(kind: 'and' | 'or', parts: (QueryNode | null)[]): QueryNode | null {
  const children: QueryNode[] = [];
  for (const p of parts) {
    if (!p) continue;
    if (p.kind === kind) children.push(...p.children);
    else children.push(p);
  }
  if (children.length <= 1) return children[0] ?? null;
  return { kind, children };
}

function applyField(node: QueryNode, field: Field): QueryNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, children: node.children.map((c) => applyField(c, field)) };
    case 'not':
      return { kind: 'not', child: applyField(node.child, field) };
    default:
      return node.field ? node : { ...node, field }; // an inner field wins
  }
}

/** The query syntax that would give this node, for warnings. */
export function show(node: QueryNode): string {
  const f = 'field' in node && node.field ? `${node.field}:` : '';
  switch (node.kind) {
    case 'term':
      return f + node.text + (node.prefix ? '*' : '') + (node.fuzzy ? `~${node.fuzzy.distance ?? ''}` : '');
    case 'phrase':
      return `${f}"${node.text}"`;
    case 'near':
      return `${f}NEAR(${node.items.map(show).join(' ')}, ${node.distance})`;
    case 'and':
      return `(${node.children.map(show).join(' ')})`;
    case 'or':
      return `(${node.children.map(show).join(' OR ')})`;
    case 'not':
      return `-${show(node.child)}`;
  }
}

// ---------------------------------------------------------------- dates

interface DateFilter {
  raw: string;
  from: string | null;
  to: string | null;
  hoisted?: 'or' | 'not';
  /** An attribute filter rides along with the dates: both apply to the whole query, and are moved out of OR and NOT alike. */
  attribute?: AttributeCondition;
  /** So does a set filter. */
  set?: SetCondition;
}

const DATE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;
const pad = (n: number): string => String(n).padStart(2, '0');

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** First and last day of a year, month or day, or null if it is not a date. */
function dateBounds(text: string): [string, string] | null {
  const m = DATE.exec(text);
  if (!m || Number(m[1]) === 0) return null;
  const year = m[1];
  if (m[2] === undefined) return [`${year}-01-01`, `${year}-12-31`];
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  const last = daysInMonth(Number(year), month);
  if (m[3] === undefined) return [`${year}-${pad(month)}-01`, `${year}-${pad(month)}-${pad(last)}`];
  const day = Number(m[3]);
  if (day < 1 || day > last) return null;
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  return [iso, iso];
}

/**
 * date:X, date:X..Y (either side open), after:X, before:X. All bounds are
 * inclusive and X may be a year, month or day: after:2022-06 starts on
 * 2022-06-01, before:2022 ends on 2022-12-31.
 */
function readDateFilter(kind: string, value: string, w: Warnings): DateFilter | null {
  const raw = `${kind}:${value}`;
  const invalid = (): null => {
    w.add(
      `Ignored "${clip(raw)}": it is not a date. Write dates as 2022, 2022-06 or 2022-06-30, and ranges as date:2022-06..2022-12.`,
    );
    return null;
  };
  const dots = value.indexOf('..');
  if (kind !== 'date' || dots < 0) {
    const b = dateBounds(value);
    if (!b) return invalid();
    return { raw, from: kind === 'before' ? null : b[0], to: kind === 'after' ? null : b[1] };
  }
  const left = value.slice(0, dots);
  const right = value.slice(dots + 2);
  const lb = left ? dateBounds(left) : null;
  const rb = right ? dateBounds(right) : null;
  if ((!left && !right) || (left && !lb) || (right && !rb)) return invalid();
  if (lb && rb && lb[0] > rb[1]) {
    w.add(`Swapped the dates in "${clip(raw)}", which were in reverse order.`);
    return { raw, from: rb[0], to: lb[1] };
  }
  return { raw, from: lb?.[0] ?? null, to: rb?.[1] ?? null };
}

function combineDates(filters: DateFilter[], w: Warnings): { dateFrom: string | null; dateTo: string | null } {
  let dateFrom: string | null = null;
  let dateTo: string | null = null;
  for (const f of filters) {
    const what = f.attribute ? 'an attribute filter' : f.set ? 'a set filter' : 'a date filter';
    if (f.hoisted === 'or')
      w.add(`Applied "${clip(f.raw)}" to the whole query: ${what} cannot be an alternative in OR.`);
    if (f.hoisted === 'not') w.add(`Applied "${clip(f.raw)}" to the whole query: ${what} cannot be excluded.`);
    if (f.attribute || f.set) continue;
    if (f.from && (!dateFrom || f.from > dateFrom)) dateFrom = f.from;
    if (f.to && (!dateTo || f.to < dateTo)) dateTo = f.to;
  }
  if (dateFrom && dateTo && dateFrom > dateTo) w.add('The date filters have no day in common, so nothing can match.');
  return { dateFrom, dateTo };
}

// ---------------------------------------------------------------- parser

class Parser {
  readonly dates: DateFilter[] = [];
  private readonly tokens: Token[];
  private readonly w: Warnings;
  private pos = 0;
  private depth = 0;
  private terms = 0;

  constructor(tokens: Token[], w: Warnings) {
    this.tokens = tokens;
    this.w = w;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  parseQuery(): QueryNode | null {
    const parts: (QueryNode | null)[] = [];
    while (this.peek().t !== 'eof') {
      if (this.peek().t === 'rparen') {
        this.pos++;
        this.w.add('Ignored a ")" that had no matching "(".');
      } else {
        parts.push(this.parseAnd());
      }
    }
    return flatten('and', parts);
  }

  private parseAnd(): QueryNode | null {
    const parts: (QueryNode | null)[] = [];
    for (;;) {
      const t = this.peek();
      if (t.t === 'eof' || t.t === 'rparen') break;
      const before = this.pos;
      if (startsOperand(t)) {
        parts.push(this.parseOr());
      } else {
        this.pos++;
        // AND between two operands is the implicit AND spelled out; anything else is misplaced.
        if (t.t !== 'and' || parts.length === 0 || !startsOperand(this.peek())) this.needsBothSides(t);
      }
      if (this.pos === before) this.pos++; // cannot happen; guarantees progress
    }
    return flatten('and', parts);
  }

  private parseOr(): QueryNode | null {
    const firstDate = this.dates.length;
    const parts = [this.parseNear()];
    while (this.peek().t === 'or') {
      const op = this.tokens[this.pos++];
      if (startsOperand(this.peek())) parts.push(this.parseNear());
      else this.needsBothSides(op);
    }
    if (parts.length > 1) this.hoistDates(firstDate, 'or');
    return flatten('or', parts);
  }

  private parseNear(): QueryNode | null {
    let left = this.parseUnary();
    while (this.peek().t === 'near') {
      const op = this.tokens[this.pos++] as { t: 'near'; distance: number | undefined };
      if (!startsOperand(this.peek())) {
        this.needsBothSides(op);
        continue;
      }
      const right = this.parseUnary();
      if (!left || !right) {
        this.needsBothSides(op);
        left = left ?? right;
      } else {
        left = this.joinNear(left, right, this.nearDistance(op.distance));
      }
    }
    return left;
  }

  /** `a NEAR b`: merges into one NEAR group (a chain takes its largest distance). */
  private joinNear(a: QueryNode, b: QueryNode, distance: number): QueryNode {
    const pa = nearPart(a);
    const pb = nearPart(b);
    if (!pa || !pb || pa.field !== pb.field) {
      this.w.add('Used AND instead of NEAR, which needs a word or phrase on each side, both in the same field.');
      return flatten('and', [a, b]) as QueryNode;
    }
    const near: QueryNode = {
      kind: 'near',
      items: [...pa.items, ...pb.items],
      distance: Math.max(distance, pa.distance, pb.distance),
    };
    return pa.field ? { ...near, field: pa.field } : near;
  }

  private parseUnary(): QueryNode | null {
    const firstDate = this.dates.length;
    let negate = false;
    let negator: Token | null = null;
    let field: Field | undefined;
    let fieldToken: Token | null = null;
    for (;;) {
      const t = this.peek();
      if (t.t === 'minus' || t.t === 'not') {
        negate = !negate;
        negator = t;
      } else if (t.t === 'field' && isTextField(t.name)) {
        if (t.attached) [field, fieldToken] = [t.name, t];
        else this.fieldWithoutWords(t);
      } else {
        break;
      }
      this.pos++;
    }
    if (!startsPrimary(this.peek())) {
      if (negator) this.w.add(`Ignored "${tokenName(negator)}": it needs something after it.`);
      if (fieldToken) this.fieldWithoutWords(fieldToken);
      return null;
    }
    let node = this.parsePrimary();
    if (negate) this.hoistDates(firstDate, 'not');
    if (!node) return null;
    if (field) node = applyField(node, field);
    if (negate) node = node.kind === 'not' ? node.child : { kind: 'not', child: node };
    return node;
  }

  private parsePrimary(): QueryNode | null {
    while (this.peek().t === 'lparen' && this.depth >= MAX_DEPTH) {
      this.pos++;
      this.w.add(`Ignored parentheses nested more than ${MAX_DEPTH} deep.`);
    }
    const t = this.peek();
    switch (t.t) {
      case 'word':
        this.pos++;
        return this.wordLeaf(t.text);
      case 'phrase':
        this.pos++;
        return this.phraseLeaf(t.text);
      case 'lparen':
        return this.parseGroup();
      case 'nearOpen':
        return this.parseNearGroup();
      case 'field':
        if (!isTextField(t.name)) this.parseDate(t);
        return null;
      default:
        return null;
    }
  }

  private parseGroup(): QueryNode | null {
    this.pos++;
    if (this.peek().t === 'rparen') {
      this.pos++;
      this.w.add('Ignored empty parentheses.');
      return null;
    }
    this.depth++;
    const inner = this.parseAnd();
    this.depth--;
    if (this.peek().t === 'rparen') this.pos++;
    else this.w.add('Closed the unfinished parenthesis.');
    return inner;
  }

  /** NEAR(a "b c" d*, 5) */
  private parseNearGroup(): QueryNode | null {
    this.pos++;
    const items: QueryNode[] = [];
    let distance = DEFAULT_NEAR_DISTANCE;
    for (;;) {
      const t = this.peek();
      if (t.t === 'eof') {
        this.w.add('Closed the unfinished parenthesis.');
        break;
      }
      this.pos++;
      if (t.t === 'rparen') break;
      let leaf: QueryNode | null = null;
      if (t.t === 'word') leaf = this.wordLeaf(t.text);
      else if (t.t === 'phrase') leaf = this.phraseLeaf(t.text);
      else if (t.t === 'comma') {
        const n = this.peek();
        if (n.t === 'word' && /^\d+$/.test(n.text)) {
          this.pos++;
          distance = this.nearDistance(Number(n.text));
        } else {
          this.w.add(
            'Ignored a "," in NEAR(...) that was not followed by a distance, as in NEAR(putin lukashenko, 5).',
          );
        }
      } else if (t.t === 'field') {
        this.w.add(`Ignored "${tokenName(t)}" inside NEAR(...); put it before NEAR instead.`);
      } else {
        this.w.add(`Ignored "${tokenName(t)}" inside NEAR(...), which takes only words and phrases.`);
      }
      if (leaf) items.push(leaf);
    }
    if (items.length === 0) {
      this.w.add('Ignored a NEAR(...) with no words in it.');
      return null;
    }
    if (items.length === 1) {
      this.w.add(`NEAR needs at least two words or phrases; searched "${clip(show(items[0]))}" on its own.`);
      return items[0];
    }
    return { kind: 'near', items, distance };
  }

  private parseDate(t: { name: string; attached: boolean }): void {
    if (t.name === 'attr') return this.parseAttribute(t);
    if (t.name === 'set') return this.parseSet(t);
    this.pos++;
    const v = this.peek();
    let value = '';
    if (t.attached && (v.t === 'word' || v.t === 'phrase')) {
      this.pos++;
      value = v.text.trim();
    }
    const filter = readDateFilter(t.name, value, this.w);
    if (filter) this.dates.push(filter);
  }

  /** attr:name=value, attr:"a name"=value, attr:name="a value", attr:"a name"="a value". */
  private parseAttribute(t: { attached: boolean }): void {
    this.pos++;
    const take = (): string | null => {
      const v = this.peek();
      if (v.t !== 'word' && v.t !== 'phrase') return null;
      this.pos++;
      return v.t === 'phrase' ? `"${v.text}"` : v.text;
    };
    let raw = t.attached ? (take() ?? '') : '';
    // A quoted name is followed by "=value" (or by "=" and a quoted value); a plain "name=" by a quoted value.
    while (/^"[^"]*"$/.test(raw) || raw.endsWith('=')) {
      const more = this.peek().t === 'word' || this.peek().t === 'phrase' ? take() : null;
      if (more === null || (!raw.endsWith('=') && !more.startsWith('='))) {
        if (more !== null) this.pos--;
        break;
      }
      raw += more;
      if (!raw.endsWith('=')) break;
    }
    const m = /^(?:"([^"]*)"|([^=]+))=(?:"([^"]*)"|(.+))$/.exec(raw);
    const name = (m?.[1] ?? m?.[2] ?? '').trim();
    const value = (m?.[3] ?? m?.[4] ?? '').trim();
    if (!name || !value) {
      this.w.add(`Ignored "${clip(`attr:${raw}`)}": write an attribute and its value, as in attr:"outlet type"=state.`);
      return;
    }
    this.dates.push({ raw: `attr:${raw}`, from: null, to: null, attribute: { name, value, raw: `attr:${raw}` } });
  }

  /** set:name, set:"a name". */
  private parseSet(t: { attached: boolean }): void {
    this.pos++;
    const v = this.peek();
    const name = t.attached && (v.t === 'word' || v.t === 'phrase') ? v.text.trim() : '';
    if (name) this.pos++;
    const raw = `set:${v.t === 'phrase' ? `"${name}"` : name}`;
    if (!name) {
      this.w.add('Ignored "set:": write the name of a document set right after it, as in set:"March coverage".');
      return;
    }
    this.dates.push({ raw, from: null, to: null, set: { name, raw } });
  }

  private wordLeaf(raw: string): QueryNode | null {
    let end = raw.length;
    while (end > 0 && raw[end - 1] === '*') end--;
    const prefix = end < raw.length;
    let text = raw.slice(0, end);
    let fuzzy: { distance?: number } | undefined;
    const tilde = prefix ? null : /~(\d*)$/.exec(raw);
    if (tilde) {
      text = raw.slice(0, tilde.index);
      fuzzy = tilde[1] ? { distance: this.editDistance(text, Number(tilde[1])) } : {};
    }
    if (!hasWordChar(text)) {
      this.w.add(`Ignored "${clip(raw)}": it has no letters or digits to search for.`);
      return null;
    }
    if (!this.countTerm()) return null;
    return fuzzy ? { kind: 'term', text, prefix, fuzzy } : { kind: 'term', text, prefix };
  }

  private phraseLeaf(raw: string): QueryNode | null {
    const text = raw.trim().replace(/ +/g, ' ');
    if (!text) {
      this.w.add('Ignored an empty pair of quotation marks.');
      return null;
    }
    if (!hasWordChar(text)) {
      this.w.add(`Ignored "${clip(`"${text}"`)}": it has no letters or digits to search for.`);
      return null;
    }
    return this.countTerm() ? { kind: 'phrase', text } : null;
  }

  private countTerm(): boolean {
    if (this.terms >= MAX_TERMS) {
      this.w.add(`Used only the first ${MAX_TERMS} words and phrases of the query.`);
      return false;
    }
    this.terms++;
    return true;
  }

  private nearDistance(d: number | undefined): number {
    if (d === undefined) return DEFAULT_NEAR_DISTANCE;
    if (d <= MAX_NEAR_DISTANCE) return d;
    this.w.add(`Used NEAR distance ${MAX_NEAR_DISTANCE}, the largest allowed.`);
    return MAX_NEAR_DISTANCE;
  }

  private editDistance(text: string, d: number): number {
    if (d <= MAX_EDIT_DISTANCE) return d;
    this.w.add(`Used ${MAX_EDIT_DISTANCE} spelling differences for "${clip(text)}~", the most allowed.`);
    return MAX_EDIT_DISTANCE;
  }

  private needsBothSides(t: Token): void {
    this.w.add(`Ignored "${tokenName(t)}": it needs something on both sides.`);
  }

  private fieldWithoutWords(t: Token): void {
    this.w.add(`Ignored "${tokenName(t)}": put the words right after it, as in ${tokenName(t)}belarus.`);
  }

  private hoistDates(from: number, why: 'or' | 'not'): void {
    for (let i = from; i < this.dates.length; i++) this.dates[i].hoisted ??= why;
  }
}

function nearPart(n: QueryNode): { items: QueryNode[]; field: Field | undefined; distance: number } | null {
  if (n.kind === 'near') return { items: n.items, field: n.field, distance: n.distance };
  if (n.kind !== 'term' && n.kind !== 'phrase') return null;
  const { field, ...item } = n;
  return { items: [item], field, distance: 0 };
}

export function parseQuery(input: string): ParsedQuery {
  const w = new Warnings();
  const parser = new Parser(lex(normalise(typeof input === 'string' ? input : '', w), w), w);
  const root = parser.parseQuery();
  const { dateFrom, dateTo } = combineDates(parser.dates, w);
  const attributes = parser.dates.flatMap((f) => (f.attribute ? [f.attribute] : []));
  const sets = parser.dates.flatMap((f) => (f.set ? [f.set] : []));
  return { root, dateFrom, dateTo, attributes, sets, warnings: w.list };
}
