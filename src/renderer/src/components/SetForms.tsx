import { observer } from 'mobx-react-lite';
import { useState } from 'react';
import type { SetQuery } from '../../../shared/api.ts';
import { visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';
import { READ_ONLY_TITLE } from '../stores/LibraryStore.ts';

/**
 * A button that opens a one-line form: a set's name and the button that acts on it; what it did (or why the engine
 * refused) is said below it, in the engine's words.
 */
function NameForm({
  opener,
  title,
  action,
  act,
  disabled,
  list,
}: {
  opener: string;
  title: string;
  action: string;
  act: (name: string) => Promise<string>;
  disabled?: string;
  list?: string[];
}) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);
  const listId = list ? `set-names-${opener.replace(/\W/g, '')}` : undefined;
  const submit = async () => {
    try {
      setSaid({ text: await act(name), error: false });
      setOpen(false);
      setName('');
    } catch (e) {
      setSaid({ text: (e as Error).message, error: true });
    }
  };
  return (
    <div className="set-form">
      {open ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <input
            aria-label="Set name"
            placeholder="Set name"
            autoFocus
            value={name}
            list={listId}
            onChange={(e) => setName(e.target.value)}
          />
          {list && (
            <datalist id={listId}>
              {list.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
          )}
          <button className="primary" type="submit" disabled={!name.trim()}>
            {action}
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button
          type="button"
          disabled={Boolean(disabled)}
          title={disabled ?? title}
          onClick={() => (setOpen(true), setSaid(null))}
        >
          {opener}
        </button>
      )}
      {said && (
        <p className={said.error ? 'error' : 'meta'} role="status">
          {visible(said.text)}
        </p>
      )}
    </div>
  );
}

/** "Save as set…": the search or filter shown, kept as a set that runs it again whenever it is used. */
export const SaveAsSet = observer(function SaveAsSet({ query }: { query: SetQuery | null }) {
  const { library } = useStore();
  if (!query) return null;
  return (
    <NameForm
      opener="Save as set…"
      title="Keep this search or filter as a document set: documents imported later that match join it"
      action="Save set"
      disabled={library.readOnly ? READ_ONLY_TITLE : undefined}
      act={(name) => library.saveAsSet(name, query)}
    />
  );
});

/** "Add to set…": the documents chosen, to a set made by hand (one of that name, or a new one). */
export const AddToSet = observer(function AddToSet({ documentIds }: { documentIds: number[] }) {
  const { library } = useStore();
  const hand = library.sets.filter((s) => s.kind === 'hand').map((s) => s.name);
  return (
    <NameForm
      opener={`Add ${documentIds.length || ''} to set…`.replace('  ', ' ')}
      title="Add the ticked documents to a set made by hand: one of yours, or a new one"
      action="Add"
      disabled={library.readOnly ? READ_ONLY_TITLE : !documentIds.length ? 'Tick documents first' : undefined}
      list={hand}
      act={(name) => library.addToSet(name, documentIds)}
    />
  );
});
