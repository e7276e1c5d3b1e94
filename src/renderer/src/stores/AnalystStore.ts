import { makeAutoObservable, observableRef, runInAction } from 'mobx';
import type {
  AttributeFilter,
  CodeQueryResult,
  KwicLine,
  KwicResult,
  QueryDistance,
  WordsResult,
} from '../../../shared/api.ts';
import { KWIC_TEXT_BLOCK } from '../../../shared/kwic.ts';
import { plural } from '../../../shared/text.ts';
import { Latest } from './latest.ts';
import type { RootStore } from './RootStore.ts';

export type QueryOperator = 'AND' | 'OR' | 'NOT' | 'NEAR' | 'FOLLOWED BY';

/** Lines of a concordance brought to the screen at once (the table draws only those in view; the CSV holds them all). */
const KWIC_LINES = 10_000;
/** Of those, the lines that come with their text at once (more than a screenful); the others by their place, their text asked for as they come into view. */
const KWIC_TEXTS = 200;
// The lines whose text is asked for together as they come into view: the block of KWIC_TEXT_BLOCK lines a line is
// in (the engine gives each block a stamp of its documents' texts, which is given back with it).

/** A concordance line as the screen holds it: its place, and its text once it has come (null until then). */
export interface ShownKwicLine {
  documentId: number;
  start: number;
  end: number;
  codingId: number | null;
  text: Pick<KwicLine, 'left' | 'hit' | 'right'> | null;
}

/** A code's name as the query language writes it: in double quotes. */
const quoted = (name: string) => `"${name}"`;

/**
 * The analyst's tabs of the analysis panel: code queries (built from two
 * code pickers and an operator, or typed), keyword in context, and word
 * frequencies with a comparison of two scopes. The engine reads, counts and
 * compares; this store holds the choices and the last answers.
 */
export class AnalystStore {
  private readonly root: RootStore;

  // Code query: the builder writes the expression; the expression is what runs.
  codeA: number | null = null;
  codeB: number | null = null;
  operator: QueryOperator = 'AND';
  /** AND and NOT: in overlapping passages, or the same paragraph. */
  paragraph = false;
  distance: QueryDistance = { n: 1, unit: 'paragraph' };
  expression = '';
  queryAttribute: AttributeFilter | null = null;
  query: CodeQueryResult | null = null;
  queryError: string | null = null;
  /** What saving as a code did, in words. */
  saved: string | null = null;

  // Keyword in context.
  kwicQuery = '';
  kwicCode: number | null = null;
  kwicSort: 'document' | 'left' | 'right' = 'document';
  kwicWidth = 60;
  kwic: KwicResult | null = null;
  /** The concordance's lines, in order: the result's lines with their text, then its `more` as their text comes. */
  kwicLines: readonly ShownKwicLine[] = [];
  /** The titles of the documents of the lines with their text, by id. */
  kwicTitles: Readonly<Record<string, string>> = {};
  kwicError: string | null = null;
  /** The blocks of lines (KWIC_TEXT_BLOCK each) whose text has been asked for. */
  private readonly kwicBlocks = new Set<number>();
  /** The width of context the concordance shown was made with (its other lines' text is asked for at it). */
  private kwicMadeWidth = 60;

  // Word frequencies.
  wordsAttribute: AttributeFilter | null = null;
  compareAttribute: AttributeFilter | null = null;
  wordsCode: number | null = null;
  words: WordsResult | null = null;
  wordsError: string | null = null;
  counting = false;
  /** How far the count under way has got, as the engine tells it; null before it first says (or says nothing to count). */
  wordsProgress: { done: number; total: number } | null = null;

