import { makeAutoObservable, observableRef, runInAction } from 'mobx';
import type {
  AttributeFilter,
  CodeQueryResult,
  KwicLine,
  KwicResult,
  QueryDistance,
  WordsResult,
} from '../../../shared/api.ts';
import { plural } from '../../../shared/text.ts';
import { Latest } from './latest.ts';
import type { RootStore } from './RootStore.ts';

export type QueryOperator = 'AND' | 'OR' | 'NOT' | 'NEAR' | 'FOLLOWED BY';

/** Lines of a concordance brought to the screen at once (the table draws only those in view; the CSV holds them all). */
const KWIC_LINES = 10_000;

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
  kwicError: string | null = null;

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
    makeAutoObservable<AnalystStore, 'root' | 'latestQuery' | 'latestKwic' | 'latestWords'>(this, {
      root: false,
      // Answers are replaced whole, never changed in place: held as they came, not made observable line by line (10,000 lines would be).
      query: observableRef,
      kwic: observableRef,
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
    await this.latestKwic.load(
      () => this.root.api.kwic({ ...this.kwicInput(), limit: KWIC_LINES }),
      (result) => {
        this.kwic = result;
        this.kwicError = null;
      },
      (message) => {
        this.kwic = null;
        this.kwicError = message;
      },
    );
  }

  /** Opens a line's passage: a code's coding, or the search hit (the search is set to the concordance's, so the reader marks the same hits). */
  openLine(line: KwicLine): void {
    if (line.codingId !== null) return this.root.analysis.openCoding(line.documentId, line.codingId);
    const search = this.root.search;
    if (search.query !== this.kwicQuery) search.setQuery(this.kwicQuery);
    const sameDocument = (this.kwic?.lines ?? [])
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
}
