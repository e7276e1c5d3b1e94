import { afterAll, describe, expect, it } from 'vitest';
import { openProject } from '../../src/main/core/db/open.ts';
import { compileQuery, parseQuery } from '../../src/main/core/search/query.ts';
import type { CompileOptions, CompiledQuery } from '../../src/main/core/search/query.ts';
import { prng } from '../../fixtures/random.ts';

const ANY = '{title body} : ';
const compile = (q: string, options?: CompileOptions): CompiledQuery => compileQuery(parseQuery(q), options);
const match = (q: string, options?: CompileOptions): string | null => compile(q, options).match;

// ---------------------------------------------------------------- a real project with three documents

const db = openProject(':memory:');
afterAll(() => db.close());
const insert = db.prepare(
  `INSERT INTO documents (guid,title,body,source,author,published,format,encoding,content_hash,original_hash,original_size,char_count,imported_at)
   VALUES (?,?,?,?,?,?,'txt','utf-8',?,?,0,0,'2024-01-01T00:00:00Z')`,
);
const docs = [
  [
    'Belarus troops gather at the border',
    'Lukashenko said that soldiers from Belarus would stay home. Putin praised Lukashenko in Minsk.',
    'Washington Times',
    'Jane Doe',
    '2022-06-01',
  ],
  [
    'Putin and Lukashenka meet in Sochi',
    'The troops of Belarus were not discussed. Talks about Kyiv lasted for hours.',
    'BBC News',
    'Eliot Higgins',
    '2022-12-19',
  ],
  [
    'Weather in Kiev',
    'Sunny skies, says the Washington weather desk. A troop of tourists visited Belarus.',
    'Kyiv Independent',
    'Times Reporter',
    '2023-01-05',
  ],
];
docs.forEach(([title, body, source, author, published], i) =>
  insert.run(`g${i}`, title, body, source, author, published, `h${i}`, `h${i}`),
);

const matchStmt = db.prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT 5');
const excludeStmt = db.prepare(
  'SELECT id FROM documents WHERE id NOT IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?) ORDER BY id',
);

/** Runs a compiled query on the three documents: the ids it finds, sorted. */
function search(c: CompiledQuery): number[] {
  const rows = c.match ? matchStmt.all(c.match) : c.exclude ? excludeStmt.all(c.exclude) : [];
  return (rows as { rowid?: number; id?: number }[]).map((r) => r.rowid ?? r.id ?? 0).sort();
}
const find = (q: string, options?: CompileOptions): number[] => search(compile(q, options));

/** A resolver over the project's vocabulary: stems within the edit distance (default 1). */
const vocabulary = (db.prepare('SELECT term FROM documents_vocab').all() as { term: string }[]).map((r) => r.term);
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
const resolveVariants = (term: string, distance: number | undefined): string[] =>
  vocabulary.filter((v) => editDistance(v, term.toLowerCase()) <= (distance ?? 1));

// ---------------------------------------------------------------- constructs

describe('words and phrases', () => {
  it('joins words with AND, each searched in title and body', () => {
    expect(match('belarus troops')).toBe(`${ANY}"belarus" AND ${ANY}"troops"`);
    expect(match('belarus AND troops')).toBe(`${ANY}"belarus" AND ${ANY}"troops"`);
    expect(parseQuery('belarus troops').root).toEqual({
      kind: 'and',
      children: [
        { kind: 'term', text: 'belarus', prefix: false },
        { kind: 'term', text: 'troops', prefix: false },
      ],
    });
  });

  it('quotes phrases, straight or typographic', () => {
    expect(match('"belarus troops"')).toBe(`${ANY}"belarus troops"`);
    expect(match('“belarus troops”')).toBe(`${ANY}"belarus troops"`);
    expect(match('„belarus  troops“')).toBe(`${ANY}"belarus troops"`);
    expect(parseQuery('"belarus troops"').root).toEqual({ kind: 'phrase', text: 'belarus troops' });
  });

  it('treats lowercase operators as words', () => {
    expect(match('belarus or russia')).toBe(`${ANY}"belarus" AND ${ANY}"or" AND ${ANY}"russia"`);
    expect(match('not near and')).toBe(`${ANY}"not" AND ${ANY}"near" AND ${ANY}"and"`);
  });

  it('reads a term with inner punctuation as a phrase of the index words in it', () => {
    expect(match("U.S. Belarus's")).toBe(`${ANY}"u s" AND ${ANY}"belarus s"`);
    expect(match('well-known')).toBe(`${ANY}"well known"`);
  });

  it('reads words that name JavaScript object properties as words', () => {
    expect(match('constructor __proto__ toString')).toBe(`${ANY}"constructor" AND ${ANY}"proto" AND ${ANY}"tostring"`);
  });

  it('drops terms with no letters or digits, with a warning', () => {
    const c = compile('&& — belarus 😀');
    expect(c.match).toBe(`${ANY}"belarus"`);
    expect(c.warnings).toEqual([
      'Ignored "&&": it has no letters or digits to search for.',
      'Ignored "—": it has no letters or digits to search for.',
      'Ignored "😀": it has no letters or digits to search for.',
    ]);
    expect(compile('"!!" belarus').warnings).toEqual(['Ignored ""!!"": it has no letters or digits to search for.']);
    expect(compile('"" belarus').warnings).toEqual(['Ignored an empty pair of quotation marks.']);
  });

  it('gives nothing and no warning for an empty query', () => {
    for (const q of ['', '   ', '\t\n\r']) {
      expect(parseQuery(q)).toEqual({
        root: null,
        dateFrom: null,
        dateTo: null,
        attributes: [],
        sets: [],
        warnings: [],
      });
      expect(compile(q)).toEqual({
        match: null,
        exclude: null,
        phrases: [],
        dateFrom: null,
        dateTo: null,
        attributes: [],
        sets: [],
        expansions: [],
        terms: null,
        warnings: [],
      });
    }
  });
});

