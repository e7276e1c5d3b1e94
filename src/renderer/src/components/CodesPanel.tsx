import { observer } from 'mobx-react-lite';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { Code, CodeGroup } from '../../../shared/api.ts';
import { plural, visible } from '../../../shared/text.ts';
import { codesUnder, dropMove, keyMove, type DropZone } from '../stores/codeTree.ts';
import { useStore } from '../stores/context.tsx';
import { CompareChooser } from './Compare.tsx';
import { ConflictDialog } from './ConflictDialog.tsx';
import { StoredMemo } from './StoredMemo.tsx';
import { useDraft } from './useDraft.ts';

/** The drag payload's type: a code's id. */
const CODE_TYPE = 'application/x-quire-code';

/** Where over a row the pointer is: its top quarter drops before it, its bottom quarter after, the middle inside. */
function zoneAt(e: DragEvent<HTMLElement>): DropZone {
  const box = e.currentTarget.getBoundingClientRect();
  const y = (e.clientY - box.top) / box.height;
  return y < 0.25 ? 'before' : y > 0.75 ? 'after' : 'inside';
}

const draggedCode = (e: DragEvent) =>
  e.dataTransfer.types.includes(CODE_TYPE) ? Number(e.dataTransfer.getData(CODE_TYPE)) || -1 : null;

/** Inline renaming: Enter saves, Escape or leaving the field cancels. */
function RenameField({
  label,
  value,
  onRename,
  onDone,
}: {
  label: string;
  value: string;
  onRename: (name: string) => void;
  onDone: () => void;
}) {
  return (
    <input
      className="code-name"
      aria-label={label}
      defaultValue={value}
      autoFocus
      onBlur={onDone}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone();
        if (e.key === 'Enter') {
          const name = e.currentTarget.value.trim();
          if (name && name !== value) onRename(name);
          onDone();
        }
      }}
    />
  );
}

/**
 * A code's colour. The picker fires an input event for every colour passed
 * while dragging; the swatch follows them, but the code changes once, when
 * the user settles on a colour (the change event as the picker closes): one
 * undo step per colour change.
 */
function ColourInput({ code }: { code: Code }) {
  const { coding } = useStore();
  const [colour, setColour] = useDraft(code.colour);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const el = input.current!;
    // React's onChange is the input event; the browser's change event is the settled choice.
    const settle = () => el.value !== code.colour && void coding.updateCode(code.id, { colour: el.value });
    el.addEventListener('change', settle);
    return () => el.removeEventListener('change', settle);
  }, [coding, code.id, code.colour]);
  return (
    <input
      ref={input}
      type="color"
      aria-label={`Colour of ${code.name}`}
      value={colour}
      onChange={(e) => setColour(e.target.value)}
    />
  );
}

/** A count of codings while it is read again for blind coding (CoderViewStore.hiding): the one read before is not shown. */
export function CountHidden() {
  return (
    <span className="meta count" title="Counted again as blind coding began">
      …
    </span>
  );
}

/** A leaf's codings; a parent's own, then with the codes under it ("3 · 12"). */
function CodingCount({ code }: { code: Code }) {
  const { coding, coderView } = useStore();
  if (coderView.hiding) return <CountHidden />;
  const parent = coding.codes.some((c) => c.parentId === code.id);
  if (!parent) {
    return (
      <span className="meta count" title={plural(code.codingCount, 'coding')}>
        {code.codingCount}
      </span>
    );
  }
  return (
    <span
      className="meta count"
      title={`${plural(code.codingCount, 'coding')} of this code, ${code.totalCount} with the codes under it`}
    >
      {code.codingCount} · <span className="total">{code.totalCount}</span>
    </span>
  );
}

