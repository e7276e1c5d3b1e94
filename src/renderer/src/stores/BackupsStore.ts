import { makeAutoObservable } from 'mobx';
import type { BackupList } from '../../../shared/api.ts';
import { plural } from '../../../shared/text.ts';
import { Request } from './request.ts';
import type { RootStore } from './RootStore.ts';

/** The backups dialog: the project's backups, and restoring one as a new project. One per dialog. */
export class BackupsStore {
  private readonly root: RootStore;
  list: BackupList | null = null;
  /** What the last restore made, in words. */
  restored: string | null = null;
  readonly listing = new Request();
  readonly restoring = new Request();

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<BackupsStore, 'root'>(this, { root: false, listing: false, restoring: false });
  }

  async load(): Promise<void> {
    await this.listing.run(
      () => this.root.api.listBackups({}),
      (list) => (this.list = list),
    );
  }

  /** Restores a backup as a new project file; true when it was made. */
  async restore(name: string, to: string): Promise<boolean> {
    this.restored = null;
    const r = await this.restoring.run(() => this.root.api.restoreBackup({ name, to }));
    if (!r) return false;
    this.restored = `Restored as ${r.path} (${plural(r.documents, 'document')}). Open it to work in it: Open Project in the desktop app, or npm run web -- --project "${r.path}".`;
    return true;
  }
}