describe('OR, AND and grouping', () => {
  it('puts OR in parentheses', () => {
    expect(match('belarus OR russia')).toBe(`(${ANY}"belarus" OR ${ANY}"russia")`);
    expect(match('a OR b OR "c d"')).toBe(`(${ANY}"a" OR ${ANY}"b" OR ${ANY}"c d")`);
  });

  it('binds OR tighter than AND, as web search engines do', () => {
    expect(match('a OR b c')).toBe(`(${ANY}"a" OR ${ANY}"b") AND ${ANY}"c"`);
    expect(match('a b OR c')).toBe(`${ANY}"a" AND (${ANY}"b" OR ${ANY}"c")`);
  });

  it('groups with parentheses', () => {
    expect(match('(a b) OR c')).toBe(`((${ANY}"a" AND ${ANY}"b") OR ${ANY}"c")`);
    expect(match('((a))')).toBe(`${ANY}"a"`);
    expect(match('(a (b c))')).toBe(`${ANY}"a" AND ${ANY}"b" AND ${ANY}"c"`);
    expect(match('(a OR (b OR c))')).toBe(`(${ANY}"a" OR ${ANY}"b" OR ${ANY}"c")`);
  });
});

describe('exclusion', () => {
  it('puts positives first, then NOT for each exclusion', () => {
    expect(match('a -b NOT c')).toBe(`${ANY}"a" NOT ${ANY}"b" NOT ${ANY}"c"`);
    expect(match('-b a c')).toBe(`${ANY}"a" AND ${ANY}"c" NOT ${ANY}"b"`);
    expect(match('a -"b c"')).toBe(`${ANY}"a" NOT ${ANY}"b c"`);
    expect(match('a -(b OR c)')).toBe(`${ANY}"a" NOT (${ANY}"b" OR ${ANY}"c")`);
    expect(match('a -(b c)')).toBe(`${ANY}"a" NOT (${ANY}"b" AND ${ANY}"c")`);
  });

  it('cancels a double negation', () => {
    expect(match('a --b')).toBe(`${ANY}"a" AND ${ANY}"b"`);
    expect(match('a NOT -b')).toBe(`${ANY}"a" AND ${ANY}"b"`);
  });

  it('keeps exclusions inside a group that has something to match', () => {
    expect(match('((a -b) OR c) -d')).toBe(`((${ANY}"a" NOT ${ANY}"b") OR ${ANY}"c") NOT ${ANY}"d"`);
  });

  it('sends a query of only exclusions to `exclude`', () => {
    expect(compile('-belarus')).toMatchObject({ match: null, exclude: `${ANY}"belarus"` });
    expect(compile('NOT belarus -"x y"')).toMatchObject({ match: null, exclude: `${ANY}"belarus" OR ${ANY}"x y"` });
    expect(compile('(-a -b)')).toMatchObject({ match: null, exclude: `${ANY}"a" OR ${ANY}"b"` });
  });

  it('drops an exclusion that is an alternative of OR', () => {
    const c = compile('a OR -b');
    expect(c.match).toBe(`${ANY}"a"`);
    expect(c.warnings).toEqual(['Ignored "-b": an exclusion cannot be one of the alternatives of OR.']);
    expect(compile('-a OR -b')).toMatchObject({ match: null, exclude: null });
  });

  it('drops a nested group that only excludes', () => {
    const c = compile('a OR (-b -c)');
    expect(c.match).toBe(`${ANY}"a"`);
    expect(c.warnings).toEqual(['Ignored "(-b -c)": it only excludes, so it needs something to match beside it.']);
  });

  it('warns about a dangling NOT or -', () => {
    expect(compile('a NOT')).toMatchObject({
      match: `${ANY}"a"`,
      warnings: ['Ignored "NOT": it needs something after it.'],
    });
    expect(compile('a -')).toMatchObject({
      match: `${ANY}"a"`,
      warnings: ['Ignored "-": it has no letters or digits to search for.'],
    });
  });
});

describe('prefix', () => {
  it('emits a quoted string followed by *', () => {
    expect(match('lukash*')).toBe(`${ANY}"lukash" *`);
    expect(match('lukash***')).toBe(`${ANY}"lukash" *`);
    expect(parseQuery('lukash*').root).toEqual({ kind: 'term', text: 'lukash', prefix: true });
    expect(compile('*').warnings).toEqual(['Ignored "*": it has no letters or digits to search for.']);
  });
});

