import { observer } from 'mobx-react-lite';
import { plural, visible } from '../../../shared/text.ts';
import { MAX_COMPARED } from '../stores/CompareStore.ts';
import { useStore } from '../stores/context.tsx';

/** In a code's details: choose the documents to compare by this code. */
export const CompareChooser = observer(function CompareChooser({ codeId }: { codeId: number }) {
  const { compare } = useStore();
  const choose = (
    <button
      onClick={() => void compare.choose(codeId)}
      title="Read documents side by side, stepping through their passages with this code together"
    >
      Compare documents by this code…
    </button>
  );
  if (compare.codeId !== codeId || compare.running.length) return choose;
  const error = compare.error && (
    <p className="error" role="alert">
      {visible(compare.error)}
    </p>
  );
  if (!compare.candidates.length && error) {
    // A failed listing can be tried again.
    return (
      <>
        {error}
        {choose}
      </>
    );
  }
  if (!compare.candidates.length) return <p className="placeholder">No document has passages with this code yet.</p>;
  return (
    <fieldset className="field compare-chooser">
      <legend>Compare side by side (up to {MAX_COMPARED})</legend>
      {compare.candidates.map((c) => (
        <label key={c.document.id}>
          <input
            type="checkbox"
            checked={compare.chosen.includes(c.document.id)}
            onChange={() => compare.toggle(c.document.id)}
          />{' '}
          {visible(c.document.displayTitle)} <span className="meta">{plural(c.passages, 'passage')}</span>
        </label>
      ))}
      {compare.problem && <p className="meta">{compare.problem}</p>}
      {error}
      <div className="row">
        <button disabled={!!compare.problem} onClick={() => void compare.start()}>
          Compare {compare.chosen.length} documents
        </button>
        <button onClick={() => compare.stop()}>Cancel</button>
      </div>
    </fieldset>
  );
});

/** Above the panes while documents are compared by a code: which passage each shows, and steps through them together. */
export const CompareBar = observer(function CompareBar() {
  const { compare, documents } = useStore();
  if (!compare.running.length) return null;
  const code = compare.code;
  return (
    <div className="compare-bar" role="region" aria-label="Comparison by code">
      <strong>
        <i className="swatch" style={{ background: code?.colour }} /> {visible(code?.name)}
      </strong>
      <button
        onClick={() => compare.step(-1)}
        disabled={compare.index === 0}
        title="The previous passage in each document"
      >
        ◀ Previous
      </button>
      <span className="compare-step">
        Passage {compare.index + 1} of {compare.steps}
      </span>
      <button
        onClick={() => compare.step(1)}
        disabled={compare.index >= compare.steps - 1}
        title="The next passage in each document"
      >
        Next ▶
      </button>
      <ol className="compare-positions">
        {compare.running.map((r) => (
          <li key={r.documentId}>
            {documents.get(r.documentId)?.displayTitle ?? r.segments[0]?.document.displayTitle}:{' '}
            {compare.positionIn(r.documentId)}
          </li>
        ))}
      </ol>
      <button onClick={() => compare.stop()}>End comparison</button>
    </div>
  );
});
