import { AttributeFilterSelect } from './AttributeFilterSelect.tsx';
import { SetSelect } from './SetSelect.tsx';
import { observer } from 'mobx-react-lite';
import type { CSSProperties } from 'react';
import type { CoOccurrence, CoOccurrencePassage, Span } from '../../../shared/api.ts';
import { spansToUtf16 } from '../../../shared/codepoints.ts';
import { coOccurrenceDescription, COOCCURRENCE_SCOPES } from '../../../shared/stance.ts';
import { plural, visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';
import { SegmentList } from './SegmentList.tsx';

/** A passage's text with the first code's ranges highlighted and the second's underlined (both where they overlap). Text only, never HTML. */
function PairText({ passage, a, b }: { passage: CoOccurrencePassage; a: string; b: string }) {
  const length = [...passage.text].length;
  const points = [...new Set([0, length, ...passage.a.flat(), ...passage.b.flat()])].sort((x, y) => x - y);
  const pieces: Span[] = points.slice(0, -1).map((p, i) => [p, points[i + 1]!]);
  const inside = (spans: Span[], [p, q]: Span) => spans.some(([s, e]) => s <= p && q <= e);
  const units = spansToUtf16(passage.text, pieces);
  const style = { '--pair-a': a, '--pair-b': b } as CSSProperties;
  return (
    <span style={style}>
      {pieces.map((piece, i) => {
        const text = passage.text.slice(units[i]![0], units[i]![1]);
        const classes = [inside(passage.a, piece) && 'pair-a', inside(passage.b, piece) && 'pair-b']
          .filter(Boolean)
          .join(' ');
        return classes ? (
          <mark key={i} className={classes}>
            {text}
          </mark>
        ) : (
          <span key={i}>{text}</span>
        );
      })}
    </span>
  );
}

const Matrix = observer(function Matrix({ result: r }: { result: CoOccurrence }) {
  const { coOccurrence: co } = useStore();
  const max = Math.max(1, ...r.counts.flatMap((row, i) => row.filter((_, j) => j !== i)));
  const unit = (n: number) => (r.scope === 'overlap' ? plural(n, 'overlap') : plural(n, 'paragraph'));
  return (
    <div className="matrix-scroll">
      <table className="matrix cooccurrence-matrix">
        <thead>
          <tr>
            <th scope="col">Code</th>
            {r.codes.map((c, j) => (
              <th key={c.id} scope="col" title={visible(c.name)}>
                {j + 1}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {r.codes.map((a, i) => (
            <tr key={a.id}>
              <th scope="row" title={visible(a.name)}>
                <span className="number">{i + 1}</span> <i className="swatch" style={{ background: a.colour }} />{' '}
                {visible(a.name)}
              </th>
              {r.codes.map((b, j) => {
                const n = r.counts[i]![j]!;
                const picked = co.cell?.a === a.id && co.cell.b === b.id;
                const own = i === j;
                const title = visible(
                  own
                    ? r.scope === 'overlap'
                      ? `${plural(n, 'passage')} of ${a.name}`
                      : `${a.name} is in ${plural(n, 'paragraph')}`
                    : `${a.name} and ${b.name}: ${unit(n)}`,
                );
                return (
                  <td
                    key={b.id}
                    className={[picked && 'selected', own && 'own'].filter(Boolean).join(' ') || undefined}
                  >
                    {n ? (
                      <button
                        data-pair={`${a.id}:${b.id}`}
                        aria-pressed={picked}
                        title={title}
                        onClick={() => co.select(a.id, b.id)}
                        style={
                          own
                            ? undefined
                            : {
                                background: `color-mix(in srgb, var(--accent) ${Math.round(8 + (40 * n) / max)}%, transparent)`,
                              }
                        }
                      >
                        {n}
                      </button>
                    ) : (
                      <span className="empty">·</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

/** Which codes occur together, in overlapping passages or in the same paragraph; a cell lists the passages. */
export const CoOccurrencePanel = observer(function CoOccurrencePanel() {
  const { coOccurrence: co, analysis } = useStore();
  const r = co.result;
  const a = r?.codes.find((c) => c.id === co.cell?.a);
  const b = r?.codes.find((c) => c.id === co.cell?.b);
  return (
    <div className="cooccurrence-panel wide-tab">
      <fieldset className="scope-switch">
        <legend>Together in</legend>
        {COOCCURRENCE_SCOPES.map(([scope, label]) => (
          <label key={scope}>
            <input
              type="radio"
              name="cooccurrence-scope"
              checked={co.scope === scope}
              onChange={() => co.setScope(scope)}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      <div className="pad">
        <AttributeFilterSelect
          label="Documents"
          any="All documents"
          value={co.attribute}
          onChange={(attribute) => co.setAttribute(attribute)}
        />
        <SetSelect label="Document set" any="Any set" value={co.setId} onChange={(setId) => co.chooseSet(setId)} />
      </div>
      <p className="meta pad">{coOccurrenceDescription(co.scope)}</p>
      {co.error && <p className="error pad">{visible(co.error)}</p>}
      {r &&
        (r.codes.length < 2 ? (
          <p className="placeholder pad">
            {co.attribute
              ? 'The documents chosen have passages of fewer than two codes: nothing can occur together in them.'
              : 'Code passages with at least two codes to see which occur together.'}
          </p>
        ) : (
          <Matrix result={r} />
        ))}
      {a && b && a.id === b.id && (
        <>
          <h3 className="list-heading pad">
            <i className="swatch" style={{ background: a.colour }} /> {visible(a.name)}:{' '}
            {plural(co.segments.length, 'passage')}
          </h3>
          <SegmentList segments={co.segments} />
        </>
      )}
      {a && b && a.id !== b.id && (
        <>
          <h3 className="list-heading pad">
            {visible(a.name)} and {visible(b.name)}:{' '}
            {co.scope === 'overlap' ? plural(co.passages.length, 'overlap') : plural(co.passages.length, 'paragraph')}
          </h3>
          <p className="meta pad pair-key" style={{ '--pair-a': a.colour, '--pair-b': b.colour } as CSSProperties}>
            <mark className="pair-a">{visible(a.name)}</mark> highlighted,{' '}
            <mark className="pair-b">{visible(b.name)}</mark> underlined.
          </p>
          {co.passages.length ? (
            <ol className="segments">
              {co.passages.map((q) => (
                <li key={`${q.document.id}:${q.start}:${q.end}`}>
                  <button
                    className="segment"
                    data-passage={`${q.document.id}:${q.start}`}
                    onClick={() => analysis.openCoding(q.document.id, q.codingId)}
                  >
                    <span className="meta">
                      {q.document.displayTitle}
                      {[q.document.source, q.document.published].filter(Boolean).map((m) => ` · ${m}`)}
                    </span>
                    <span className="context">
                      {q.before}
                      <PairText passage={q} a={a.colour} b={b.colour} />
                      {q.after}
                    </span>
                  </button>
                </li>
              ))}
            </ol>
          ) : (
            <p className="placeholder pad">No passages.</p>
          )}
        </>
      )}
    </div>
  );
});
