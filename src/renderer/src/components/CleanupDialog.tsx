import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import { plural, visible } from '../../../shared/text.ts';
import { CleanupStore } from '../stores/CleanupStore.ts';
import { useStore } from '../stores/context.tsx';
import { Dialog } from './Dialog.tsx';

/**
 * Remove scraped page furniture from documents: choose the rules, see every
 * line that would go, then remove them as one step (undo brings them back;
 * the original file is kept either way).
 */
export const CleanupDialog = observer(function CleanupDialog({
  documentIds,
  onClose,
}: {
  documentIds?: number[];
  onClose: () => void;
}) {
  const root = useStore();
  const [store] = useState(() => new CleanupStore(root, documentIds));
  useEffect(() => {
    void store.load();
  }, [store]);
  const { rules, chosen, preview, lines, loading, applying } = store;
  const status = applying.error ?? loading.error ?? store.done;
  const label = (id: string) => rules.find((r) => r.id === id)?.label.replace(/ \(.*$/, '') ?? id;
  return (
    <Dialog title="Clean up documents" className="cleanup-dialog" onClose={onClose}>
      <div className="cleanup-body">
        <fieldset>
          <legend>Remove lines that are</legend>
          {rules.map((r) => (
            <label key={r.id}>
              <input
                type="checkbox"
                checked={chosen?.includes(r.id) ?? false}
                onChange={(e) => store.toggle(r.id, e.target.checked)}
              />{' '}
              {r.label}
            </label>
          ))}
        </fieldset>
        <section className="cleanup-preview" aria-label="Lines to remove">
          {preview === null ? (
            <p>{loading.error ? '' : 'Looking…'}</p>
          ) : preview.length === 0 ? (
            <p>No line in any document matches these rules.</p>
          ) : (
            preview.map((d) => (
              <div key={d.documentId}>
                <h3>{visible(d.title)}</h3>
                <ul>
                  {d.removed.map((r) => (
                    <li key={r.line}>
                      <span className="meta">
                        line {r.line} · {label(r.rule)}
                      </span>{' '}
                      <del>{r.text}</del>
                    </li>
                  ))}
                </ul>
              </div>
            ))
          )}
        </section>
      </div>
      <footer>
        <p role="status">
          {status
            ? visible(status)
            : preview
              ? `${plural(lines, 'line')} in ${plural(preview.length, 'document')}. The original files are kept.`
              : ''}
        </p>
        <button className="primary" disabled={!lines || applying.loading} onClick={() => void store.apply()}>
          Remove {lines} lines
        </button>
      </footer>
    </Dialog>
  );
});
