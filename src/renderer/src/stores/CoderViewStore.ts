import { makeAutoObservable, runInAction } from 'mobx';
import type { CodingMark } from '../../../shared/api.ts';
import type { RootStore } from './RootStore.ts';

/**
 * Whose codings the reader shows: everyone's; only the current coder's
 * (blind coding: the others' stay hidden while one works — the engine
 * enforces it for every read, so counts, memos and analyses follow); one
 * chosen coder's; or two coders' side by side, each drawn differently.
 */
export type CoderView =
  { mode: 'all' } | { mode: 'mine' } | { mode: 'one'; coder: string } | { mode: 'two'; first: string; second: string };

export interface CoderSummary {
  name: string;
  codings: number;
}

/** A UI store: the coders of the project and which of them the reader shows. */
export class CoderViewStore {
  private readonly root: RootStore;
  coders: CoderSummary[] = [];
  view: CoderView = { mode: 'all' };
  /** Why the last change of view failed, in the user's words. */
  error: string | null = null;
  /**
   * The counts of codings were read for someone who could see more than the coder now may (blind coding began, or
   * another coder took over blind): not shown until everything is read again (RootStore.reload). What the panels
   * hold besides is dropped at once (RootStore.forgetWhatWasRead).
   */
  hiding = false;
  /** Counts each time hiding begins: a reload that began before it does not end it (hidingMark, readAgain). */
  private hidingFrom = 0;

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<CoderViewStore, 'root'>(this, { root: false });
  }

  /** The coders who have codings (a coder who only made codes or memos has nothing to show). */
  async load(): Promise<void> {
    const coders = await this.root.api.listCoders({});
    runInAction(() => (this.coders = coders.filter((c) => c.codings > 0)));
  }

  /** Chooses the view. Going blind, or leaving it, is the engine's setting for this coder: everything is read again. */
  async setView(view: CoderView): Promise<void> {
    const blind = view.mode === 'mine';
    const wasBlind = this.view.mode === 'mine';
    this.view = view;
    if (blind === wasBlind) {
      await this.root.analysis.coderViewChanged();
      return;
    }
    // Going blind: what was read showing everyone's work is hidden at once, not once the engine has answered.
    const hidingBefore = this.hiding;
    if (blind) this.hide();
    try {
      await this.root.api.setCoder({ blind });
      runInAction(() => (this.error = null));
    } catch (e) {
      runInAction(() => {
        this.view = wasBlind ? { mode: 'mine' } : { mode: 'all' };
        this.error = (e as Error).message;
        // Not blind after all: the counts read are what the coder may see (the panels read theirs again below).
        if (blind) this.hiding = hidingBefore;
      });
    }
    await this.root.codingsChanged();
  }

  /**
   * The engine says whether the coder codes blind (at start, or after another coder took over, `newCoder`): the view
   * follows. With `readBefore` (not at start, when nothing was read yet), what was read for someone who could see more
   * is hidden until it is read again.
   */
  followEngine(blind: boolean, { readBefore = false, newCoder = false } = {}): void {
    if (blind && readBefore && (newCoder || this.view.mode !== 'mine')) this.hide();
    if (blind) this.view = { mode: 'mine' };
    else if (this.view.mode === 'mine') this.view = { mode: 'all' };
  }

  /** Drops what the panels hold and hides the counts until everything is read again (hiding). */
  private hide(): void {
    this.hidingFrom++;
    this.hiding = true;
    this.root.forgetWhatWasRead();
  }

  /** Where hiding stands as a reload begins: given back to readAgain when that reload has read everything. */
  get hidingMark(): number {
    return this.hidingFrom;
  }

  /** Everything was read again by a reload that began at `mark`: shown again, unless hiding began after it began. */
  readAgain(mark: number): void {
    if (mark === this.hidingFrom) this.hiding = false;
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
  filter(codings: readonly CodingMark[]): readonly CodingMark[] {
    const shown = this.shown;
    return shown ? codings.filter((c) => shown.includes(c.coder)) : codings;
  }

  /** In the two-coder view, the second coder's codings are drawn differently: true for those. */
  isSecond(coding: CodingMark): boolean {
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
