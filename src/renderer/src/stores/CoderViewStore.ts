import { makeAutoObservable, runInAction } from 'mobx';
import type { Coding } from '../../../shared/api.ts';
import type { RootStore } from './RootStore.ts';

/**
 * Whose codings the reader shows: everyone's; only the current coder's
 * (blind coding: the others' stay hidden while one works); one chosen coder's;
 * or two coders' side by side, each drawn differently, to compare them.
 */
export type CoderView = { mode: 'all' } | { mode: 'mine' } | { mode: 'one'; coder: string } | { mode: 'two'; first: string; second: string };

export interface CoderSummary {
  name: string;
  codings: number;
}

/** A UI store: the coders of the project and which of them the reader shows. */
export class CoderViewStore {
  private readonly root: RootStore;
  coders: CoderSummary[] = [];
  view: CoderView = { mode: 'all' };

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<CoderViewStore, 'root'>(this, { root: false });
  }

  /** The coders who have codings (a coder who only made codes or memos has nothing to show). */
  async load(): Promise<void> {
    const coders = await this.root.api.listCoders({});
    runInAction(() => (this.coders = coders.filter((c) => c.codings > 0)));
  }

  setView(view: CoderView): void {
    this.view = view;
    void this.root.analysis.coderViewChanged();
  }

  /** The coders whose codings show, or undefined for everyone's (as the engine's `coders` inputs take it). */
  get shown(): string[] | undefined {
    const v = this.view;
    if (v.mode === 'all') return undefined;
    if (v.mode === 'mine') return [this.root.coding.coder];
    if (v.mode === 'one') return [v.coder];
    return [v.first, v.second];
  }

  /** The codings of `codings` the view shows (the same array when it shows everyone's). */
  filter(codings: readonly Coding[]): readonly Coding[] {
    const shown = this.shown;
    return shown ? codings.filter((c) => shown.includes(c.coder)) : codings;
  }

  /** In the two-coder view, the second coder's codings are drawn differently: true for those. */
  isSecond(coding: Coding): boolean {
    return this.view.mode === 'two' && coding.coder === this.view.second;
  }

  /** What the view shows, in words, for the toolbar. */
  get label(): string {
    const v = this.view;
    if (v.mode === 'all') return 'All coders';
    if (v.mode === 'mine') return `Only mine (${this.root.coding.coder}): others hidden`;
    if (v.mode === 'one') return `Only ${v.coder}`;
    return `${v.first} and ${v.second}`;
  }
}
