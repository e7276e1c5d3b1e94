import { makeAutoObservable, runInAction } from 'mobx';
import type { AgreementLevel, AgreementResult, Disagreement, MethodInput } from '../../../shared/api.ts';
import type { RootStore } from './RootStore.ts';

export type Settle = { action: 'keep'; keepCoder: string } | { action: 'both' } | { action: 'recode'; codingId: number; newCodeId: number };

/**
 * The Agreement tab of the analysis panel: two coders (and more for alpha),
 * the unit (characters, or segments with an overlap threshold), the engine's
 * agreement table, and the passages where the two coders differ, each to be
 * opened in the reader and settled.
 */
export class AgreementStore {
  private readonly root: RootStore;
  /** Every coder in the project with their number of codings. */
  coders: { name: string; codings: number }[] = [];
  first = '';
  second = '';
  /** More coders, for Krippendorff's alpha. */
  extra: string[] = [];
  level: AgreementLevel = 'character';
  /** Segment level: how much two segments must overlap to match, in percent of the text they cover together. */
  overlap = 90;
  result: AgreementResult | null = null;
  disagreements: Disagreement[] = [];
  /** The key of the disagreement whose recode form is open. */
  recoding: string | null = null;
  /** A settle under way (its disagreement's key): its buttons wait. */
  settling: string | null = null;
  error: string | null = null;
  /** Counts requests, so a slow answer to an older choice never replaces a newer one. */
  private request = 0;

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<AgreementStore, 'root' | 'request'>(this, { root: false, request: false });
  }

  /** Coders who have codings: the ones worth comparing. */
  get coded(): { name: string; codings: number }[] {
    return this.coders.filter((c) => c.codings > 0);
  }

  /** Why there are no figures to show, in words; null when there are. */
  get problem(): string | null {
    if (this.coded.length < 2) return 'Agreement needs codings by at least two coders. Code as another coder (the Coder button at the top), or merge a colleague’s project.';
    if (!this.first || !this.second) return 'Choose two coders.';
    if (this.first === this.second) return 'Choose two different coders.';
    return null;
  }

  /** The coders compared: A and B first, then the others chosen for alpha. */
  get chosen(): string[] {
    return [this.first, this.second, ...this.extra.filter((n) => n !== this.first && n !== this.second)];
  }

  /** What the agreement CSV and the report's section use: these coders and this unit (none until two are chosen). */
  get exportChoice(): { coders: string[]; level: AgreementLevel; overlap: number } | undefined {
    return this.problem ? undefined : { coders: this.chosen, level: this.level, overlap: this.overlap / 100 };
  }

  setFirst(name: string): void {
    this.first = name;
    void this.refresh();
  }

  setSecond(name: string): void {
    this.second = name;
    void this.refresh();
  }

  toggleExtra(name: string): void {
    this.extra = this.extra.includes(name) ? this.extra.filter((n) => n !== name) : [...this.extra, name];
    void this.refresh();
  }

  setLevel(level: AgreementLevel): void {
    this.level = level;
    void this.refresh();
  }

  setOverlap(percent: number): void {
    if (!Number.isFinite(percent)) return;
    this.overlap = Math.min(100, Math.max(1, Math.round(percent)));
    void this.refresh();
  }

  openRecode(key: string | null): void {
    this.recoding = key;
  }

  /** Reloads the coders, the table and the disagreements (after any change to codings). */
  async refresh(): Promise<void> {
    const request = ++this.request;
    try {
      const coders = await this.root.api.listCoders({});
      if (request !== this.request) return;
      runInAction(() => {
        this.coders = coders;
        // By default the two coders with the most codings; a chosen coder stays chosen while they have codings.
        const ranked = [...this.coded].sort((a, b) => b.codings - a.codings).map((c) => c.name);
        const known = (name: string) => ranked.includes(name);
        if (!known(this.first)) this.first = ranked.find((n) => n !== this.second) ?? '';
        if (!known(this.second)) this.second = ranked.find((n) => n !== this.first) ?? '';
        this.extra = this.extra.filter(known);
      });
      if (this.problem) {
        runInAction(() => {
          this.result = null;
          this.disagreements = [];
          this.error = null;
        });
        return;
      }
      const scope = { level: this.level, overlap: this.overlap / 100 };
      const [result, disagreements] = await Promise.all([
        this.root.api.agreement({ coders: this.chosen, ...scope }),
        this.root.api.disagreements({ coders: [this.first, this.second], ...scope }),
      ]);
      if (request !== this.request) return;
      runInAction(() => {
        this.result = result;
        this.disagreements = disagreements;
        this.error = null;
      });
    } catch (e) {
      if (request === this.request) runInAction(() => (this.error = (e as Error).message));
    }
  }

  /**
   * Opens the passage in the reader, scrolled to the first coding in it, with
   * the two coders compared there (A's codings tinted, B's underlined), so
   * both sides of the disagreement show in the text.
   */
  open(d: Disagreement): void {
    const coding = d.coders.flatMap((c) => c.codings)[0];
    const [first, second] = [d.coders[0]?.name, d.coders[1]?.name];
    if (first && second) this.root.coderView.setView({ mode: 'two', first, second });
    if (coding) this.root.analysis.openCoding(d.document.id, coding.id);
  }

  /** Settles a disagreement (one undoable step), then reloads the document's codings, the table and the list. */
  async settle(d: Disagreement, how: Settle): Promise<void> {
    if (this.settling) return;
    this.settling = d.key;
    try {
      const input = { coders: [this.first, this.second], key: d.key, ...how } as MethodInput<'settleDisagreement'>;
      await this.root.api.settleDisagreement(input);
      runInAction(() => (this.recoding = null));
      // The analysis panel's refresh reloads this tab when it is showing.
      await this.root.coding.reloadAfterChangeIn(d.document.id);
      if (!(this.root.analysis.open && this.root.analysis.tab === 'agreement')) await this.refresh();
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
    } finally {
      runInAction(() => (this.settling = null));
    }
  }

  /** The table as CSV, handed to `save`. */
  async saveCsv(save: (name: string, base64: string) => void): Promise<void> {
    const choice = this.exportChoice;
    if (!choice) return;
    try {
      const result = await this.root.api.exportFile({ format: 'agreement-csv', agreement: choice });
      save(result.name, result.base64 ?? '');
      runInAction(() => (this.error = null));
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
    }
  }
}
