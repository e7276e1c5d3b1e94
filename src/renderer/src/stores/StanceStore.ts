import { makeAutoObservable, runInAction } from 'mobx';
import type {
  AttributeFilter,
  CodedSegment,
  CodeGroup,
  StanceBase,
  StanceBy,
  StanceOverview,
  StanceRow,
} from '../../../shared/api.ts';
import { Request } from './request.ts';
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
  readonly request = new Request();
  /** Loads of the listed passages alone (picking a value reloads no overview). */
  readonly segmentsRequest = new Request();

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<StanceStore, 'root'>(this, { root: false, request: false, segmentsRequest: false });
  }

  /** What the last load of the overview or of the passages listed said when it failed. */
  get error(): string | null {
    return this.request.error ?? this.segmentsRequest.error;
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
    const currentSegments = this.segmentsRequest.begin();
    if (!group) {
      this.request.clear();
      runInAction(() => (this.overview = null));
      return;
    }
    await this.request.run(
      async () => {
        // Blind coding, or one coder's view: count the coders the reader shows.
        const overview = await this.root.api.stanceOverview({
          groupId: group.id,
          by: this.by,
          base: this.base,
          attribute: this.attribute ?? undefined,
          setId: this.setId ?? undefined,
          coders: this.root.coderView.shown,
        });
        const row = rowOf(overview, this.selected);
        return { overview, row, segments: await this.segmentsIn(row) };
      },
      ({ overview, row, segments }) => {
        this.overview = overview;
        if (currentSegments()) {
          this.segmentsRequest.clear();
          if (!row) this.selected = null;
          this.segments = segments;
        }
      },
    );
  }

  private async loadSegments(): Promise<void> {
    await this.segmentsRequest.run(
      () => this.segmentsIn(this.selectedRow),
      (segments) => (this.segments = segments),
    );
  }

  /** The passages of the value selected in `row` (none without a selection). */
  private async segmentsIn(row: StanceRow | null): Promise<CodedSegment[]> {
    const selected = this.selected;
    return selected && row
      ? this.root.api.codedSegments({
          codeIds: [selected.codeId],
          documentIds: row.documentIds,
          coders: this.root.coderView.shown,
        })
      : [];
  }

  /** Drops the overview and passages read before (blind coding began: RootStore.forgetWhatWasRead). */
  forget(): void {
    this.overview = null;
    this.segments = [];
  }
}

/** The row picked (by key, or 'total') in an overview, if it has it. */
function rowOf(overview: StanceOverview, selected: { row: string } | null): StanceRow | null {
  if (!selected) return null;
  return selected.row === 'total' ? overview.total : (overview.rows.find((r) => r.key === selected.row) ?? null);
}
