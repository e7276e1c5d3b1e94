import { observer } from 'mobx-react-lite';
import { useEffect, useRef, useState } from 'react';
import type { Coding } from '../../../shared/api.ts';
import { visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';

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

const place = (at: { x: number; y: number }) => ({ left: Math.min(at.x, window.innerWidth - 300), top: Math.min(at.y + 6, window.innerHeight - 320) });

/** Choose a code for the selected passage: type to filter, 1–9 for the first nine, Enter for the first, or a new code. */
export const CodingPopover = observer(function CodingPopover({ at, quote, onApply, onClose }: { at: { x: number; y: number }; quote: string; onApply: (choice: Choice) => void; onClose: () => void }) {
  const { coding } = useStore();
  const [filter, setFilter] = useState('');
  const ref = usePopover(onClose);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const options = coding.suggestions(filter).slice(0, 9);
  const fresh = (filter.trim() || quote.trim().replace(/\s+/g, ' ').slice(0, 60)).trim();
  const exact = coding.codes.some((c) => c.name.toLowerCase() === fresh.toLowerCase());
  return (
    <div ref={ref} className="popover" role="dialog" aria-label="Code the selected passage" style={place(at)}>
      <input
        ref={input}
        aria-label="Find a code"
        placeholder="Find a code, or name a new one"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        onKeyDown={(e) => {
          if (!filter && /^[1-9]$/.test(e.key) && options[Number(e.key) - 1]) {
            e.preventDefault();
            onApply({ id: options[Number(e.key) - 1]!.id });
          } else if (e.key === 'Enter') {
            e.preventDefault();
            if (options[0]) onApply({ id: options[0].id });
            else if (fresh) onApply({ newCodeName: fresh });
          }
        }}
      />
      <ol className="code-options">
        {options.map((c, i) => (
          <li key={c.id}>
            <button onClick={() => onApply({ id: c.id })}>
              <kbd>{i + 1}</kbd> <i className="swatch" style={{ background: c.colour }} /> {visible(c.name)}
            </button>
          </li>
        ))}
      </ol>
      {fresh && !exact && (
        <button className="new-code" onClick={() => onApply({ newCodeName: fresh })}>
          + New code “{visible(fresh)}”
        </button>
      )}
    </div>
  );
});

/** The codings on the clicked passage, each with its coder and memo, to remove. */
export const CodingsAt = observer(function CodingsAt({ at, codings, onClose }: { at: { x: number; y: number }; codings: Coding[]; onClose: () => void }) {
  const { coding } = useStore();
  const ref = usePopover(onClose);
  return (
    <div ref={ref} className="popover" role="dialog" aria-label="Codings here" style={place(at)}>
      <ul className="codings-here">
        {codings.map((c) => {
          const code = coding.code(c.codeId);
          return (
            <li key={c.id}>
              <i className="swatch" style={{ background: code?.colour }} /> <strong>{visible(code?.name)}</strong> <span className="meta">{visible(c.coder)}</span>
              {/* Each coder writes their own memos: another coder's is shown, not edited. */}
              {c.coder === coding.coder ? (
                <MemoEditor label={`Memo on this ${code?.name ?? ''} coding`} value={c.memo ?? ''} onSave={(text) => void coding.setMemo('coding', c.id, text, c.documentId)} />
              ) : (
                c.memo && <OthersMemo coder={c.coder} text={c.memo} />
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
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <div className="memo-editor">
      <textarea aria-label={label} placeholder="Memo…" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
      <button disabled={text === value} onClick={() => onSave(text)}>
        Save memo
      </button>
    </div>
  );
}
