import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import type { BackupInfo } from '../../../shared/api.ts';
import { fileSize } from '../../../shared/text.ts';
import { BackupsStore } from '../stores/BackupsStore.ts';
import { useStore } from '../stores/context.tsx';
import { Dialog } from './Dialog.tsx';

const WHY: Record<BackupInfo['kind'], string> = {
  daily: 'Daily',
  merge: 'Before a merge',
  update: 'Before an update of the file format',
};
const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/**
 * The project's backups beside it, newest first: when and why each was made,
 * and a way to restore one, always as a new project (the backup and the
 * project stay as they are).
 */
export const BackupsDialog = observer(function BackupsDialog({ onClose }: { onClose: () => void }) {
  const root = useStore();
  const [store] = useState(() => new BackupsStore(root));
  const [chosen, setChosen] = useState<BackupInfo | null>(null);
  const [to, setTo] = useState('');
  useEffect(() => {
    void store.load();
  }, [store]);
  const { list, listing, restoring } = store;
  const error = listing.error;
  const busy = restoring.loading;
  const status = restoring.error ?? store.restored;
  const choose = (b: BackupInfo) => {
    setChosen(b);
    restoring.clear();
    // Beside the project: “Belarus backups” → “Belarus restored.quire”.
    if (list) setTo(list.folder.replace(/ backups$/, ' restored.quire'));
  };
  const restore = async () => {
    if (!chosen || !to.trim()) return;
    if (await store.restore(chosen.name, to.trim())) setChosen(null);
  };
  return (
    <Dialog title="Backups" className="backups-dialog" onClose={onClose}>
      <div className="backups-body">
        {error ? (
          <p className="error">{error}</p>
        ) : !list ? (
          <p>Looking…</p>
        ) : !list.backups.length ? (
          <p>
            No backups yet. The first is made the next time the project is opened on another day, or before a merge.
          </p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Made</th>
                <th scope="col">Why</th>
                <th scope="col">Documents</th>
                <th scope="col">Size</th>
                <th scope="col" aria-label="Restore" />
              </tr>
            </thead>
            <tbody>
              {list.backups.map((b) => (
                <tr key={b.name} aria-selected={chosen?.name === b.name}>
                  <td>{when(b.madeAt)}</td>
                  <td>{WHY[b.kind]}</td>
                  <td className="number">
                    {b.documents === null ? <span className="error">cannot be read</span> : b.documents}
                  </td>
                  <td className="number">{fileSize(b.bytes)}</td>
                  <td>
                    <button onClick={() => choose(b)} title={b.name}>
                      Restore…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {chosen && (
          <form
            className="restore-form"
            onSubmit={(e) => {
              e.preventDefault();
              void restore();
            }}
          >
            <label>
              Restore the backup of {when(chosen.madeAt)} as a new project file:
              <input value={to} onChange={(e) => setTo(e.target.value)} aria-label="New project file" />
            </label>
            <button className="primary" type="submit" disabled={busy || !to.trim()}>
              Restore
            </button>
          </form>
        )}
      </div>
      <footer>
        <p role="status">
          {status ??
            (list
              ? list.keep
                ? `One backup a day (the first time the project is opened that day) and one before every merge, the newest ${list.keep} of each, in ${list.folder}. Restoring never changes the project or the backup.`
                : `Automatic backups are off for this project (quire backups --keep 7 turns them on). They go in ${list.folder}.`
              : '')}
        </p>
      </footer>
    </Dialog>
  );
});
