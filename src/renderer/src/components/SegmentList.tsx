import { observer } from 'mobx-react-lite';
import type { CodedSegment } from '../../../shared/api.ts';
import { visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';

/** Passages with their document, code, coder and context; a click opens one in the reader. */
export const SegmentList = observer(function SegmentList({ segments }: { segments: CodedSegment[] }) {
  const { analysis } = useStore();
  if (!segments.length) return <p className="placeholder">No coded passages.</p>;
  return (
    <ol className="segments">
      {segments.map((s) => (
        <li key={s.coding.id}>
          <button className="segment" onClick={() => analysis.openSegment(s)} data-coding={s.coding.id}>
            <span className="meta">
              <i className="swatch" style={{ background: s.code.colour }} /> {visible(s.code.name)} ·{' '}
              {visible(s.document.displayTitle)}
              {[s.document.source, s.document.published, s.coding.coder]
                .filter(Boolean)
                .map((m) => ` · ${visible(m!)}`)}
            </span>
            <span className="context">
              {s.before}
              <strong style={{ background: `color-mix(in srgb, ${s.code.colour} 30%, transparent)` }}>
                {s.coding.quote}
              </strong>
              {s.after}
            </span>
            {s.coding.memo && <span className="memo">✎ {s.coding.memo}</span>}
          </button>
        </li>
      ))}
    </ol>
  );
});