describe('spelling variants', () => {
  const fake = (term: string): string[] => [term.toLowerCase(), `${term.toLowerCase()}a`, term.toLowerCase()];

  it('parses ~ and ~n', () => {
    expect(parseQuery('lukashenko~').root).toEqual({ kind: 'term', text: 'lukashenko', prefix: false, fuzzy: {} });
    expect(parseQuery('kiev~2').root).toEqual({ kind: 'term', text: 'kiev', prefix: false, fuzzy: { distance: 2 } });
    expect(parseQuery('kiev~9')).toMatchObject({
      root: { fuzzy: { distance: 3 } },
      warnings: ['Used 3 spelling differences for "kiev~", the most allowed.'],
    });
  });

  it('expands a fuzzy term into an OR of its variants, deduplicated', () => {
    const c = compile('Kiev~2 troops', { resolveVariants: fake });
    expect(c.match).toBe(`(${ANY}"kiev" OR ${ANY}"kieva") AND ${ANY}"troops"`);
    expect(c.expansions).toEqual([{ term: 'Kiev', variants: ['kiev', 'kieva'] }]);
    expect(c.warnings).toEqual([]);
  });

  it('passes the distance to the resolver and applies the field to each variant', () => {
    const calls: [string, number | undefined][] = [];
    const c = compile('title:kiev~1 putin~', { resolveVariants: (t, d) => (calls.push([t, d]), [t, 'kyiv']) });
    expect(calls).toEqual([
      ['kiev', 1],
      ['putin', undefined],
    ]);
    expect(c.match).toBe(`(title : "kiev" OR title : "kyiv") AND (${ANY}"putin" OR ${ANY}"kyiv")`);
  });

  it('uses a single variant without OR, and the plain term when there is none', () => {
    expect(match('kiev~', { resolveVariants: () => ['kyiv'] })).toBe(`${ANY}"kyiv"`);
    const c = compile('zzz~', { resolveVariants: () => [] });
    expect(c.match).toBe(`${ANY}"zzz"`);
    expect(c.expansions).toEqual([{ term: 'zzz', variants: [] }]);
  });

  it('searches the term as written when there is no resolver', () => {
    const c = compile('kiev~');
    expect(c.match).toBe(`${ANY}"kiev"`);
    expect(c.expansions).toEqual([]);
    expect(c.warnings).toEqual(['Spelling variants are not available here, so words were searched as written.']);
  });

  it('treats every plain word as fuzzy with allVariants, but not prefixes or phrases', () => {
    const c = compile('kiev luka* "troops of"', { resolveVariants: fake, allVariants: true });
    expect(c.match).toBe(`(${ANY}"kiev" OR ${ANY}"kieva") AND ${ANY}"luka" * AND ${ANY}"troops of"`);
    expect(c.expansions).toEqual([{ term: 'kiev', variants: ['kiev', 'kieva'] }]);
  });

  it('quotes odd variants safely, drops empty ones, caps their number, survives a failing resolver', () => {
    expect(match('x~', { resolveVariants: () => ['a"b', '', '--', 'c'] })).toBe(`(${ANY}"a""b" OR ${ANY}"c")`);
    const many = compile('x~', { resolveVariants: () => Array.from({ length: 50 }, (_, i) => `v${i}`) });
    expect(many.expansions[0].variants).toHaveLength(32);
    expect(many.warnings).toEqual(['Used only the first 32 spelling variants of "x".']);
    const failing = compile('x~', {
      resolveVariants: () => {
        throw new Error('boom');
      },
    });
    expect(failing.match).toBe(`${ANY}"x"`);
    expect(failing.warnings).toEqual(['Could not look up spelling variants of "x"; searched it as written.']);
  });
});