/** Merging moves the code's own codings; the codes under it move under the target with theirs. */
function mergeQuestion(code: Code, into: Code, under: readonly Code[]): string {
  const n = code.codingCount;
  const own = n ? `Its ${plural(n, 'coding')} ${n === 1 ? 'moves' : 'move'} there.` : 'It has no codings.';
  const children = under.filter((c) => c.parentId === code.id).length;
  const moving = children
    ? ` The ${plural(children, 'code')} under it go under “${visible(into.name)}” with their codings.`
    : '';
  return `Merge “${visible(code.name)}” into “${visible(into.name)}”? ${own}${moving} You can undo this.`;
}

/** Deleting a code deletes the codes under it and all their codings: the question counts them all. */
function deleteQuestion(code: Code, under: readonly Code[]): string {
  const parts = [`“${visible(code.name)}”`];
  if (under.length) parts.push(`the ${plural(under.length, 'code')} under it`);
  if (code.totalCount) parts.push(`${under.length ? 'their' : 'its'} ${plural(code.totalCount, 'coding')}`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return `Delete ${list}? You can undo this.`;
}

/**
 * A code's row in the tree: colour, name (double-click to rename), groups,
 * count; merge and delete. Drag it onto another row to reorder or nest it, or
 * onto a group to add it there; Alt+arrows move it from the keyboard.
 */
const CodeRow = observer(function CodeRow({
  code,
  depth,
  selected,
  onSelect,
}: {
  code: Code;
  depth: number;
  selected: boolean;
  onSelect: () => void;
}) {
  const { coding } = useStore();
  const [renaming, setRenaming] = useState(false);
  const [merging, setMerging] = useState(false);
  const [zone, setZone] = useState<DropZone | null>(null);
  const over = (e: DragEvent<HTMLLIElement>) => {
    if (draggedCode(e) === null) return;
    e.preventDefault();
    setZone(zoneAt(e));
  };
  return (
    <li
      className={`code-row${selected ? ' selected' : ''}${zone ? ` drop-${zone}` : ''}`}
      style={{ paddingLeft: `${0.6 + depth}rem` }}
      data-code={code.id}
      role="treeitem"
      aria-level={depth + 1}
      aria-selected={selected}
      tabIndex={0}
      draggable={!renaming}
      onClick={onSelect}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget) return;
        if (
          e.altKey &&
          (e.key === 'ArrowUp' || e.key === 'ArrowDown' || e.key === 'ArrowLeft' || e.key === 'ArrowRight')
        ) {
          e.preventDefault();
          const move = keyMove(coding.codes, code.id, e.key);
          if (move) void coding.move(code.id, move);
        } else if (e.key === 'F2') setRenaming(true);
      }}
      onDragStart={(e) => {
        e.dataTransfer.setData(CODE_TYPE, String(code.id));
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={over}
      onDragEnter={over}
      onDragLeave={() => setZone(null)}
      onDrop={(e) => {
        const dragged = draggedCode(e);
        setZone(null);
        if (dragged === null) return;
        e.preventDefault();
        const move = dropMove(coding.codes, dragged, code.id, zoneAt(e));
        if (move) void coding.move(dragged, move);
      }}
    >
      <ColourInput code={code} />
      {renaming ? (
        <RenameField
          label={`New name for ${code.name}`}
          value={code.name}
          onRename={(name) => void coding.rename(code.id, name)}
          onDone={() => setRenaming(false)}
        />
      ) : (
        <span
          className="code-name"
          title={`${code.description}${code.description ? '\n' : ''}Double-click to rename; drag to move`}
          onDoubleClick={() => setRenaming(true)}
        >
          {visible(code.name)}
        </span>
      )}
      {code.groupIds.map((id) => (
        <span
          key={id}
          className="group-tag"
          title={coding.group(id)?.exclusive ? 'One code of this group per passage' : 'Group'}
        >
          {visible(coding.group(id)?.name)}
        </span>
      ))}
      <CodingCount code={code} />
      <button
        className={coding.hiddenCodes.includes(code.id) ? 'eye off' : 'eye'}
        aria-pressed={!coding.hiddenCodes.includes(code.id)}
        aria-label={`Show ${code.name} in the reader`}
        title={
          coding.hiddenCodes.includes(code.id)
            ? 'Hidden in the reader: click to show'
            : 'Shown in the reader: click to hide'
        }
        onClick={(e) => {
          e.stopPropagation();
          coding.toggleHidden(code.id);
        }}
      >
        {coding.hiddenCodes.includes(code.id) ? '◌' : '●'}
      </button>
      {merging ? (
        <select
          aria-label={`Merge ${code.name} into`}
          autoFocus
          defaultValue=""
          onBlur={() => setMerging(false)}
          onChange={(e) => {
            const target = Number(e.target.value);
            const into = coding.code(target);
            if (into && window.confirm(mergeQuestion(code, into, codesUnder(coding.codes, code.id))))
              void coding.merge(code.id, target);
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
                {visible(c.name)}
              </option>
            ))}
        </select>
      ) : (
        <button
          aria-label={`Merge ${code.name} into another code`}
          title="Merge into another code"
          onClick={() => setMerging(true)}
        >
          ⤵
        </button>
      )}
      <button
        aria-label={`Delete ${code.name}`}
        onClick={() => {
          if (window.confirm(deleteQuestion(code, codesUnder(coding.codes, code.id)))) void coding.deleteCode(code.id);
        }}
      >
        ×
      </button>
    </li>
  );
});

