import { makeAutoObservable, runInAction } from 'mobx';
import type { CodedSegment, CodeGroup, StanceGrouping, StanceOverview, StanceRow } from '../../../shared/api.ts';
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
  by: StanceGrouping = 'document';
  overview: StanceOverview | null = null;
  /** The row (by key, or 'total') and value whose passages are listed. */
  selected: { row: string; codeId: number } | null = null;
  segments: CodedSegment[] = [];
  error: string | null = null;
  private request = 0;

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<StanceStore, 'root' | 'request'>(this, { root: false, request: false });
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
    const o = this.overview;
    if (!o || !this.selected) return null;
    return this.selected.row === 'total' ? o.total : (o.rows.find((r) => r.key === this.selected!.row) ?? null);
  }

  choose(groupId: number): void {
    this.groupId = groupId;
    this.selected = null;
    void this.refresh();
  }

  groupBy(by: StanceGrouping): void {
    this.by = by;
    this.selected = null;
    void this.refresh();
  }

  /** Lists (or, picked again, hides) the passages of a value in a row. */
  select(row: string, codeId: number): void {
    this.selected = this.selected?.row === row && this.selected.codeId === codeId ? null : { row, codeId };
    void this.refresh();
  }

  /** Reloads the overview, and the passages listed (after any change to codings or to the coders shown). */
  async refresh(): Promise<void> {
    const group = this.group;
    const request = ++this.request;
    if (!group) {
      runInAction(() => (this.overview = null));
      return;
    }
    // Blind coding, or one coder's view: count the coders the reader shows.
    const coders = this.root.coderView.shown ?? undefined;
    try {
      const overview = await this.root.api.stanceOverview({ groupId: group.id, by: this.by, coders });
      const selected = this.selected;
      const row = selected && (selected.row === 'total' ? overview.total : overview.rows.find((r) => r.key === selected.row));
      const segments = selected && row ? await this.root.api.codedSegments({ codeIds: [selected.codeId], documentIds: row.documentIds, coders }) : [];
      if (request !== this.request) return;
      runInAction(() => {
        this.overview = overview;
        if (!row) this.selected = null;
        this.segments = segments;
        this.error = null;
      });
    } catch (e) {
      if (request === this.request) runInAction(() => (this.error = (e as Error).message));
    }
  }
}