describe('proximity', () => {
  it('compiles NEAR(...) with the default or a given distance', () => {
    expect(match('NEAR(putin lukashenko)')).toBe(`${ANY}NEAR("putin" "lukashenko", 10)`);
    expect(match('NEAR(putin lukashenko, 5)')).toBe(`${ANY}NEAR("putin" "lukashenko", 5)`);
    expect(match('NEAR(putin "alexander lukashenko",3)')).toBe(`${ANY}NEAR("putin" "alexander lukashenko", 3)`);
  });

  it('compiles the binary forms, merging a chain into one group', () => {
    expect(match('putin NEAR lukashenko')).toBe(`${ANY}NEAR("putin" "lukashenko", 10)`);
    expect(match('putin NEAR/5 lukashenko')).toBe(`${ANY}NEAR("putin" "lukashenko", 5)`);
    expect(match('a NEAR/2 b NEAR/4 c')).toBe(`${ANY}NEAR("a" "b" "c", 4)`);
    expect(match('x putin NEAR/3 "minsk talks" y')).toBe(
      `${ANY}"x" AND ${ANY}NEAR("putin" "minsk talks", 3) AND ${ANY}"y"`,
    );
  });

  it('allows prefixes inside NEAR but not spelling variants', () => {
    const c = compile('NEAR(luka* kiev~)', { resolveVariants: () => ['kyiv'] });
    expect(c.match).toBe(`${ANY}NEAR("luka" * "kiev", 10)`);
    expect(c.warnings).toEqual(['Searched "kiev~" as written: spelling variants cannot be used inside NEAR.']);
  });

  it('repairs malformed NEAR groups', () => {
    expect(compile('NEAR(putin)')).toMatchObject({
      match: `${ANY}"putin"`,
      warnings: ['NEAR needs at least two words or phrases; searched "putin" on its own.'],
    });
    expect(compile('NEAR() a')).toMatchObject({
      match: `${ANY}"a"`,
      warnings: ['Ignored a NEAR(...) with no words in it.'],
    });
    expect(compile('NEAR(a OR b)')).toMatchObject({
      match: `${ANY}NEAR("a" "b", 10)`,
      warnings: ['Ignored "OR" inside NEAR(...), which takes only words and phrases.'],
    });
    expect(compile('NEAR(a b, x)')).toMatchObject({
      match: `${ANY}NEAR("a" "b" "x", 10)`,
      warnings: ['Ignored a "," in NEAR(...) that was not followed by a distance, as in NEAR(putin lukashenko, 5).'],
    });
    expect(compile('NEAR(a b, 5000)')).toMatchObject({
      match: `${ANY}NEAR("a" "b", 1000)`,
      warnings: ['Used NEAR distance 1000, the largest allowed.'],
    });
    expect(compile('NEAR(a title:b)')).toMatchObject({
      match: `${ANY}NEAR("a" "b", 10)`,
      warnings: ['Ignored "title:" inside NEAR(...); put it before NEAR instead.'],
    });
    expect(compile('NEAR(a b')).toMatchObject({
      match: `${ANY}NEAR("a" "b", 10)`,
      warnings: ['Closed the unfinished parenthesis.'],
    });
  });

  it('falls back to AND when NEAR has no word on one side', () => {
    const fallback = 'Used AND instead of NEAR, which needs a word or phrase on each side, both in the same field.';
    expect(compile('a NEAR (b OR c)')).toMatchObject({
      match: `${ANY}"a" AND (${ANY}"b" OR ${ANY}"c")`,
      warnings: [fallback],
    });
    expect(compile('title:a NEAR b')).toMatchObject({ match: `title : "a" AND ${ANY}"b"`, warnings: [fallback] });
    expect(compile('NEAR a')).toMatchObject({
      match: `${ANY}"a"`,
      warnings: ['Ignored "NEAR": it needs something on both sides.'],
    });
    expect(compile('a NEAR/3')).toMatchObject({
      match: `${ANY}"a"`,
      warnings: ['Ignored "NEAR/3": it needs something on both sides.'],
    });
  });
});

describe('fields', () => {
  it('filters a word, phrase, prefix or NEAR group by column', () => {
    expect(match('title:belarus')).toBe('title : "belarus"');
    expect(match('title:"a phrase"')).toBe('title : "a phrase"');
    expect(match('source:"washington times"')).toBe('source : "washington times"');
    expect(match('author:higgins')).toBe('author : "higgins"');
    expect(match('title:luka*')).toBe('title : "luka" *');
    expect(match('Title:NEAR(a b, 2)')).toBe('title : NEAR("a" "b", 2)');
    expect(match('title:a NEAR title:b')).toBe('title : NEAR("a" "b", 10)');
  });

  it('applies a field to every phrase of a group, the innermost field winning', () => {
    expect(match('title:(a OR b)')).toBe('(title : "a" OR title : "b")');
    expect(match('title:(a author:b -c)')).toBe('title : "a" AND author : "b" NOT title : "c"');
    expect(match('x -title:y')).toBe(`${ANY}"x" NOT title : "y"`);
    expect(match('x title:-y')).toBe(`${ANY}"x" NOT title : "y"`);
  });

  it('warns about a field with nothing right after it', () => {
    expect(compile('title: belarus')).toMatchObject({
      match: `${ANY}"belarus"`,
      warnings: ['Ignored "title:": put the words right after it, as in title:belarus.'],
    });
    expect(compile('(title:)')).toMatchObject({
      match: null,
      warnings: expect.arrayContaining(['Ignored "title:": put the words right after it, as in title:belarus.']),
    });
  });

  it('reads an unknown prefix as an ordinary word', () => {
    expect(match('foo:bar')).toBe(`${ANY}"foo bar"`);
  });
});

