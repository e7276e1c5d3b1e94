import { makeAutoObservable } from 'mobx';
import type { MemoSet, MemoTarget } from '../../../shared/api.ts';
import { Request } from './request.ts';
import type { RootStore } from './RootStore.ts';

/** The memos on one document or code: the coder's own to write, the others' to read. One per memo shown. */
export class MemoStore {
  private readonly root: RootStore;
  readonly target: Exclude<MemoTarget, 'coding'>;
  readonly id: number;
  memos: MemoSet | null = null;
  readonly request = new Request();

  constructor(root: RootStore, target: Exclude<MemoTarget, 'coding'>, id: number) {
    this.root = root;
    this.target = target;
    this.id = id;
    makeAutoObservable<MemoStore, 'root'>(this, { root: false, request: false });
  }

  async load(): Promise<void> {
    await this.request.run(
      () => this.root.api.getMemo({ target: this.target, id: this.id }),
      (memos) => (this.memos = memos),
    );
  }

  /** Writes the coder's memo (empty removes it), then shows it as stored; `documentId` names the document whose codings show it. */
  async save(text: string, documentId?: number): Promise<void> {
    await this.root.coding.setMemo(this.target, this.id, text, documentId);
    await this.load();
  }
}
