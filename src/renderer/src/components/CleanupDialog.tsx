import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import type { CleanupPreview } from '../../../shared/api.ts';
import { plural, visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';
import { Dialog } from './Dialog.tsx';

/**
 * Remove scraped page furniture from documents: choose the rules, see every
 * line that would go, then remove them as one step (undo brings them back;
 * the original file is kept either way).
 */
export const CleanupDialog = observer(function CleanupDialog({ documentIds, onClose }: { documentIds?: number[]; onClose: () => void }) {
  const root = useStore();
  const { api } = root;
  const [rules, setRules] = useState<{ id: string; label: string }[]>([]);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [preview, setPreview] = useState<CleanupPreview[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void api.cleanupRules({}).then((r) => {
      setRules(r);
      setChosen(r.map((x) => x.id));
    });
  }, [api]);
  useEffect(() => {
    if (!chosen) return;
    let live = true;
    void api.previewCleanup({ documentIds, rules: chosen }).then((p) => live && setPreview(p));
    return () => {
      live = false;
    };
  }, [api, chosen, documentIds]);
  const lines = preview?.reduce((n, d) => n + d.removed.length, 0) ?? 0;
  const label = (id: string) => rules.find((r) => r.id === id)?.label.replace(/ \(.*$/, '') ?? id;
  const apply = async () => {
    if (!preview?.length || !chosen) return;
    setBusy(true);
    try {
      const r = await api.cleanupDocuments({ documentIds: preview.map((d) => d.documentId), rules: chosen });
      setStatus(
        `Removed ${r.lines} lines from ${r.documents === 1 ? 'one document' : `${r.documents} documents`}. Codings: ${r.kept} in place, ${r.moved} found again${r.orphaned ? `, ${r.orphaned} without a place (listed in their panes)` : ''}. Undo brings the lines back.`,
      );
      await root.documentsChanged();
      setPreview(await api.previewCleanup({ documentIds, rules: chosen }));
    } catch (e) {
      setStatus((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
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
                onChange={(e) => setChosen((c) => (e.target.checked ? [...(c ?? []), r.id] : (c ?? []).filter((x) => x !== r.id)))}
              />{' '}
              {r.label}
            </label>
          ))}
        </fieldset>
        <section className="cleanup-preview" aria-label="Lines to remove">
          {preview === null ? (
            <p>Looking…</p>
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
        <p role="status">{status ? visible(status) : (preview ? `${plural(lines, 'line')} in ${plural(preview.length, 'document')}. The original files are kept.` : '')}</p>
        <button className="primary" disabled={!lines || busy} onClick={() => void apply()}>
          Remove {lines} lines
        </button>
      </footer>
    </Dialog>
  );
});
