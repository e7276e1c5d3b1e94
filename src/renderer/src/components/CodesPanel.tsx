import { observer } from 'mobx-react-lite';
import { useState } from 'react';
import type { Code } from '../../../shared/api.ts';
import { useStore } from '../stores/context.tsx';

/** A code's row: colour, name (double-click to rename), count; merge into another code; delete. */
const CodeRow = observer(function CodeRow({ code, depth }: { code: Code; depth: number }) {
  const { coding } = useStore();
  const [renaming, setRenaming] = useState(false);
  const [merging, setMerging] = useState(false);
  return (
    <li className="code-row" style={{ paddingLeft: `${0.6 + depth}rem` }} data-code={code.id}>
      <input type="color" aria-label={`Colour of ${code.name}`} value={code.colour} onChange={(e) => void coding.recolour(code.id, e.target.value)} />
      {renaming ? (
        <input
          className="code-name"
          aria-label={`New name for ${code.name}`}
          defaultValue={code.name}
          autoFocus
          onBlur={() => setRenaming(false)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setRenaming(false);
            if (e.key === 'Enter') {
              const name = e.currentTarget.value.trim();
              if (name && name !== code.name) void coding.rename(code.id, name);
              setRenaming(false);
            }
          }}
        />
      ) : (
        <span className="code-name" title={`${code.description}${code.description ? '\n' : ''}Double-click to rename`} onDoubleClick={() => setRenaming(true)}>
          {code.name}
        </span>
      )}
      <span className="meta">{code.codingCount}</span>
      {merging ? (
        <select
          aria-label={`Merge ${code.name} into`}
          autoFocus
          defaultValue=""
          onBlur={() => setMerging(false)}
          onChange={(e) => {
            const target = Number(e.target.value);
            const into = coding.code(target);
            if (into && window.confirm(`Merge “${code.name}” into “${into.name}”? Its ${code.codingCount} codings move there. You can undo this.`)) void coding.merge(code.id, target);
            setMerging(false);
          }}
        >
          <option value="" disabled>
            Merge into…
          </option>
          {coding.codes
            .filter((c) => c.id !== code.id)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
        </select>
      ) : (
        <button aria-label={`Merge ${code.name} into another code`} title="Merge into another code" onClick={() => setMerging(true)}>
          ⤵
        </button>
      )}
      <button
        aria-label={`Delete ${code.name}`}
        onClick={() => {
          if (window.confirm(`Delete “${code.name}”${code.codingCount ? ` and its ${code.codingCount} codings` : ''}? You can undo this.`)) void coding.deleteCode(code.id);
        }}
      >
        ×
      </button>
    </li>
  );
});

/** The codebook: groups (exclusive ones marked), codes with colour and count; filter as you type. */
export const CodesPanel = observer(function CodesPanel() {
  const { coding } = useStore();
  const [filter, setFilter] = useState('');
  const [name, setName] = useState('');
  const f = filter.trim().toLowerCase();
  const depth = (c: Code): number => (c.parentId === null ? 0 : 1 + depth(coding.code(c.parentId) ?? { ...c, parentId: null }));
  const grouped = new Set(coding.codebook.groups.flatMap((g) => g.codeIds));
  const others = coding.codes.filter((c) => !grouped.has(c.id));
  const rows = (codes: Code[]) => codes.filter((c) => !f || c.name.toLowerCase().includes(f)).map((c) => <CodeRow key={c.id} code={c} depth={depth(c)} />);
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
        {coding.error && (
          <p className="error" role="alert">
            {coding.error}
          </p>
        )}
      </div>
      <div className="code-list">
        {coding.codebook.groups.map((g) => (
          <div key={g.id}>
            <h3 title={g.description}>
              {g.name} {g.exclusive && <span className="meta">· one per passage</span>}
            </h3>
            <ul>{rows(g.codeIds.map((id) => coding.code(id)).filter((c): c is Code => Boolean(c)))}</ul>
          </div>
        ))}
        {others.length > 0 && (
          <div>
            {coding.codebook.groups.length > 0 && <h3>Other codes</h3>}
            <ul>{rows(others)}</ul>
          </div>
        )}
      </div>
    </section>
  );
});