describe('date filters', () => {
  const dates = (q: string) => {
    const p = parseQuery(q);
    return { from: p.dateFrom, to: p.dateTo, warnings: p.warnings };
  };

  it('expands a year, month or day to its first and last day', () => {
    expect(dates('date:2022')).toEqual({ from: '2022-01-01', to: '2022-12-31', warnings: [] });
    expect(dates('date:2022-12')).toEqual({ from: '2022-12-01', to: '2022-12-31', warnings: [] });
    expect(dates('date:2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29', warnings: [] });
    expect(dates('date:2023-2')).toEqual({ from: '2023-02-01', to: '2023-02-28', warnings: [] });
    expect(dates('date:2022-12-19')).toEqual({ from: '2022-12-19', to: '2022-12-19', warnings: [] });
    expect(dates('DATE:"2022-06"')).toEqual({ from: '2022-06-01', to: '2022-06-30', warnings: [] });
  });

  it('reads inclusive ranges, open on either side', () => {
    expect(dates('date:2022-06..2022-12')).toEqual({ from: '2022-06-01', to: '2022-12-31', warnings: [] });
    expect(dates('date:..2022-06')).toEqual({ from: null, to: '2022-06-30', warnings: [] });
    expect(dates('date:2022-06..')).toEqual({ from: '2022-06-01', to: null, warnings: [] });
    expect(dates('after:2022-06-01')).toEqual({ from: '2022-06-01', to: null, warnings: [] });
    expect(dates('before:2022-12-31')).toEqual({ from: null, to: '2022-12-31', warnings: [] });
    expect(dates('after:2022 before:2023-03')).toEqual({ from: '2022-01-01', to: '2023-03-31', warnings: [] });
    expect(dates('date:2022-12..2022-06')).toEqual({
      from: '2022-06-01',
      to: '2022-12-31',
      warnings: ['Swapped the dates in "date:2022-12..2022-06", which were in reverse order.'],
    });
  });

  it('intersects several filters', () => {
    expect(dates('date:2022 after:2022-06-15')).toEqual({ from: '2022-06-15', to: '2022-12-31', warnings: [] });
    expect(dates('date:2021 date:2022')).toEqual({
      from: '2022-01-01',
      to: '2021-12-31',
      warnings: ['The date filters have no day in common, so nothing can match.'],
    });
  });

  it('ignores invalid dates with a warning', () => {
    const hint = 'it is not a date. Write dates as 2022, 2022-06 or 2022-06-30, and ranges as date:2022-06..2022-12.';
    for (const q of [
      'date:2022-13',
      'date:2022-02-30',
      'date:2023-02-29',
      'date:0000',
      'date:22',
      'after:soon',
      'date:..',
      'date:2022..x',
    ]) {
      expect(dates(q)).toEqual({ from: null, to: null, warnings: [`Ignored "${q}": ${hint}`] });
    }
    expect(dates('date: 2022').warnings).toEqual([`Ignored "date:": ${hint}`]);
  });

  it('is returned apart from the text query', () => {
    const c = compile('belarus date:2022-06 (troops after:2022-06-10)');
    expect(c).toMatchObject({
      match: `${ANY}"belarus" AND ${ANY}"troops"`,
      dateFrom: '2022-06-10',
      dateTo: '2022-06-30',
      warnings: [],
    });
    expect(compile('date:2022')).toMatchObject({ match: null, exclude: null, dateFrom: '2022-01-01' });
  });

  it('hoists a date filter out of OR or a negation, with a warning', () => {
    expect(compile('belarus OR date:2022')).toMatchObject({
      match: `${ANY}"belarus"`,
      dateFrom: '2022-01-01',
      warnings: ['Applied "date:2022" to the whole query: a date filter cannot be an alternative in OR.'],
    });
    expect(compile('belarus -date:2022')).toMatchObject({
      match: `${ANY}"belarus"`,
      dateTo: '2022-12-31',
      warnings: ['Applied "date:2022" to the whole query: a date filter cannot be excluded.'],
    });
    expect(compile('a NOT (b date:2023)').warnings).toEqual([
      'Applied "date:2023" to the whole query: a date filter cannot be excluded.',
    ]);
  });
});

