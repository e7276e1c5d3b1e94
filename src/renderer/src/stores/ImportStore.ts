import { makeAutoObservable, runInAction } from 'mobx';
import type { ImportReport } from '../../../shared/api.ts';
import type { RootStore } from './RootStore.ts';

/** What the import needs of a file: its name and bytes (a browser File has both). */
export interface FileLike {
  name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Importing files chosen or dropped by the user, and the report of the last import. */
export class ImportStore {
  private readonly root: RootStore;
  busy = false;
  report: ImportReport | null = null;
  error: string | null = null;

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<ImportStore, 'root'>(this, { root: false });
  }

  async importFiles(files: readonly FileLike[]): Promise<void> {
    if (!files.length || this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      const payload = await Promise.all(files.map(async (f) => ({ name: f.name, base64: toBase64(new Uint8Array(await f.arrayBuffer())) })));
      const report = await this.root.api.importUploads({ files: payload });
      runInAction(() => (this.report = report));
      await this.root.library.reload();
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
    } finally {
      runInAction(() => (this.busy = false));
    }
  }

  dismiss(): void {
    this.report = null;
    this.error = null;
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
