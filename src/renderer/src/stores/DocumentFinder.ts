import { makeAutoObservable } from 'mobx';
import type { DocumentSummary } from '../../../shared/api.ts';
import { Request } from './request.ts';
import type { RootStore } from './RootStore.ts';

/** Documents found by title, source or author as one types (the export dialog's chooser): the first 200, the latest filter's only. */
export class DocumentFinder {
  private readonly root: RootStore;
  documents: DocumentSummary[] = [];
  readonly request = new Request();

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<DocumentFinder, 'root'>(this, { root: false, request: false });
  }

  async find(filter: string): Promise<void> {
    await this.request.run(
      () => this.root.api.listDocuments({ text: filter.trim() || undefined, limit: 200 }),
      (r) => (this.documents = r.documents),
    );
  }
}