describe('malformed queries', () => {
  it('closes an unfinished quotation mark', () => {
    expect(compile('belarus "troops at')).toMatchObject({
      match: `${ANY}"belarus" AND ${ANY}"troops at"`,
      warnings: ['Closed the unfinished quotation mark.'],
    });
  });

  it('closes unfinished parentheses and ignores stray ones', () => {
    expect(compile('(a OR b')).toMatchObject({
      match: `(${ANY}"a" OR ${ANY}"b")`,
      warnings: ['Closed the unfinished parenthesis.'],
    });
    expect(compile('a) b')).toMatchObject({
      match: `${ANY}"a" AND ${ANY}"b"`,
      warnings: ['Ignored a ")" that had no matching "(".'],
    });
    expect(compile('() a')).toMatchObject({ match: `${ANY}"a"`, warnings: ['Ignored empty parentheses.'] });
  });

  it('ignores operators with nothing to join', () => {
    const w = (op: string) => `Ignored "${op}": it needs something on both sides.`;
    expect(compile('OR a OR')).toMatchObject({ match: `${ANY}"a"`, warnings: [w('OR')] });
    expect(compile('a OR OR b')).toMatchObject({ match: `(${ANY}"a" OR ${ANY}"b")`, warnings: [w('OR')] });
    expect(compile('AND a AND')).toMatchObject({ match: `${ANY}"a"`, warnings: [w('AND')] });
    expect(compile('(OR a)')).toMatchObject({ match: `${ANY}"a"`, warnings: [w('OR')] });
    expect(compile('OR AND NOT NEAR')).toMatchObject({ match: null, exclude: null });
  });

  it('treats control characters, NUL and odd spaces as separators', () => {
    expect(match('belarus\u0000troops\u0007\u2028x\u00a0y\ufeffz')).toBe(
      `${ANY}"belarus" AND ${ANY}"troops" AND ${ANY}"x" AND ${ANY}"y" AND ${ANY}"z"`,
    );
  });

  it('folds what was typed as the index folds it, and replaces lone surrogates', () => {
    expect(match('Minske\u0301')).toBe(`${ANY}"minske"`);
    expect(match('ΚΎΠΡΟΣ')).toBe(`${ANY}"κυπροσ"`);
    expect(match('\ud800abc')).toBe(`${ANY}"abc"`);
  });

  it('cuts very long queries and caps the number of terms', () => {
    const long = compile('a '.repeat(6000));
    expect(long.warnings).toEqual([
      'Cut the query to its first 10,000 characters.',
      'Used only the first 64 words and phrases of the query.',
    ]);
    expect(long.match?.split(' AND ')).toHaveLength(64);
    const one = compile('x'.repeat(20_000));
    expect(one.match).toBe(`${ANY}"${'x'.repeat(10_000)}"`);
  });

  it('survives pathological nesting and repetition without deep recursion', () => {
    const deep = compile('('.repeat(5_000) + 'a' + ')'.repeat(4_999));
    expect(deep.match).toBe(`${ANY}"a"`);
    expect(deep.warnings).toEqual([
      'Ignored parentheses nested more than 12 deep.',
      'Ignored a ")" that had no matching "(".',
    ]);
    expect(compile('('.repeat(20_000)).match).toBeNull();
    expect(compile('(a OR '.repeat(2_000)).match).toBe(`(${Array(64).fill(`${ANY}"a"`).join(' OR ')})`); // nested ORs flatten
    expect(compile('-'.repeat(9_999) + 'a')).toMatchObject({ match: null, exclude: `${ANY}"a"` });
    expect(compile('NOT '.repeat(2_000) + 'a')).toMatchObject({ match: `${ANY}"a"` });
    expect(compile('title:'.repeat(1_500) + 'a')).toMatchObject({ match: 'title : "a"' });
    expect(compile('a NEAR '.repeat(1_000) + 'a').match).toMatch(/^\{title body\} : NEAR\(("a" ){63}"a", 10\)$/);
  });

  it('keeps nesting shallow enough for the FTS5 parser, whose stack overflows near 20 levels', () => {
    // "a AND b NOT c NOT (" holds the most FTS5 parser stack per level of parentheses.
    const nest = (n: number) =>
      Array.from({ length: n }, (_, i) => `a${i} b${i} -c${i} -(`).join('') +
      'title:z~ NEAR(a* "b c", 3)' +
      ')'.repeat(n);
    for (const n of [12, 13, 19, 40]) {
      const c = compile(nest(n), { resolveVariants: (t) => [t, `${t}x`] });
      expect(c.match).not.toBeNull();
      expect(() => matchStmt.all(c.match)).not.toThrow();
    }
    expect(compile(nest(12), { resolveVariants: () => [] }).warnings).toEqual([]);
    expect(compile(nest(13), { resolveVariants: () => [] }).warnings).toEqual([
      'Ignored parentheses nested more than 12 deep.',
      'Ignored a ")" that had no matching "(".',
    ]);
  });
});

// ---------------------------------------------------------------- meaning, on real documents

describe('compiled expressions mean what they say', () => {
  it('tells a phrase from words', () => {
    expect(find('"belarus troops"')).toEqual([1]);
    expect(find('belarus troops')).toEqual([1, 2, 3]); // porter: troop = troops
  });

  it('excludes', () => {
    expect(find('belarus -putin')).toEqual([3]);
    expect(find('belarus NOT putin NOT sochi')).toEqual([3]);
    expect(find('-putin')).toEqual([3]);
    expect(find('-kyiv -minsk')).toEqual([3]); // Kyiv only in doc 3's source, which is not searched
    expect(find('-sochi')).toEqual([1, 3]);
  });

  it('matches prefixes', () => {
    expect(find('lukash*')).toEqual([1, 2]);
    expect(find('lukash')).toEqual([]);
  });

  it('filters by field, and searches only title and body without one', () => {
    expect(find('putin')).toEqual([1, 2]);
    expect(find('title:putin')).toEqual([2]);
    expect(find('source:"washington times"')).toEqual([1]);
    expect(find('"washington times"')).toEqual([]);
    expect(find('washington')).toEqual([3]);
    expect(find('author:higgins')).toEqual([2]);
    expect(find('title:(sochi OR kiev)')).toEqual([2, 3]);
  });

  it('honours NEAR distances', () => {
    expect(find('talks NEAR hours')).toEqual([2]);
    expect(find('talks NEAR/2 hours')).toEqual([]);
    expect(find('NEAR(putin lukashenko, 1)')).toEqual([1]);
    expect(find('NEAR(putin lukash*, 1)')).toEqual([1, 2]);
    expect(find('NEAR(putin lukashenko, 0)')).toEqual([]);
  });

  it('binds OR tighter than AND', () => {
    expect(find('sochi OR minsk soldiers')).toEqual([1]);
    expect(find('sochi OR (minsk soldiers)')).toEqual([1, 2]);
  });

  it('finds spelling variants through the resolver', () => {
    const c = compile('kiev~2', { resolveVariants });
    expect(c.expansions).toEqual([{ term: 'kiev', variants: expect.arrayContaining(['kiev', 'kyiv']) }]);
    expect(search(c)).toEqual([2, 3]);
    expect(find('lukashenko~', { resolveVariants })).toEqual([1, 2]);
    expect(find('lukashenko', { resolveVariants, allVariants: true })).toEqual([1, 2]);
    expect(find('lukashenko')).toEqual([1]);
  });

  it('folds diacritics and case', () => {
    expect(find('MÍNSK')).toEqual([1]);
  });
});

// ---------------------------------------------------------------- property: nothing throws, nothing breaks FTS5

