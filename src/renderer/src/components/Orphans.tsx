import { observer } from 'mobx-react-lite';
import { clip, plural, visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';

/**
 * Under a pane's header: what replacing the document's text did, and the
 * codings the new text left without a place. Each can be placed (select its
 * passage in the text) or discarded; nothing is moved or dropped silently.
 */
export const Orphans = observer(function Orphans({ documentId }: { documentId: number }) {
  const { coding, imports } = useStore();
  const orphans = coding.orphansOf(documentId);
  const replaced = imports.replaced?.documentId === documentId ? imports.replaced : null;
  if (!orphans.length && !replaced) return null;
  const report = replaced?.report;
  return (
    <section className="orphans" aria-label="Codings without a place">
      {replaced && (
        <p role="status" className={replaced.error ? 'error' : undefined}>
          <span>
            {replaced.error
              ? `The new version was not used: ${visible(replaced.error)}`
              : report!.unchanged
                ? 'The new version has the same text; nothing changed.'
                : `New version in place: ${plural(report!.kept, 'coding', 'codings')} kept where they were, ${report!.moved} found in a new place, ${report!.orphaned} could not be placed.`}
          </span>
          <button aria-label="Dismiss" onClick={() => imports.dismiss()}>
            ×
          </button>
        </p>
      )}
      {orphans.length > 0 && (
        <>
          <p>
            <strong>{plural(orphans.length, 'coding has', 'codings have')} no place in this text.</strong> Place each on
            a passage, or discard it.
          </p>
          <ul>
            {orphans.map((o) => {
              const code = coding.code(o.codeId);
              const placing = coding.placing?.id === o.id;
              return (
                <li key={o.id} className={placing ? 'placing' : undefined}>
                  <div>
                    <i className="swatch" style={{ background: code?.colour }} /> <strong>{visible(code?.name)}</strong>{' '}
                    <span className="meta">{visible(o.coder)}</span>
                    <span className="actions">
                      {placing ? (
                        <>
                          <span className="hint">Select its passage in the text…</span>
                          <button onClick={() => coding.startPlacing(null)}>Cancel</button>
                        </>
                      ) : (
                        <button
                          aria-label={`Place the ${code?.name} coding “${o.quote.slice(0, 30)}”`}
                          onClick={() => coding.startPlacing(o)}
                        >
                          Place…
                        </button>
                      )}
                      <button
                        aria-label={`Discard the ${code?.name} coding “${o.quote.slice(0, 30)}”`}
                        onClick={() =>
                          window.confirm(`Discard this ${visible(code?.name)} coding? You can undo this.`) &&
                          void coding.remove(o)
                        }
                      >
                        Discard
                      </button>
                    </span>
                  </div>
                  <q>{clip(o.quote, 141)}</q>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
});
