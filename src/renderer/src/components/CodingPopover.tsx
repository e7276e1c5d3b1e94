import { observer } from 'mobx-react-lite';
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { CodingMark } from '../../../shared/api.ts';
import { chooseCode, firstChoice } from '../stores/codeChooser.ts';
import { clip, visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';
import { useDraft } from './useDraft.ts';

type Choice = { id: number } | { newCodeName: string };

/** Positioned at a point on screen, closing on Escape or a click outside. */
function usePopover(onClose: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const away = (e: Event) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    const escape = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', escape);
    };
  }, [onClose]);
  return ref;
}

const place = (at: { x: number; y: number }) => ({
  left: Math.min(at.x, window.innerWidth - 300),
  top: Math.min(at.y + 6, window.innerHeight - 320),
});

/** The coding popover's largest height in px (26rem at 15px, as in the CSS). */
const CHOOSER_HEIGHT = 390;

/**
 * Below the selected words (`y` their bottom, `top` their top), or above them
 * when there is more room there: never over the words being coded; the list
 * scrolls in what room there is. A selection taller than the window leaves
 * no room either side: then the popover sits inside the window as the others do.
 */
function besideSelection(at: { x: number; y: number; top: number }) {
  const left = Math.min(at.x, window.innerWidth - 300);
  const below = window.innerHeight - at.y - 12;
  const above = at.top - 12;
  if (Math.max(below, above) < 200)
    return { left, top: Math.max(0, Math.min(at.y + 6, window.innerHeight - CHOOSER_HEIGHT)) };
  if (below >= CHOOSER_HEIGHT || below >= above)
    return { left, top: at.y + 6, maxHeight: Math.min(CHOOSER_HEIGHT, below) };
  return { left, bottom: window.innerHeight - at.top + 6, maxHeight: Math.min(CHOOSER_HEIGHT, above) };
}

/**
 * Choose a code for the selected passage. The codes show in codebook order,
 * filtered by what is typed; keys 1–9 apply the code printed beside them, so
 * the numbers never move under the finger. Enter applies the highlighted
 * choice only: an exact or the only match is highlighted as you type;
 * otherwise Enter first highlights the first choice (↑↓ move), so a typo never
 * codes the passage or creates a code by itself. Creating a code is its own
 * item at the end of the list.
 */
export const CodingPopover = observer(function CodingPopover({
  at,
  quote,
  onApply,
  onClose,
}: {
  at: { x: number; y: number; top: number };
  quote: string;
  onApply: (choice: Choice) => void;
  onClose: () => void;
}) {
  const { coding } = useStore();
  const [filter, setFilter] = useState('');
  /** The item the user moved to with the arrows (or Enter); null: what the filter preselects. */
  const [moved, setMoved] = useState<number | null>(null);
  /** A code was chosen: the popover stays until the engine has stored the coding (a moment), and takes nothing more meanwhile. */
  const chosen = useRef(false);
  const ref = usePopover(() => chosen.current || onClose());
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => input.current?.focus(), []);
  const chooser = chooseCode(coding.tree, filter, quote);
  const { codes, newName } = chooser;
  const count = codes.length + (newName ? 1 : 0);
  const highlighted = moved ?? chooser.preselected;
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [highlighted]);
  const apply = (choice: Choice) => {
    if (chosen.current) return;
    chosen.current = true;
    onApply(choice);
  };
  const choose = (index: number) =>
    apply(index < codes.length ? { id: codes[index]!.code.id } : { newCodeName: newName });
  const onKeyDown = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    // Keys pressed while the chosen code is being stored are for nothing here: not typed into the field, not another code.
    if (chosen.current) return e.preventDefault();
    const numbered =
      /^[1-9]$/.test(e.key) && !e.altKey && !e.ctrlKey && !e.metaKey
        ? codes.find((c) => c.key === Number(e.key))
        : undefined;
    if (numbered) {
      e.preventDefault();
      apply({ id: numbered.code.id });
    } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && count) {
      e.preventDefault();
      const from = highlighted ?? (e.key === 'ArrowDown' ? -1 : count);
      setMoved(Math.min(count - 1, Math.max(0, from + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (highlighted !== null) choose(highlighted);
      else setMoved(firstChoice(chooser));
    }
  };
  const hint =
    highlighted === null
      ? codes.length
        ? 'Press a number or click a code; ↓ or Enter to pick one.'
        : filter.trim()
          ? 'No code matches: Enter picks “Create code”, Enter again creates it.'
          : 'No codes yet: create one from the selected words.'
      : highlighted < codes.length
        ? `Enter codes the passage as ‘${codes[highlighted]!.code.name}’.`
        : `Enter creates the code ‘${newName}’ and codes the passage with it.`;
  const optionId = (index: number) => `code-choice-${index}`;
  return (
    <div
      ref={ref}
      className="popover code-chooser"
      role="dialog"
      aria-label="Code the selected passage"
      style={besideSelection(at)}
    >
      <input
        ref={input}
        role="combobox"
        aria-expanded="true"
        aria-controls="code-choices"
        aria-activedescendant={highlighted === null ? undefined : optionId(highlighted)}
        aria-describedby="code-choice-hint"
        aria-label="Find a code"
        placeholder="Find a code, or name a new one"
        value={filter}
        onChange={(e) => {
          setFilter(e.target.value);
          setMoved(null);
        }}
        onKeyDown={onKeyDown}
      />
      <ul ref={list} id="code-choices" className="code-options" role="listbox" aria-label="Codes">
        {codes.map((c, i) => (
          <li
            key={c.code.id}
            id={optionId(i)}
            role="option"
            aria-selected={highlighted === i}
            aria-keyshortcuts={c.key ? String(c.key) : undefined}
            style={filter.trim() ? undefined : { paddingLeft: `${0.3 + c.depth * 0.9}rem` }}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(i)}
          >
            <kbd aria-hidden={!c.key}>{c.key ?? ''}</kbd>
            <i className="swatch" style={{ background: c.code.colour }} />
            <span className="code-name">{visible(c.code.name)}</span>
          </li>
        ))}
        {newName && (
          <li
            id={optionId(codes.length)}
            className="new-code"
            role="option"
            aria-selected={highlighted === codes.length}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(codes.length)}
            title={newName}
          >
            + Create code ‘{visible(newName)}’
          </li>
        )}
      </ul>
      <p id="code-choice-hint" className="meta hint">
        {hint}
      </p>
    </div>
  );
});