const PIECES = [
  'OR',
  'AND',
  'NOT',
  'NEAR',
  'NEAR/3',
  'NEAR/',
  'NEAR/x',
  'NEAR(',
  'or',
  'near',
  '(',
  ')',
  '((',
  '))',
  '"',
  '""',
  '“',
  '”',
  '„',
  '«',
  '»',
  '-',
  '--',
  '*',
  '~',
  '~2',
  '~99',
  ':',
  ',',
  ', 5',
  '..',
  '^',
  '+',
  '{',
  '}',
  '{title body}',
  "'",
  '\\',
  '&&',
  '||',
  '—',
  '...',
  'title:',
  'source:',
  'author:',
  'date:',
  'after:',
  'before:',
  'TITLE:',
  'url:',
  'date:2022',
  'date:2022-13',
  'date:2022-06..',
  'date:..2022-02-29',
  'belarus',
  'troops',
  'putin',
  'lukash',
  'Lukashenko',
  'kiev',
  'U.S.',
  "Belarus's",
  'Мінск',
  'Лукашенко',
  '北京',
  'ß',
  'İstanbul',
  'café',
  'e\u0301',
  '\u0301',
  '\u0301\u0308',
  '😀',
  '👨‍👩‍👧',
  '🇧🇾',
  '\u200d',
  '\ue000',
  '\u0000',
  '\u0007',
  '\u001b',
  '\t',
  '\n',
  '\r',
  '\u2028',
  '\u00a0',
  '\ufeff',
  '\ud800',
  '\udc00',
  '\uffff',
  '0',
  '42',
  '99999999999999999999',
  'constructor',
  '__proto__',
];

function randomQuery(next: () => number): string {
  const pick = (n: number) => Math.floor(next() * n);
  const parts: string[] = [];
  const count = pick(14);
  for (let i = 0; i < count; i++) {
    const r = next();
    if (r < 0.75) parts.push(PIECES[pick(PIECES.length)]);
    else if (r < 0.9)
      parts.push(String.fromCodePoint(pick(0x11000))); // any code point, surrogates included
    else if (r < 0.97) parts.push(String.fromCharCode(pick(0x80)).repeat(1 + pick(5)));
    else parts.push(PIECES[pick(PIECES.length)].repeat(1 + pick(3000))); // very long tokens
    if (next() < 0.6) parts.push(next() < 0.85 ? ' ' : '\u0000');
  }
  return parts.join('');
}

/** A deeply nested query of real operators, to reach the nesting limits of our parser and of FTS5's. */
function randomNested(next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const atoms = [
    'a',
    'b*',
    'c~',
    'd~1',
    '"d e"',
    'title:f',
    'source:"g h"',
    '-i',
    'NOT j',
    'k NEAR/2 l',
    'NEAR(m n*, 2)',
    'date:2022',
    '😀',
    '&&',
    '(',
  ];
  const ops = [' ', ' AND ', ' OR ', ' NOT ', ' -', ' NEAR ', ' NEAR/3 '];
  const open = ['(', '-(', 'NOT (', 'title:(', '-title:(', 'NEAR('];
  // Mostly one shape repeated at every level, which is what piles up in a parser's stack.
  const [shapeOp, shapeOpen, shapeSiblings] = [pick(ops), pick(open), Math.floor(next() * 3)];
  let q = pick(atoms);
  for (let depth = Math.floor(next() * 45); depth > 0; depth--) {
    const regular = next() < 0.9;
    const siblings = regular
      ? Array.from({ length: shapeSiblings }, (_, i) => `w${depth}x${i}`)
      : [pick(atoms), pick(atoms)];
    const op = regular ? shapeOp : pick(ops);
    const group = `${regular ? shapeOpen : pick(open)}${q}${next() < 0.95 ? ')' : ''}`;
    q = next() < 0.7 ? [...siblings, group].join(op) : [group, ...siblings].join(op);
  }
  return q;
}

/** What is left of an expression outside its quoted strings: FTS5 syntax of ours only. */
const OUR_SYNTAX = /^(?:\s|Q|\{title body\}|title|source|author|:|\*|AND|OR|NOT|NEAR\(|,|\d+|\(|\))*$/;
const outsideQuotes = (expr: string): string => expr.replace(/"(?:[^"]|"")*"/g, ' Q ');

