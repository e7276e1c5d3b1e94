import { makeAutoObservable } from 'mobx';
import type { MethodInput } from '../../../shared/api.ts';
import { Request } from './request.ts';
import type { RootStore } from './RootStore.ts';

/** Correcting a document's details, and deleting documents: each one undoable step, after which every view that shows documents reloads. */
export class DocumentEditStore {
  private readonly root: RootStore;
  readonly request = new Request();

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<DocumentEditStore, 'root'>(this, { root: false, request: false });
  }

  /** Saves changed details; true when they were saved (else request.error says why). */
  update(changes: MethodInput<'updateDocument'>): Promise<boolean> {
    return this.change(() => this.root.api.updateDocument(changes));
  }

  /** Deletes documents with their codings and memos; true when they were deleted. */
  remove(ids: number[]): Promise<boolean> {
    return this.change(() => this.root.api.deleteDocuments({ ids }));
  }

  private async change(write: () => Promise<unknown>): Promise<boolean> {
    const done = await this.request.run(async () => {
      await write();
      // Titles, sources and dates show in the library, the search, the panes and the analysis (a matrix by source or year).
      await this.root.documentsChanged();
      return true;
    });
    return done ?? false;
  }
}