/**
 * The codings on the clicked passage (or at the caret), each with its coder and
 * memo; the coder's own can be removed, given another code, split where it was
 * clicked, merged with a touching one of the same code, or held to move an edge.
 */
export const CodingsAt = observer(function CodingsAt({
  at,
  codings,
  point = null,
  focusMemo = false,
  onHold,
  onClose,
}: {
  at: { x: number; y: number };
  codings: CodingMark[];
  /** Where in the text (code points) it was opened: a split cuts at the word there. */
  point?: number | null;
  focusMemo?: boolean;
  onHold?: (k: CodingMark) => void;
  onClose: () => void;
}) {
  const { coding } = useStore();
  const ref = usePopover(onClose);
  useEffect(
    () => ref.current?.querySelector<HTMLElement>(focusMemo ? 'textarea' : 'button, select')?.focus(),
    [focusMemo, ref],
  );
  return (
    <div ref={ref} className="popover codings-at" role="dialog" aria-label="Codings here" style={place(at)}>
      <ul className="codings-here">
        {codings.map((c) => {
          const code = coding.code(c.codeId);
          const mine = c.coder === coding.coder;
          const neighbours = mine ? coding.mergeable(c) : [];
          return (
            <li key={c.id}>
              <i className="swatch" style={{ background: code?.colour }} /> <strong>{visible(code?.name)}</strong>{' '}
              <span className="meta">{visible(c.coder)}</span>
              {/* Each coder writes their own memos: another coder's is shown, not edited. */}
              {mine ? (
                <MemoEditor
                  label={`Memo on this ${code?.name ?? ''} coding`}
                  value={c.memo ?? ''}
                  onSave={(text) => void coding.setMemo('coding', c.id, text, c.documentId)}
                />
              ) : (
                c.memo && <OthersMemo coder={c.coder} text={c.memo} />
              )}
              {mine && (
                <div className="coding-edits">
                  <label>
                    Code{' '}
                    <select
                      aria-label={`Change the code of this ${code?.name ?? ''} coding`}
                      value={c.codeId}
                      onChange={(e) => void coding.recode(c, Number(e.target.value)).then(onClose)}
                    >
                      {coding.tree.map((row) => (
                        <option key={row.code.id} value={row.code.id}>
                          {' '.repeat(row.depth * 2)}
                          {visible(row.code.name)}
                        </option>
                      ))}
                    </select>
                  </label>
                  {onHold && (
                    <button
                      title="Handles at its start and end: drag them to a word, or move them with ← and →"
                      onClick={() => onHold(c)}
                    >
                      Adjust edges
                    </button>
                  )}
                  {point !== null && point > c.start && point < c.end && (
                    <button
                      title="Two codings of this code, cut at the word here"
                      onClick={() => void coding.split(c, point).then(onClose)}
                    >
                      Split here
                    </button>
                  )}
                  {neighbours.map((n) => {
                    // The popover is open on the text, so the text each neighbour quotes is there to read.
                    const quote = coding.quoteOf(n) ?? '';
                    return (
                      <button
                        key={n.id}
                        title={`Merge with the ‘${code?.name ?? ''}’ coding “${quote}”`}
                        onClick={() => void coding.mergeWith(c, n).then(onClose)}
                      >
                        Merge with “{clip(quote, 24)}”
                      </button>
                    );
                  })}
                </div>
              )}
              <button
                aria-label={`Remove the coding ${code?.name}`}
                onClick={() => {
                  void coding.remove(c);
                  onClose();
                }}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
});

/** Another coder's memo, to read. */
export function OthersMemo({ coder, text }: { coder: string; text: string }) {
  return (
    <blockquote className="others-memo" aria-label={`${coder}’s memo`}>
      <span className="meta">{visible(coder)}:</span> {text}
    </blockquote>
  );
}

/** A memo: write and save; saving empty text removes it. */
export function MemoEditor({ label, value, onSave }: { label: string; value: string; onSave: (text: string) => void }) {
  const [text, setText] = useDraft(value);
  return (
    <div className="memo-editor">
      <textarea
        aria-label={label}
        placeholder="Memo…"
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button disabled={text === value} onClick={() => onSave(text)}>
        Save memo
      </button>
    </div>
  );
}
