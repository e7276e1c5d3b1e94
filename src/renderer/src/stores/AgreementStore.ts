import { makeAutoObservable, runInAction } from 'mobx';
import { SEGMENT_OVERLAP } from '../../../shared/agreement.ts';
import type { AgreementLevel, AgreementResult, Disagreement, MethodInput } from '../../../shared/api.ts';
import { fromBase64 } from '../files.ts';
import { messageOf, Request } from './request.ts';
import type { RootStore } from './RootStore.ts';

export type Settle =
  | { action: 'keep'; keepCoder: string }
  | { action: 'both' }
  | { action: 'recode'; codingId: number; newCodeId: number };

/**
 * The Agreement tab of the analysis panel: two coders (and more for alpha),
 * the unit (characters, or segments with an overlap threshold), the engine's
 * agreement table, and the passages where the two coders differ, each to be
 * opened in the reader and settled.
 */
export class AgreementStore {
  private readonly root: RootStore;
  /** The coders the user chose as A and B ('' for none yet): kept while they have codings, else the defaults stand in. */
  private picked = { first: '', second: '' };
  /** More coders, for Krippendorff's alpha. */
  extra: string[] = [];
  level: AgreementLevel = 'character';
  /** Only the documents of this document set. */
  setId: number | null = null;
  /** Segment level: how much two segments must overlap to match, in percent of the text they cover together (MAXQDA's default to start). */
  overlap = SEGMENT_OVERLAP * 100;
  result: AgreementResult | null = null;
  disagreements: Disagreement[] = [];
  /** The key of the disagreement whose recode form is open. */
  recoding: string | null = null;
  /** What the last settle did besides the settling itself, in the engine's words (a value of an exclusive group replaced, two codings merged). */
  settleNotes: string[] = [];
  /** A settle under way (its disagreement's key): its buttons wait. */
  settling: string | null = null;
  /** The table and the disagreements, loaded together. */
  readonly request = new Request();

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<AgreementStore, 'root'>(this, { root: false, request: false });
  }

  /** What the last load, settle or save said when it failed, in the engine's words. */
  get error(): string | null {
    return this.request.error;
  }

  /** The coders worth comparing (those with codings), most codings first: A and B default to the first two. */
  private get ranked(): string[] {
    return [...this.root.coderView.coders].sort((a, b) => b.codings - a.codings).map((c) => c.name);
  }

  /** Coder A: the one chosen while they have codings, else the coder with the most codings (other than B). */
  get first(): string {
    const { first, second } = this.picked;
    if (this.ranked.includes(first)) return first;
    return this.ranked.find((n) => n !== second) ?? '';
  }

  /** Coder B: the one chosen while they have codings, else the coder with the most codings other than A. */
  get second(): string {
    if (this.ranked.includes(this.picked.second)) return this.picked.second;
    return this.ranked.find((n) => n !== this.first) ?? '';
  }

  /** Why there are no figures to show, in words; null when there are. */
  get problem(): string | null {
    if (this.ranked.length < 2)
      return 'Agreement needs codings by at least two coders. Code as another coder (the Coder button at the top), or merge a colleague’s project.';
    if (!this.first || !this.second) return 'Choose two coders.';
    if (this.first === this.second) return 'Choose two different coders.';
    return null;
  }

  /** The coders compared: A and B first, then the others chosen for alpha (while they have codings). */
  get chosen(): string[] {
    return [
      this.first,
      this.second,
      ...this.extra.filter((n) => n !== this.first && n !== this.second && this.ranked.includes(n)),
    ];
  }

  /** What the agreement CSV and the report's section use: these coders and this unit (none until two are chosen). */
  get exportChoice(): { coders: string[]; level: AgreementLevel; overlap: number } | undefined {
    return this.problem ? undefined : { coders: this.chosen, ...this.counting };
  }

  /** How the table and the list are counted, as the engine takes it. */
  private get counting(): { level: AgreementLevel; overlap: number } {
    return { level: this.level, overlap: this.overlap / 100 };
  }

  setFirst(name: string): void {
    this.picked = { ...this.picked, first: name };
    void this.load();
  }

  setSecond(name: string): void {
    this.picked = { ...this.picked, second: name };
    void this.load();
  }

  toggleExtra(name: string): void {
    this.extra = this.extra.includes(name) ? this.extra.filter((n) => n !== name) : [...this.extra, name];
    void this.load();
  }

  chooseSet(setId: number | null): void {
    this.setId = setId;
    void this.load();
  }

  setLevel(level: AgreementLevel): void {
    this.level = level;
    void this.load();
  }

  setOverlap(percent: number): void {
    if (!Number.isFinite(percent)) return;
    this.overlap = Math.min(100, Math.max(1, Math.round(percent)));
    void this.load();
  }

  openRecode(key: string | null): void {
    this.recoding = key;
  }

  /** Reloads the coder list, then the table and the disagreements. */
  async refresh(): Promise<void> {
    try {
      await this.root.coderView.load();
    } catch (e) {
      this.request.fail(messageOf(e));
      return;
    }
    await this.load();
  }

  /** Loads the table and the disagreements of the coders chosen, from the coder list as it is (changes to codings reload it first). */
  async load(): Promise<void> {
    if (this.problem) {
      this.request.clear();
      runInAction(() => {
        this.result = null;
        this.disagreements = [];
      });
      return;
    }
    const scope = { ...this.counting, setId: this.setId ?? undefined };
    const coders = this.chosen;
    const pair: [string, string] = [this.first, this.second];
    await this.request.run(
      () =>
        Promise.all([
          this.root.api.agreement({ coders, ...scope }),
          this.root.api.disagreements({ coders: pair, ...scope }),
        ]),
      ([result, disagreements]) => {
        this.result = result;
        this.disagreements = disagreements;
      },
    );
  }

  /**
   * Opens the passage in the reader, scrolled to the first coding in it, with
   * the two coders compared there (A's codings tinted, B's underlined), so
   * both sides of the disagreement show in the text.
   */
  open(d: Disagreement): void {
    const coding = d.coders.flatMap((c) => c.codings)[0];
    const [first, second] = [d.coders[0]?.name, d.coders[1]?.name];
    if (first && second) void this.root.coderView.setView({ mode: 'two', first, second });
    if (coding) this.root.analysis.openCoding(d.document.id, coding.id);
  }

  /** Settles a disagreement (one undoable step), then reloads the document's codings, the table and the list. */
  async settle(d: Disagreement, how: Settle): Promise<void> {
    if (this.settling) return;
    this.settling = d.key;
    this.settleNotes = [];
    const [first, second] = [this.first, this.second];
    try {
      // The passage as the list showed it: counted the same way.
      const input = {
        coders: [first, second],
        key: d.key,
        ...this.counting,
        ...how,
      } as MethodInput<'settleDisagreement'>;
      const result = await this.root.api.settleDisagreement(input);
      runInAction(() => {
        this.settleNotes = result.notes;
        this.recoding = null;
        // The pair being settled stays A and B, though the settle may change who has the most codings.
        this.picked = { first, second };
      });
      // The analysis panel's refresh, part of the reload, loads this tab when it is showing.
      await this.root.codingsChanged([d.document.id]);
      if (!this.showing) await this.load();
    } catch (e) {
      this.request.fail(messageOf(e));
    } finally {
      runInAction(() => (this.settling = null));
    }
  }

  private get showing(): boolean {
    return this.root.analysis.open && this.root.analysis.tab === 'agreement';
  }

  /** The table as CSV, handed to `save`. */
  async saveCsv(save: (name: string, bytes: Uint8Array) => void): Promise<void> {
    const choice = this.exportChoice;
    if (!choice) return;
    // Not a run of the request: saving must not drop the answer of a load under way.
    try {
      const result = await this.root.api.exportFile({ format: 'agreement-csv', agreement: choice });
      save(result.name, fromBase64(result.base64 ?? ''));
      runInAction(() => (this.request.error = null));
    } catch (e) {
      this.request.fail(messageOf(e));
    }
  }

  /** Drops the comparison of two coders read before (blind coding began: RootStore.forgetWhatWasRead). */
  forget(): void {
    this.result = null;
    this.disagreements = [];
  }
}