/** A code group: rename, make exclusive (one value per passage), delete; drop a code on it to add the code. */
const GroupRow = observer(function GroupRow({ group }: { group: CodeGroup }) {
  const { coding } = useStore();
  const [renaming, setRenaming] = useState(false);
  const [target, setTarget] = useState(false);
  return (
    <li
      className={`group-row${target ? ' drop-inside' : ''}`}
      data-group={group.id}
      onDragOver={(e) => {
        if (draggedCode(e) === null) return;
        e.preventDefault();
        setTarget(true);
      }}
      onDragLeave={() => setTarget(false)}
      onDrop={(e) => {
        const dragged = draggedCode(e);
        setTarget(false);
        if (dragged === null) return;
        e.preventDefault();
        void coding.setMember(group.id, dragged, true);
      }}
    >
      <div className="row">
        {renaming ? (
          <RenameField
            label={`New name for group ${group.name}`}
            value={group.name}
            onRename={(name) => void coding.updateGroup(group.id, { name })}
            onDone={() => setRenaming(false)}
          />
        ) : (
          <strong
            className="code-name"
            title={`${group.description}${group.description ? '\n' : ''}Double-click to rename; drop a code here to add it`}
            onDoubleClick={() => setRenaming(true)}
          >
            {visible(group.name)}
          </strong>
        )}
        <label
          className="toggle"
          title="A passage holds at most one code of an exclusive group per coder: applying another to text coded with one replaces it there"
        >
          <input
            type="checkbox"
            checked={group.exclusive}
            onChange={(e) => void coding.updateGroup(group.id, { exclusive: e.target.checked })}
          />{' '}
          One per passage
        </label>
        <button
          aria-label={`Delete group ${group.name}`}
          title="Delete the group (its codes stay)"
          onClick={() => {
            if (
              window.confirm(
                `Delete the group “${visible(group.name)}”? Its codes and their codings stay. You can undo this.`,
              )
            )
              void coding.deleteGroup(group.id);
          }}
        >
          ×
        </button>
      </div>
      <ul className="members" aria-label={`Codes in ${group.name}`}>
        {group.codeIds.map((id) => {
          const code = coding.code(id);
          return (
            code && (
              <li key={id}>
                <i className="swatch" style={{ background: code.colour }} /> {visible(code.name)}
                <button
                  aria-label={`Take ${code.name} out of ${group.name}`}
                  title="Take out of the group"
                  onClick={() => void coding.setMember(group.id, id, false)}
                >
                  ×
                </button>
              </li>
            )
          );
        })}
        {group.codeIds.length === 0 && <li className="meta">Drop codes here</li>}
      </ul>
    </li>
  );
});

