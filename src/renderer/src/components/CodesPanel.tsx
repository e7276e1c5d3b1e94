import { observer } from 'mobx-react-lite';
import { useState } from 'react';
import type { Code } from '../../../shared/api.ts';
import { useStore } from '../stores/context.tsx';

/** The codebook: groups (exclusive ones marked), codes with colour and count; filter as you type. */
export const CodesPanel = observer(function CodesPanel() {
  const { coding } = useStore();
  const [filter, setFilter] = useState('');
  const [name, setName] = useState('');
  const f = filter.trim().toLowerCase();
  const shown = (c: Code) => !f || c.name.toLowerCase().includes(f);
  const depth = (c: Code): number => (c.parentId === null ? 0 : 1 + depth(coding.code(c.parentId) ?? { ...c, parentId: null }));
  const grouped = new Set(coding.codebook.groups.flatMap((g) => g.codeIds));
  const others = coding.codes.filter((c) => !grouped.has(c.id));
  const row = (c: Code) =>
    shown(c) && (
      <li key={c.id} className="code-row" style={{ paddingLeft: `${0.6 + depth(c)}rem` }} data-code={c.id}>
        <input type="color" aria-label={`Colour of ${c.name}`} value={c.colour} onChange={(e) => void coding.recolour(c.id, e.target.value)} />
        <span className="code-name" title={c.description}>
          {c.name}
        </span>
        <span className="meta">{c.codingCount}</span>
        <button
          aria-label={`Delete ${c.name}`}
          onClick={() => {
            if (window.confirm(`Delete “${c.name}”${c.codingCount ? ` and its ${c.codingCount} codings` : ''}? You can undo this.`)) void coding.deleteCode(c.id);
          }}
        >
          ×
        </button>
      </li>
    );
  return (
    <section className="codes" aria-label="Codes">
      <div className="library-filters">
        <input type="search" aria-label="Filter codes" placeholder="Find a code…" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void coding.createCode(name.trim()).then(() => setName(''));
          }}
        >
          <input aria-label="New code name" placeholder="New code" value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit">Add</button>
        </form>
        {coding.error && <p className="error" role="alert">{coding.error}</p>}
      </div>
      <div className="code-list">
        {coding.codebook.groups.map((g) => (
          <div key={g.id}>
            <h3 title={g.description}>
              {g.name} {g.exclusive && <span className="meta">· one per passage</span>}
            </h3>
            <ul>{g.codeIds.map((id) => coding.code(id)).filter((c): c is Code => Boolean(c)).map(row)}</ul>
          </div>
        ))}
        {others.length > 0 && (
          <div>
            {coding.codebook.groups.length > 0 && <h3>Other codes</h3>}
            <ul>{others.map(row)}</ul>
          </div>
        )}
      </div>
    </section>
  );
});