  private readonly latestQuery = new Latest();
  private readonly latestKwic = new Latest();
  private readonly latestWords = new Latest();

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<
      AnalystStore,
      'root' | 'latestQuery' | 'latestKwic' | 'latestWords' | 'kwicBlocks' | 'kwicMadeWidth'
    >(this, {
      root: false,
      // Answers are replaced whole, never changed in place: held as they came, not made observable line by line (10,000 lines would be).
      query: observableRef,
      kwic: observableRef,
      kwicLines: observableRef,
      kwicTitles: observableRef,
      kwicBlocks: false,
      kwicMadeWidth: false,
      latestQuery: false,
      latestKwic: false,
      latestWords: false,
    });
  }

  private codeName(id: number | null): string | null {
    return this.root.coding.codes.find((c) => c.id === id)?.name ?? null;
  }

  /** Sets a part of the builder, and writes the expression from it when both codes are chosen. */
  build(change: Partial<Pick<AnalystStore, 'codeA' | 'codeB' | 'operator' | 'paragraph' | 'distance'>>): void {
    Object.assign(this, change);
    const [a, b] = [this.codeName(this.codeA), this.codeName(this.codeB)];
    if (a === null) return;
    if (b === null) {
      this.expression = quoted(a);
      return;
    }
    const suffix =
      this.operator === 'AND' || this.operator === 'NOT'
        ? this.paragraph
          ? '/P'
          : ''
        : this.operator === 'OR'
          ? ''
          : `/${this.distance.n}${this.distance.unit === 'paragraph' ? 'P' : 'C'}`;
    this.expression = `${quoted(a)} ${this.operator}${suffix} ${quoted(b)}`;
  }

  setExpression(text: string): void {
    this.expression = text;
  }

  setQueryAttribute(attribute: AttributeFilter | null): void {
    this.queryAttribute = attribute;
    if (this.query) void this.runQuery();
  }

  private queryInput() {
    return { query: this.expression, attribute: this.queryAttribute ?? undefined, coders: this.root.coderView.shown };
  }

  /** Runs the query; `fresh` when the user asks (what the last save did is then no longer news). */
  async runQuery(fresh = false): Promise<void> {
    if (fresh) this.saved = null;
    await this.latestQuery.load(
      () => this.root.api.codeQuery({ ...this.queryInput(), limit: 500 }),
      (result) => {
        this.query = result;
        this.queryError = null;
      },
      (message) => {
        this.query = null;
        this.queryError = message;
      },
    );
  }

  /** Codes what the query finds with a new code (one step, undoable), then reloads the codebook and the reader. */
  async saveAsCode(name: string): Promise<void> {
    try {
      const r = await this.root.api.saveCodeQuery({ ...this.queryInput(), name });
      runInAction(() => {
        this.saved =
          `Coded ${plural(r.passages, 'passage')} in ${plural(r.documents, 'document')} as “${r.code.name}” (Undo takes it back). ${r.notes.join(' ')}`.trim();
        this.queryError = null;
      });
      await this.root.codingsChanged();
    } catch (e) {
      runInAction(() => (this.queryError = (e as Error).message));
    }
  }

  setKwic(change: Partial<Pick<AnalystStore, 'kwicQuery' | 'kwicCode' | 'kwicSort' | 'kwicWidth'>>): void {
    Object.assign(this, change);
    if (change.kwicSort !== undefined && this.kwic) void this.runKwic();
  }

  private kwicInput() {
    const byCode = this.kwicCode !== null && !this.kwicQuery.trim();
    return {
      ...(byCode ? { codeId: this.kwicCode! } : { query: this.kwicQuery }),
      sort: this.kwicSort,
      width: this.kwicWidth,
      coders: this.root.coderView.shown,
    };
  }

  async runKwic(): Promise<void> {
    const input = { ...this.kwicInput(), limit: KWIC_LINES, texts: KWIC_TEXTS };
    await this.latestKwic.load(
      () => this.root.api.kwic(input),
      (result) => {
        this.kwic = result;
        this.kwicMadeWidth = input.width;
        this.kwicLines = [
          ...result.lines.map(({ left, hit, right, ...place }) => ({ ...place, text: { left, hit, right } })),
          ...result.more.map(([documentId, start, end, codingId]) => ({
            documentId,
            start,
            end,
            codingId,
            text: null,
          })),
        ];
        this.kwicTitles = result.titles;
        this.kwicBlocks.clear();
        this.kwicError = null;
      },
      (message) => {
        this.kwic = null;
        this.kwicLines = [];
        this.kwicError = message;
      },
    );
  }

  /**
   * Brings the text of the concordance's lines from `first` to `last` (not included) that have none yet: the
   * lines of each block they are in, each block once. An answer for a concordance since replaced is dropped.
   */
  async kwicTextsFor(first: number, last: number): Promise<void> {
    const lines = this.kwicLines;
    const blocks: number[] = [];
    for (let b = Math.floor(first / KWIC_TEXT_BLOCK); b * KWIC_TEXT_BLOCK < last; b++)
      if (!this.kwicBlocks.has(b) && lines.slice(Math.max(first, b * KWIC_TEXT_BLOCK), last).some((l) => !l.text))
        blocks.push(b);
    if (!blocks.length || !this.kwic) return;
    const width = this.kwicMadeWidth;
    const stamps = this.kwic.stamps;
    const current = this.latestKwic.current();
    await Promise.all(
      blocks.map(async (b) => {
        this.kwicBlocks.add(b);
        const at: number[] = [];
        for (let k = b * KWIC_TEXT_BLOCK; k < Math.min(lines.length, (b + 1) * KWIC_TEXT_BLOCK); k++)
          if (!lines[k]!.text) at.push(k);
        try {
          const answer = await this.root.api.kwicTexts({
            lines: at.map((k) => [lines[k]!.documentId, lines[k]!.start, lines[k]!.end]),
            width,
            stamp: stamps[b]!,
          });
          if (!current()) return;
          runInAction(() => {
            const filled = [...this.kwicLines];
            at.forEach((k, i) => (filled[k] = { ...filled[k]!, text: answer.texts[i]! }));
            this.kwicLines = filled;
            this.kwicTitles = { ...this.kwicTitles, ...answer.titles };
          });
        } catch (e) {
          if (current()) runInAction(() => (this.kwicError = (e as Error).message));
        }
      }),
    );
  }

  /** Opens a line's passage: a code's coding, or the search hit (the search is set to the concordance's, so the reader marks the same hits). */
  openLine(line: ShownKwicLine): void {
    if (line.codingId !== null) return this.root.analysis.openCoding(line.documentId, line.codingId);
    const search = this.root.search;
    if (search.query !== this.kwicQuery) search.setQuery(this.kwicQuery);
    const sameDocument = this.kwicLines
      .filter((l) => l.documentId === line.documentId)
      .sort((a, b) => a.start - b.start);
    const empty = this.root.panes.panes.findIndex((p) => p.documentId === null);
    if (empty >= 0) this.root.panes.focus(empty);
    this.root.panes.open(line.documentId, { hit: Math.max(0, sameDocument.indexOf(line)) });
  }

  setWords(change: Partial<Pick<AnalystStore, 'wordsAttribute' | 'compareAttribute' | 'wordsCode'>>): void {
    Object.assign(this, change);
    void this.runWords();
  }

  private wordsInput() {
    const scope = { attribute: this.wordsAttribute ?? undefined, codeId: this.wordsCode ?? undefined };
    const compare = this.compareAttribute
      ? { attribute: this.compareAttribute, codeId: this.wordsCode ?? undefined }
      : undefined;
    return { scope, compare, top: 40, coders: this.root.coderView.shown };
  }

  /** The engine's progress of a count of words (this window's, or one made elsewhere while this one counts too). */
  heardWords(event: { done: number; total: number }): void {
    if (this.counting && event.total > 0) this.wordsProgress = { done: event.done, total: event.total };
  }

  async runWords(): Promise<void> {
    this.counting = true;
    this.wordsProgress = null;
    await this.latestWords.load(
      () => this.root.api.wordFrequencies(this.wordsInput()),
      (result) => {
        this.words = result;
        this.wordsError = null;
        this.counting = false;
      },
      (message) => {
        this.words = null;
        this.wordsError = message;
        this.counting = false;
      },
    );
  }

  /** Clicking a word searches for it. */
  searchWord(word: string): void {
    this.root.search.setQuery(word);
  }

  /** The whole table of a tab (every row, not only those listed) as a CSV file, handed to `save` (the view offers it as a download). */
  async downloadCsv(kind: 'query' | 'kwic' | 'words', save: (name: string, bytes: Uint8Array) => void): Promise<void> {
    try {
      const request =
        kind === 'query'
          ? { kind, input: this.queryInput() }
          : kind === 'kwic'
            ? { kind, input: this.kwicInput() }
            : { kind, input: this.wordsInput() };
      const csv = await this.root.api.analysisCsv(request);
      save(
        csv.name,
        Uint8Array.from(atob(csv.base64), (c) => c.charCodeAt(0)),
      );
    } catch (e) {
      const message = (e as Error).message;
      runInAction(() => {
        if (kind === 'query') this.queryError = message;
        else if (kind === 'kwic') this.kwicError = message;
        else this.wordsError = message;
      });
    }
  }

  /** Drops the query's, the concordance's and the word counts' results read before (blind coding began: RootStore.forgetWhatWasRead), saying so where each was; they run again when asked. */
  forget(): void {
    const again = (what: string) => `${what} was put away as blind coding began: run it again to see your own codings.`;
    if (this.query) this.queryError = again('The query’s result');
    if (this.kwic) this.kwicError = again('The concordance');
    if (this.words) this.wordsError = again('The word count');
    this.query = null;
    this.kwic = null;
    this.kwicLines = [];
    this.words = null;
  }
}