/** The selected code: its description, memo and groups, and its passages. */
const CodeDetail = observer(function CodeDetail({ code }: { code: Code }) {
  const { coding, analysis } = useStore();
  const [description, setDescription] = useDraft(code.description);
  return (
    <section className="code-detail" aria-label={`Code ${code.name}`}>
      <h3>
        <i className="swatch" style={{ background: code.colour }} /> {visible(code.name)}
      </h3>
      <label className="field">
        Description
        <textarea
          rows={3}
          value={description}
          placeholder="What this code means, and when to apply it…"
          onChange={(e) => setDescription(e.target.value)}
          onBlur={() => description !== code.description && void coding.updateCode(code.id, { description })}
        />
      </label>
      <div className="field">
        Memo
        <StoredMemo target="code" id={code.id} label={`Memo on ${code.name}`} />
      </div>
      {coding.codebook.groups.length > 0 && (
        <fieldset className="field">
          <legend>Groups</legend>
          {coding.codebook.groups.map((g) => (
            <label key={g.id}>
              <input
                type="checkbox"
                checked={g.codeIds.includes(code.id)}
                onChange={(e) => void coding.setMember(g.id, code.id, e.target.checked)}
              />{' '}
              {visible(g.name)}
            </label>
          ))}
        </fieldset>
      )}
      <button
        onClick={() => {
          if (!analysis.codeIds.includes(code.id)) analysis.toggleCode(code.id);
          analysis.show('segments');
        }}
      >
        Show its {code.codingCount} passages
      </button>
      <CompareChooser codeId={code.id} />
    </section>
  );
});

/** The codebook: the code tree (filter as you type, drag to reorder or nest), the groups, and the selected code's details. */
export const CodesPanel = observer(function CodesPanel() {
  const { coding, library } = useStore();
  const [filter, setFilter] = useState('');
  const [name, setName] = useState('');
  const [groupName, setGroupName] = useState('');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const f = filter.trim().toLowerCase();
  const rows = coding.tree.filter((r) => !f || r.code.name.toLowerCase().includes(f));
  const selected = selectedId === null ? undefined : coding.code(selectedId);
  return (
    <section className="codes" aria-label="Codes">
      <div className="library-filters">
        <input
          type="search"
          aria-label="Filter codes"
          placeholder="Find a code…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void coding.createCode(name.trim()).then(() => setName(''));
          }}
        >
          <input
            aria-label="New code name"
            placeholder={library.readOnly ? 'Read-only project' : 'New code'}
            value={name}
            onChange={(e) => setName(e.target.value)}
            disabled={library.readOnly}
          />
          <button type="submit" disabled={library.readOnly}>
            Add
          </button>
        </form>
        {coding.error && (
          <p className="error" role="alert">
            {visible(coding.error)}
          </p>
        )}
      </div>
      <div className="code-list">
        <ul role="tree" aria-label="Code system">
          {rows.map((r) => (
            <CodeRow
              key={r.code.id}
              code={r.code}
              depth={f ? 0 : r.depth}
              selected={r.code.id === selectedId}
              onSelect={() => setSelectedId(r.code.id)}
            />
          ))}
        </ul>
        {rows.length === 0 && (
          <p className="meta pad">
            {f ? 'No code matches.' : 'No codes yet: add one above, or select a passage and name a new code.'}
          </p>
        )}
        <h3>Groups</h3>
        <ul className="groups">
          {coding.codebook.groups.map((g) => (
            <GroupRow key={g.id} group={g} />
          ))}
        </ul>
        <form
          className="row pad"
          onSubmit={(e) => {
            e.preventDefault();
            if (groupName.trim()) void coding.createGroup(groupName.trim()).then(() => setGroupName(''));
          }}
        >
          <input
            aria-label="New group name"
            placeholder="New group"
            value={groupName}
            onChange={(e) => setGroupName(e.target.value)}
          />
          <button type="submit">Add group</button>
        </form>
      </div>
      {selected && <CodeDetail key={selected.id} code={selected} />}
      <ConflictDialog />
    </section>
  );
});
