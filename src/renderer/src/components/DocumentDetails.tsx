import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import type { DocumentDetail } from '../../../shared/api.ts';
import { visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';

const FIELDS = [
  ['title', 'Title'],
  ['source', 'Source (outlet)'],
  ['author', 'Author'],
  ['published', 'Published (YYYY-MM-DD)'],
  ['url', 'Address (URL)'],
] as const;

type Field = (typeof FIELDS)[number][0];

/** Corrects a document's details (the text stays as it is); one undoable step. */
export const DocumentDetails = observer(function DocumentDetails({
  doc,
  onClose,
}: {
  doc: DocumentDetail;
  onClose: () => void;
}) {
  const root = useStore();
  const [values, setValues] = useState<Record<Field, string>>(
    () => Object.fromEntries(FIELDS.map(([f]) => [f, doc[f] ?? ''])) as Record<Field, string>,
  );
  const { edits } = root;
  useEffect(() => edits.request.clear(), [edits, doc.id]);
  const error = edits.request.error?.replace(/^Invalid input for updateDocument: /, '') ?? null;
  const save = async () => {
    const changed = Object.fromEntries(
      FIELDS.filter(([f]) => values[f].trim() !== (doc[f] ?? '')).map(([f]) => [f, values[f].trim()]),
    );
    if (!Object.keys(changed).length) return onClose();
    if (await edits.update({ id: doc.id, ...changed })) onClose();
  };
  return (
    <form
      className="document-details"
      aria-label="Details of this document"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      {FIELDS.map(([field, label]) => (
        <label key={field}>
          <span>{label}</span>
          <input value={values[field]} onChange={(e) => setValues({ ...values, [field]: e.target.value })} />
          {/* The field holds what is stored; characters that cannot be seen in it are written out here, to find and remove. */}
          {visible(values[field]) !== values[field] && (
            <small className="hidden-characters">Holds characters that cannot be seen: {visible(values[field])}</small>
          )}
        </label>
      ))}
      {doc.details.length > 0 && (
        // What the file gave that has no field of its own (a news database's section, length, copyright…): shown, not edited.
        <dl className="file-details" aria-label="From the imported file">
          {doc.details.map((d, i) => (
            <div key={i}>
              <dt>{visible(d.name)}</dt>
              <dd>{visible(d.value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {error && (
        <p className="error" role="alert">
          {visible(error)}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary">
          Save details
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (!window.confirm(`Delete “${visible(doc.displayTitle)}” with its codings and memos? You can undo this.`))
              return;
            void edits.remove([doc.id]);
          }}
        >
          Delete this document…
        </button>
      </div>
    </form>
  );
});
