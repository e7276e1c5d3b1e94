import { observer } from 'mobx-react-lite';
import { useState } from 'react';
import type { Attribute, AttributeType } from '../../../shared/api.ts';
import { visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';
import { Dialog } from './Dialog.tsx';

const TYPES: [AttributeType, string][] = [
  ['choice', 'A choice from a list'],
  ['text', 'Text'],
  ['number', 'A number'],
  ['date', 'A date (YYYY, YYYY-MM or YYYY-MM-DD)'],
];

/**
 * Every document with its attributes, as a spreadsheet: sort by a column,
 * show only one value, type in a cell (a choice from its list), paste a block
 * copied from a spreadsheet, read a CSV of them. What the engine refuses is
 * listed, in words, beside the table.
 */
export const AttributesDialog = observer(function AttributesDialog() {
  const { attributes: x } = useStore();
  const [adding, setAdding] = useState(false);
  if (!x.open) return null;
  const rows = x.table?.rows ?? [];
  return (
    <Dialog title="Document attributes" className="attributes-dialog" onClose={x.close}>
      <div className="attributes-toolbar">
        <button onClick={() => setAdding(!adding)} aria-expanded={adding}>
          New attribute…
        </button>
        <label className="file-button">
          Read a spreadsheet (.csv)…
          <input
            type="file"
            accept=".csv,text/csv"
            aria-label="Spreadsheet of attributes"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              // The store says what the spreadsheet changed, or why it could not be read.
              if (file) void x.importSheet(file);
            }}
          />
        </label>
        {x.where && <button onClick={() => x.filter(null)}>Show all documents</button>}
        <span className="count" role="status">
          {x.table ? `${x.table.total} documents${x.where ? ' with this value' : ''}` : 'Loading…'}
        </span>
      </div>
      {adding && <NewAttribute onDone={() => setAdding(false)} />}
      {(x.message || x.error || x.refusals.length > 0) && (
        <div className="attributes-messages" aria-live="polite">
          {x.error && (
            <p className="error" role="alert">
              {visible(x.error)}
            </p>
          )}
          {x.message && !x.error && <p>{visible(x.message)}</p>}
          {x.refusals.length > 0 && (
            <ul aria-label="What was refused or decided">
              {x.refusals.map((r, i) => (
                <li key={i}>{visible(r)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div
        className="attributes-table-wrap"
        onScroll={(e) => {
          const el = e.currentTarget;
          if (el.scrollTop + el.clientHeight > el.scrollHeight - 200) void x.more();
        }}
      >
        <table className="attributes-table">
          <thead>
            <tr>
              <th scope="col">
                <button
                  className="sort"
                  onClick={() => x.sort('title')}
                  aria-sort={x.sortBy === 'title' ? (x.descending ? 'descending' : 'ascending') : undefined}
                >
                  Document {x.sortBy === 'title' ? (x.descending ? '▼' : '▲') : ''}
                </button>
              </th>
              {x.attributes.map((a) => (
                <th scope="col" key={a.id}>
                  <AttributeHeader attribute={a} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={row.id}>
                <th scope="row" title={[row.source, row.published].filter(Boolean).join(' · ')}>
                  {visible(row.displayTitle)}
                </th>
                {x.attributes.map((a, c) => (
                  <td key={a.id}>
                    <Cell
                      attribute={a}
                      value={row.values[a.id] ?? ''}
                      label={`${a.name} of ${row.displayTitle}`}
                      onSet={(block) => void x.setBlock(r, c, block)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {x.attributes.length === 0 && (
          <p className="empty">
            No attributes yet. Add one (outlet type, country, circulation…), or read a spreadsheet with a column of file
            names or titles.
          </p>
        )}
      </div>
    </Dialog>
  );
});

const AttributeHeader = observer(function AttributeHeader({ attribute: a }: { attribute: Attribute }) {
  const { attributes: x } = useStore();
  const sorted = x.sortBy === a.id;
  return (
    <div className="attribute-header">
      <button
        className="sort"
        onClick={() => x.sort(a.id)}
        aria-sort={sorted ? (x.descending ? 'descending' : 'ascending') : undefined}
        title={`${TYPES.find(([t]) => t === a.type)![1]}; ${a.filled} filled`}
      >
        {visible(a.name)} {sorted ? (x.descending ? '▼' : '▲') : ''}
      </button>
      <select
        aria-label={`Show only documents by ${a.name}`}
        value={x.where?.attributeId === a.id ? (x.where.value ?? '\u0000') : ''}
        onChange={(e) =>
          x.filter(
            e.target.value === ''
              ? null
              : { attributeId: a.id, value: e.target.value === '\u0000' ? null : e.target.value },
          )
        }
      >
        <option value="">all</option>
        <option value={'\u0000'}>(none)</option>
        {a.choices.map((c) => (
          <option key={c} value={c}>
            {visible(c)}
          </option>
        ))}
      </select>
      <button
        className="small"
        onClick={() => void x.fill(a)}
        title="Fill the empty values from what the imports found (a news database’s section, the language, the outlet)"
      >
        Fill
      </button>
      <button
        className="small danger"
        aria-label={`Delete ${a.name}`}
        onClick={() =>
          window.confirm(`Delete the attribute “${visible(a.name)}” and its ${a.filled} values? You can undo this.`) &&
          void x.removeAttribute(a)
        }
      >
        ×
      </button>
    </div>
  );
});

/** One value: a list for a choice, a field for the rest; a block pasted into it fills the cells down and to the right. */
function Cell({
  attribute,
  value,
  label,
  onSet,
}: {
  attribute: Attribute;
  value: string;
  label: string;
  onSet: (block: string[][]) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const paste = (e: React.ClipboardEvent) => {
    const text = e.clipboardData.getData('text/plain');
    if (!/[\t\n]/.test(text.trim())) return;
    e.preventDefault();
    onSet(
      text
        .replace(/\r\n?/g, '\n')
        .replace(/\n$/, '')
        .split('\n')
        .map((line) => line.split('\t')),
    );
  };
  if (attribute.type === 'choice') {
    return (
      <select aria-label={label} value={value} onChange={(e) => onSet([[e.target.value]])} onPaste={paste}>
        <option value="" />
        {attribute.choices.map((c) => (
          <option key={c} value={c}>
            {visible(c)}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      aria-label={label}
      value={draft ?? value}
      inputMode={attribute.type === 'number' ? 'decimal' : undefined}
      placeholder={attribute.type === 'date' ? 'YYYY-MM-DD' : undefined}
      onChange={(e) => setDraft(e.target.value)}
      onPaste={paste}
      onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      onBlur={() => {
        if (draft !== null && draft !== value) onSet([[draft]]);
        setDraft(null);
      }}
    />
  );
}

function NewAttribute({ onDone }: { onDone: () => void }) {
  const { attributes: x } = useStore();
  const [name, setName] = useState('');
  const [type, setType] = useState<AttributeType>('choice');
  const [choices, setChoices] = useState('');
  return (
    <form
      className="new-attribute"
      aria-label="New attribute"
      onSubmit={(e) => {
        e.preventDefault();
        // The store shows a refusal itself; the form closes only on success.
        void x
          .addAttribute(
            name.trim(),
            type,
            choices
              .split(/[,;\n]/)
              .map((c) => c.trim())
              .filter(Boolean),
          )
          .then((added) => added && onDone());
      }}
    >
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} required placeholder="Outlet type" />
      </label>
      <label>
        Holds{' '}
        <select value={type} onChange={(e) => setType(e.target.value as AttributeType)}>
          {TYPES.map(([t, words]) => (
            <option key={t} value={t}>
              {words}
            </option>
          ))}
        </select>
      </label>
      {type === 'choice' && (
        <label>
          Choices{' '}
          <input
            value={choices}
            onChange={(e) => setChoices(e.target.value)}
            placeholder="state, independent, foreign"
          />
        </label>
      )}
      <button type="submit" className="primary">
        Add
      </button>
    </form>
  );
}