describe('property: any input compiles to FTS5 that SQLite accepts', () => {
  const oddResolver = (term: string, d: number | undefined): string[] =>
    [term, term.toLowerCase(), `${term}"`, '"', '', `x${d ?? ''}`, '(', 'NEAR'].slice(0, 1 + (term.length % 8));
  const optionSets: (CompileOptions | undefined)[] = [
    undefined,
    { resolveVariants: oddResolver },
    { resolveVariants: oddResolver, allVariants: true },
  ];

  /** Parses and compiles `q` three ways, runs every expression in SQLite; returns how many ran. */
  function check(q: string): number {
    let ran = 0;
    const parsed = parseQuery(q);
    expect(parsed.dateFrom === null || /^\d{4}-\d{2}-\d{2}$/.test(parsed.dateFrom)).toBe(true);
    expect(parsed.dateTo === null || /^\d{4}-\d{2}-\d{2}$/.test(parsed.dateTo)).toBe(true);
    expect(parsed.warnings.length).toBeLessThanOrEqual(21);
    for (const options of optionSets) {
      const c = compileQuery(parsed, options);
      expect(c.match !== null && c.exclude !== null, q).toBe(false);
      for (const expr of [c.match, c.exclude]) {
        if (expr === null) continue;
        expect(outsideQuotes(expr), JSON.stringify(q)).toMatch(OUR_SYNTAX);
        expect(expr).not.toMatch(/(^|[^"])""([^"]|$)/); // no empty FTS5 string
        try {
          matchStmt.all(expr);
          ran++;
        } catch (e) {
          throw new Error(
            `SQLite rejected ${JSON.stringify(expr)} compiled from ${JSON.stringify(q)}: ${(e as Error).message}`,
            { cause: e },
          );
        }
      }
    }
    return ran;
  }

  it('holds for 5,000 random strings, with and without spelling variants', () => {
    const next = prng(20240611);
    let ran = 0;
    for (let i = 0; i < 5_000; i++) ran += check(randomQuery(next));
    expect(ran).toBeGreaterThan(5_000);
  });

  it('holds for 1,000 deeply nested queries', () => {
    const next = prng(7);
    let ran = 0;
    for (let i = 0; i < 1_000; i++) ran += check(randomNested(next));
    expect(ran).toBeGreaterThan(2_000);
  });
});

describe('attr: filters', () => {
  it('reads a name and a value, quoted or not, as a filter on the whole query', () => {
    const cases: [string, { name: string; value: string }[]][] = [
      ['attr:region=Europe', [{ name: 'region', value: 'Europe' }]],
      ['attr:"outlet type"=state belarus', [{ name: 'outlet type', value: 'state' }]],
      ['attr:region="Eastern Europe"', [{ name: 'region', value: 'Eastern Europe' }]],
      [
        'attr:"outlet type"="state run" attr:a=b',
        [
          { name: 'outlet type', value: 'state run' },
          { name: 'a', value: 'b' },
        ],
      ],
    ];
    for (const [q, expected] of cases)
      expect(
        parseQuery(q).attributes.map(({ name, value }) => ({ name, value })),
        q,
      ).toEqual(expected);
    expect(parseQuery('attr:"outlet type"=state belarus').root).toEqual({
      kind: 'term',
      text: 'belarus',
      prefix: false,
    });
    expect(parseQuery('attr:"outlet type" belarus')).toMatchObject({
      attributes: [],
      warnings: ['Ignored "attr:"outlet type"": write an attribute and its value, as in attr:"outlet type"=state.'],
    });
  });
});

describe('set: filters', () => {
  it('reads a set’s name, quoted or not, as a filter on the whole query, moved out of OR and NOT with a word', () => {
    expect(parseQuery('set:"March coverage" belarus')).toMatchObject({
      sets: [{ name: 'March coverage', raw: 'set:"March coverage"' }],
      root: { kind: 'term', text: 'belarus' },
      warnings: [],
    });
    expect(parseQuery('SET:sample').sets).toEqual([{ name: 'sample', raw: 'set:sample' }]);
    expect(parseQuery('set:a set:"b c"').sets.map((c) => c.name)).toEqual(['a', 'b c']);
    expect(parseQuery('belarus OR set:sample')).toMatchObject({
      sets: [{ name: 'sample' }],
      warnings: ['Applied "set:sample" to the whole query: a set filter cannot be an alternative in OR.'],
    });
    expect(parseQuery('-set:sample belarus')).toMatchObject({
      sets: [{ name: 'sample' }],
      warnings: ['Applied "set:sample" to the whole query: a set filter cannot be excluded.'],
    });
    expect(parseQuery('set: belarus')).toMatchObject({
      sets: [],
      warnings: ['Ignored "set:": write the name of a document set right after it, as in set:"March coverage".'],
    });
    // The name is never FTS5 syntax: it does not reach MATCH at all.
    expect(compile('set:"x OR y" belarus')).toMatchObject({
      match: '{title body} : "belarus"',
      sets: [{ name: 'x OR y' }],
    });
  });
});

describe('the phrases ranking weighs', () => {
  /** Every phrase the FTS5 expression holds, as FTS5 reads it: a string, with the * that makes it a prefix. */
  const inMatch = (m: string | null) => [...new Set((m ?? '').match(/"(?:[^"]|"")*"(?: \*)?/g) ?? [])].sort();
  const phrases = (q: string, options?: CompileOptions) => compile(q, options).phrases;

  it('are every phrase of the match, once each, those of NOT and NEAR parts too', () => {
    for (const q of [
      'said',
      'said -belarus',
      '"prime minister" OR (kyiv -"x y")',
      'NEAR(economy growth, 10) sanction*',
      'title:election said said',
      'a OR (-b -c)',
      'lukashenko~ belarus',
    ]) {
      const c = compile(q, { resolveVariants });
      expect(c.phrases.map((p) => p.expression).sort(), q).toEqual(inMatch(c.match));
    }
  });

  it('say each phrase as the user would write it, without its column', () => {
    expect(phrases('title:"Prime Minister" -Sanction*')).toEqual([
      { expression: '"prime minister"', shown: 'prime minister' },
      { expression: '"sanction" *', shown: 'sanction*' },
    ]);
    expect(phrases('(-b -c)')).toEqual([]);
    expect(phrases('-b')).toEqual([]);
  });
});
