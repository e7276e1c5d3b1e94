import { makeAutoObservable } from 'mobx';
import type { CleanupPreview } from '../../../shared/api.ts';
import { Request } from './request.ts';
import type { RootStore } from './RootStore.ts';

/**
 * Removing scraped page furniture: the rules to choose from, every line that
 * would go, and removing them as one step. One per dialog (and one per
 * import report, which only counts the lines).
 */
export class CleanupStore {
  private readonly root: RootStore;
  private readonly documentIds: number[] | undefined;
  rules: { id: string; label: string }[] = [];
  /** The rules chosen; null until the rules are loaded (the engine's defaults). */
  chosen: string[] | null = null;
  preview: CleanupPreview[] | null = null;
  /** What the last removal did, in words. */
  done: string | null = null;
  readonly loading = new Request();
  readonly applying = new Request();

  constructor(root: RootStore, documentIds?: number[]) {
    this.root = root;
    this.documentIds = documentIds;
    makeAutoObservable<CleanupStore, 'root' | 'documentIds'>(this, {
      root: false,
      documentIds: false,
      loading: false,
      applying: false,
    });
  }

  /** The lines that would go. */
  get lines(): number {
    return this.preview?.reduce((n, d) => n + d.removed.length, 0) ?? 0;
  }

  /** Loads the rules, all chosen, and what they would remove. */
  async load(): Promise<void> {
    const rules = await this.loading.run(() => this.root.api.cleanupRules({}));
    if (!rules) return;
    this.setRules(rules);
    await this.refresh();
  }

  private setRules(rules: { id: string; label: string }[]): void {
    this.rules = rules;
    this.chosen = rules.map((r) => r.id);
  }

  toggle(id: string, on: boolean): void {
    const chosen = this.chosen ?? [];
    this.chosen = on ? [...chosen, id] : chosen.filter((x) => x !== id);
    void this.refresh();
  }

  /** What the rules chosen (the engine's defaults before any are loaded) would remove. */
  async refresh(): Promise<void> {
    await this.loading.run(
      () => this.root.api.previewCleanup({ documentIds: this.documentIds, rules: this.chosen ?? undefined }),
      (p) => (this.preview = p),
    );
  }

  /** Removes the lines previewed, as one undoable step, and says what it did to the codings. */
  async apply(): Promise<void> {
    const preview = this.preview;
    if (!preview?.length || !this.chosen || this.applying.loading) return;
    this.done = null;
    const r = await this.applying.run(() =>
      this.root.api.cleanupDocuments({ documentIds: preview.map((d) => d.documentId), rules: this.chosen! }),
    );
    if (!r) return;
    this.done = `Removed ${r.lines} lines from ${r.documents === 1 ? 'one document' : `${r.documents} documents`}. Codings: ${r.kept} in place, ${r.moved} found again${r.orphaned ? `, ${r.orphaned} without a place (listed in their panes)` : ''}. Undo brings the lines back.`;
    await this.root.documentsChanged();
    await this.refresh();
  }
}
