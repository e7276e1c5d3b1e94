import { makeAutoObservable, observable, runInAction } from 'mobx';
import type { DocumentDetail, QuireApi } from '../../../shared/api.ts';

/** Documents opened in the reader, loaded once each. */
export class DocumentStore {
  private readonly api: QuireApi;
  readonly byId = observable.map<number, DocumentDetail>({}, { deep: false });
  readonly errors = observable.map<number, string>();
  private readonly loading = new Map<number, Promise<void>>();

  constructor(api: QuireApi) {
    this.api = api;
    makeAutoObservable<DocumentStore, 'api' | 'loading'>(this, {
      api: false,
      loading: false,
      byId: false,
      errors: false,
    });
  }

  get(id: number): DocumentDetail | undefined {
    return this.byId.get(id);
  }

  load(id: number): Promise<void> {
    if (this.byId.has(id)) return Promise.resolve();
    const inFlight = this.loading.get(id);
    if (inFlight) return inFlight;
    const pending = this.api.getDocument({ id }).then(
      (doc) => runInAction(() => void this.byId.set(id, doc)),
      (e: Error) => runInAction(() => void this.errors.set(id, e.message)),
    );
    this.loading.set(id, pending);
    void pending.finally(() => this.loading.delete(id));
    return pending;
  }

  /** Loads a document again (its text was replaced). */
  reload(id: number): Promise<void> {
    this.byId.delete(id);
    this.errors.delete(id);
    return this.load(id);
  }

  /** Forgets cached documents, for example after their metadata changed. */
  clear(): void {
    this.byId.clear();
    this.errors.clear();
  }
}
