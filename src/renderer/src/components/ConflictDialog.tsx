import { observer } from 'mobx-react-lite';
import { useStore } from '../stores/context.tsx';

/**
 * The engine's refusal in parts: what could not be done, the passages that
 * stand in its way (the engine lists them after “by the same coder:”, one
 * per “; ”), and its closing advice. A message of another shape stays whole.
 */
export function conflictParts(message: string): { head: string; passages: string[]; more: string | null } {
  const m = /^(.*? by the same coder): (.*)\. [^.]*\.$/s.exec(message);
  if (!m) return { head: message, passages: [], more: null };
  const passages = m[2]!.split('; ');
  const more = /^and \d+ more$/.test(passages.at(-1) ?? '') ? passages.pop()! : null;
  return { head: `${m[1]}:`, passages, more };
}

/**
 * Asks what to do when making a group exclusive, giving an exclusive group a
 * code, or merging codes would leave passages with two values of the group
 * by one coder: the passages, then Cancel or keep the latest value on each.
 */
export const ConflictDialog = observer(function ConflictDialog() {
  const { coding } = useStore();
  const conflict = coding.conflict;
  if (!conflict) return null;
  const { head, passages, more } = conflictParts(conflict.message);
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog conflict-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="conflict-title"
        aria-describedby="conflict-head"
        onKeyDown={(e) => e.key === 'Escape' && coding.cancelConflict()}
      >
        <header>
          <h2 id="conflict-title">One value per passage</h2>
        </header>
        <div className="merge-body">
          <p id="conflict-head">{head}</p>
          {passages.length > 0 && (
            <ul aria-label="Passages with two values">
              {passages.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
              {more && <li className="meta">{more}</li>}
            </ul>
          )}
          <p className="meta">
            Keeping the latest value: on each of these passages, the value applied later keeps the text the two share,
            and the earlier one keeps only the rest of its text (or goes, if nothing is left). Undo takes it all back.
          </p>
        </div>
        <footer>
          <button autoFocus onClick={() => coding.cancelConflict()}>
            Cancel
          </button>
          <button className="primary" onClick={() => void conflict.keepLatest()}>
            Keep the latest value on each passage
          </button>
        </footer>
      </div>
    </div>
  );
});
