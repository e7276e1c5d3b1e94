import { observer } from 'mobx-react-lite';
import type { CoderView } from '../stores/CoderViewStore.ts';
import { useStore } from '../stores/context.tsx';
import { visible } from '../../../shared/text.ts';

const SEP = '\u0000';

function encode(v: CoderView): string {
  if (v.mode === 'one') return `one:${v.coder}`;
  if (v.mode === 'two') return `two:${v.first}${SEP}${v.second}`;
  return v.mode;
}

function decode(value: string): CoderView {
  if (value.startsWith('one:')) return { mode: 'one', coder: value.slice(4) };
  if (value.startsWith('two:')) {
    const [first = '', second = ''] = value.slice(4).split(SEP);
    return { mode: 'two', first, second };
  }
  return { mode: value === 'mine' ? 'mine' : 'all' };
}

/** Whose codings the reader shows: all coders, only mine (blind coding), one coder, or two compared. */
export const CoderViewControl = observer(function CoderViewControl() {
  const { coderView, coding } = useStore();
  const view = coderView.view;
  const names = coderView.coders.map((c) => c.name);
  // A coder named in the view stays listed even before the list is reloaded.
  for (const n of coderView.shown ?? []) if (!names.includes(n)) names.push(n);
  const pairs = names.flatMap((a, i) => names.slice(i + 1).map((b) => [a, b] as const));
  return (
    <span className="coder-view">
      <select
        aria-label="Show codings of"
        value={encode(view)}
        onChange={(e) => void coderView.setView(decode(e.target.value))}
      >
        <option value="all">All coders</option>
        <option value="mine">Only mine (blind)</option>
        <optgroup label="One coder">
          {names.map((n) => (
            <option key={n} value={`one:${n}`}>
              Only {visible(n)}
            </option>
          ))}
        </optgroup>
        {pairs.length > 0 && (
          <optgroup label="Two coders, compared">
            {pairs.flatMap(([a, b]) => [
              <option key={`${a}${SEP}${b}`} value={`two:${a}${SEP}${b}`}>
                {visible(a)} and {visible(b)}
              </option>,
              <option key={`${b}${SEP}${a}`} value={`two:${b}${SEP}${a}`}>
                {visible(b)} and {visible(a)}
              </option>,
            ])}
          </optgroup>
        )}
      </select>
      {view.mode === 'two' && (
        <span className="coder-legend" aria-label="How each coder is drawn">
          <span>
            <i className="solid" /> {visible(view.first)}
          </span>
          <span>
            <i className="hatched" /> {visible(view.second)}
          </span>
        </span>
      )}
      {view.mode === 'mine' && (
        <span
          className="blind-note"
          role="status"
          title="Other coders’ codings, counts and memos are hidden everywhere: the reader, the codes, the library, the analyses and exports."
        >
          Blind: only {visible(coding.coder)}’s work shows
        </span>
      )}
      {coderView.error && (
        <span className="error" role="alert">
          {visible(coderView.error)}
        </span>
      )}
    </span>
  );
});
