import { makeAutoObservable, runInAction } from 'mobx';
import type { AttributeFilter, CodedSegment, CodeGroup, StanceBase, StanceBy, StanceOverview, StanceRow } from '../../../shared/api.ts';
import { Latest } from './latest.ts';
import type { RootStore } from './RootStore.ts';

/**
 * The stance overview in the analysis panel: a code group (a stance dimension),
 * rows by document, source, year or month, and the passages of one value in
 * one row when the user picks it.
 */
export class StanceStore {
  private readonly root: RootStore;
  /** The group chosen; null follows the first group offered. */
  groupId: number | null = null;
  by: StanceBy = 'document';
  /** Only the documents with this value of an attribute. */
  attribute: AttributeFilter | null = null;
  /** Only the documents of this document set. */
  setId: number | null = null;
  /** The shares are of the coded text (which way it leans), or of all the text. */
  base: StanceBase = 'coded';
  overview: StanceOverview | null = null;
  /** The row (by key, or 'total') and value whose passages are listed. */
  selected: { row: string; codeId: number } | null = null;
  segments: CodedSegment[] = [];
  error: string | null = null;
  private readonly latest = new Latest();
  /** Loads of the listed passages alone (picking a value reloads no overview). */
  private readonly latestSegments = new Latest();

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<StanceStore, 'root' | 'latest' | 'latestSegments'>(this, { root: false, latest: false, latestSegments: false });
  }

  /** The groups to choose from: stance dimensions (exclusive groups) first. */
  get groups(): CodeGroup[] {
    const groups = this.root.coding.codebook.groups;
    return [...groups.filter((g) => g.exclusive), ...groups.filter((g) => !g.exclusive)];
  }

  get group(): CodeGroup | null {
    return this.groups.find((g) => g.id === this.groupId) ?? this.groups[0] ?? null;
  }

  get selectedRow(): StanceRow | null {
    return this.overview ? rowOf(this.overview, this.selected) : null;
  }

  choose(groupId: number): void {
    this.groupId = groupId;
    this.selected = null;
    void this.refresh();
  }

  setAttribute(attribute: AttributeFilter | null): void {
    this.attribute = attribute;
    this.selected = null;
    void this.refresh();
  }

  chooseSet(setId: number | null): void {
    this.setId = setId;
    this.selected = null;
    void this.refresh();
  }

  groupBy(by: StanceBy): void {
    this.by = by;
    this.selected = null;
    void this.refresh();
  }

  shareOf(base: StanceBase): void {
    this.base = base;
    void this.refresh();
  }

  /** Lists (or, picked again, hides) the passages of a value in a row; the overview stays as it is. */
  select(row: string, codeId: number): void {
    this.selected = this.selected?.row === row && this.selected.codeId === codeId ? null : { row, codeId };
    void this.loadSegments();
  }

  /** Reloads the overview, and the passages listed (after any change to codings or to the coders shown). */
  async refresh(): Promise<void> {
    const group = this.group;
    const current = this.latest.start();
    const currentSegments = this.latestSegments.start();
    if (!group) {
      runInAction(() => (this.overview = null));
      return;
    }
    try {
      // Blind coding, or one coder's view: count the coders the reader shows.
      const overview = await this.root.api.stanceOverview({ groupId: group.id, by: this.by, base: this.base, attribute: this.attribute ?? undefined, setId: this.setId ?? undefined, coders: this.root.coderView.shown });
      const row = rowOf(overview, this.selected);
      const segments = await this.segmentsIn(row);
      if (!current()) return;
      runInAction(() => {
        this.overview = overview;
        if (currentSegments()) {
          if (!row) this.selected = null;
          this.segments = segments;
        }
        this.error = null;
      });
    } catch (e) {
      if (current()) runInAction(() => (this.error = (e as Error).message));
    }
  }

  private loadSegments(): Promise<void> {
    return this.latestSegments.load(
      () => this.segmentsIn(this.selectedRow),
      (segments) => (this.segments = segments),
      (message) => (this.error = message),
    );
  }

  /** The passages of the value selected in `row` (none without a selection). */
  private async segmentsIn(row: StanceRow | null): Promise<CodedSegment[]> {
    const selected = this.selected;
    return selected && row ? this.root.api.codedSegments({ codeIds: [selected.codeId], documentIds: row.documentIds, coders: this.root.coderView.shown }) : [];
  }
}

/** The row picked (by key, or 'total') in an overview, if it has it. */
function rowOf(overview: StanceOverview, selected: { row: string } | null): StanceRow | null {
  if (!selected) return null;
  return selected.row === 'total' ? overview.total : (overview.rows.find((r) => r.key === selected.row) ?? null);
}
