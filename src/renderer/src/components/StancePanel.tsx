import { AttributeFilterSelect } from './AttributeFilterSelect.tsx';
import { SetSelect } from './SetSelect.tsx';
import { observer } from 'mobx-react-lite';
import { useEffect, useRef, useState } from 'react';
import type { StanceBy, StanceOverview, StanceRow } from '../../../shared/api.ts';
import {
  DOMINANT_LABEL,
  dominantName,
  formatShare,
  SEVERAL_LABEL,
  shareBase,
  STANCE_BASES,
  STANCE_GROUPINGS,
  stanceDescription,
  uncodedHeading,
} from '../../../shared/stance.ts';
import { plural, visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';
import { SegmentList } from './SegmentList.tsx';

/**
 * The stacked-bar chart, drawn by the shared chart module into this page's
 * DOM. The module brings the charting library (d3), so it loads when the
 * first chart is shown, not with the workbench. A click on a bar's segment
 * lists that value's passages in that row.
 */
function StanceChart({
  overview,
  onPick,
}: {
  overview: StanceOverview;
  onPick: (row: string, codeId: number) => void;
}) {
  const host = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    // Redrawn when the panel's width changes by more than a little.
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round((entry?.contentRect.width ?? 0) / 20) * 20));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    const element = host.current;
    if (!element || !width) return;
    let live = true;
    import('../../../shared/charts/stance-chart.ts')
      .then(({ stanceChart }) => {
        if (live)
          element.replaceChildren(
            stanceChart(overview, { document, width: Math.max(300, width), id: 'stance-panel' }) as unknown as Node,
          );
      })
      .catch((e: Error) => live && setError(`The chart could not be drawn: ${e.message}`));
    return () => {
      live = false;
    };
  }, [overview, width]);
  return (
    <>
      {error && <p className="error">{visible(error)}</p>}
      <figure
        ref={host}
        className="stance-chart"
        onClick={(e) => {
          const segment = (e.target as Element).closest('[data-code]');
          const row = overview.rows[Number(segment?.getAttribute('data-row'))];
          if (segment && row) onPick(row.key, Number(segment.getAttribute('data-code')));
        }}
      />
    </>
  );
}

const StanceTable = observer(function StanceTable({ overview: o }: { overview: StanceOverview }) {
  const { stance } = useStore();
  const several = o.rows.some((r) => r.several > 0);
  const share = (n: number, whole: number) => formatShare(whole ? n / whole : 0);
  const line = (r: StanceRow, total = false) => (
    <tr key={r.key} className={total ? 'total' : undefined}>
      <th scope="row" title={`${visible(r.label)} (${plural(r.documentIds.length, 'document')})`}>
        {visible(r.label)}
      </th>
      {r.values.map((v) => {
        const picked = stance.selected?.row === r.key && stance.selected.codeId === v.codeId;
        return (
          <td key={v.codeId} className={picked ? 'selected' : undefined}>
            {v.passages ? (
              <button
                data-cell={`${r.key}|${v.codeId}`}
                aria-pressed={picked}
                onClick={() => stance.select(r.key, v.codeId)}
                title={`List the ${plural(v.passages, 'passage')}`}
              >
                {formatShare(v.share)}
                <span className="share">{plural(v.passages, 'passage')}</span>
              </button>
            ) : (
              <span className="empty">0%</span>
            )}
          </td>
        );
      })}
      {several && <td>{share(r.several, shareBase(o, r))}</td>}
      <td>{share(r.uncoded, r.chars)}</td>
      <td className="dominant">{visible(dominantName(o, r))}</td>
    </tr>
  );
  return (
    <div className="matrix-scroll">
      <table className="matrix stance-table">
        <thead>
          <tr>
            <th scope="col">{visible(o.byLabel)}</th>
            {o.codes.map((c) => (
              <th key={c.id} scope="col">
                <i className="swatch" style={{ background: c.colour }} /> {visible(c.name)}
              </th>
            ))}
            {several && <th scope="col">{SEVERAL_LABEL}</th>}
            <th scope="col">{uncodedHeading(o)}</th>
            <th scope="col">{DOMINANT_LABEL}</th>
          </tr>
        </thead>
        <tbody>{o.rows.map((r) => line(r))}</tbody>
        <tfoot>{line(o.total, true)}</tfoot>
      </table>
    </div>
  );
});

/** A labelled choice among fixed options (the rows, the shares). */
function Choice<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: [T, string][];
  onChange: (value: T) => void;
}) {
  return (
    <label>
      {label}{' '}
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The stance overview: a group's values, their share of the text by document, source, year or month, as a chart and a table. */
export const StancePanel = observer(function StancePanel() {
  const root = useStore();
  const { stance } = root;
  const group = stance.group;
  const o = stance.overview;
  if (!group) {
    return (
      <p className="placeholder pad">
        No code groups yet. In the Codes tab, make a group of the values of a stance and tick “One per passage”.
      </p>
    );
  }
  const exclusive = stance.groups.filter((g) => g.exclusive);
  const others = stance.groups.filter((g) => !g.exclusive);
  const row = stance.selectedRow;
  const value = o?.codes.find((c) => c.id === stance.selected?.codeId);
  return (
    <div className="stance-panel wide-tab">
      <div className="matrix-grouping">
        <label>
          Group{' '}
          <select aria-label="Group" value={group.id} onChange={(e) => stance.choose(Number(e.target.value))}>
            {exclusive.length > 0 && (
              <optgroup label="Stances (one per passage)">
                {exclusive.map((g) => (
                  <option key={g.id} value={g.id}>
                    {visible(g.name)}
                  </option>
                ))}
              </optgroup>
            )}
            {others.length > 0 && (
              <optgroup label="Other groups">
                {others.map((g) => (
                  <option key={g.id} value={g.id}>
                    {visible(g.name)}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <Choice
          label="By"
          value={stance.by}
          // Documents, sources, years, months, and each document attribute ("by outlet type").
          options={[
            ...STANCE_GROUPINGS,
            ...root.library.attributes.map((a): [StanceBy, string] => [`attribute:${a.id}`, visible(a.name)]),
          ]}
          onChange={(by) => stance.groupBy(by)}
        />
        <Choice label="Shares" value={stance.base} options={STANCE_BASES} onChange={(base) => stance.shareOf(base)} />
        <AttributeFilterSelect
          label="Documents"
          any="All documents"
          value={stance.attribute}
          onChange={(attribute) => stance.setAttribute(attribute)}
        />
        <SetSelect
          label="Document set"
          any="Any set"
          value={stance.setId}
          onChange={(setId) => stance.chooseSet(setId)}
        />
      </div>
      {stance.error && <p className="error pad">{visible(stance.error)}</p>}
      {o && o.group.id === group.id && (
        <>
          <p className="meta pad">
            {stanceDescription(o)} {o.coders.length > 0 && `Coders: ${o.coders.join(', ')}.`}
          </p>
          {!o.codes.length ? (
            <p className="placeholder pad">This group has no codes yet.</p>
          ) : !o.rows.length ? (
            <p className="placeholder pad">No passage is coded with these values yet.</p>
          ) : (
            <>
              <StanceChart overview={o} onPick={(key, codeId) => stance.select(key, codeId)} />
              <StanceTable overview={o} />
            </>
          )}
          {row && value && (
            <>
              <h3 className="list-heading pad">
                <i className="swatch" style={{ background: value.colour }} /> {visible(value.name)} in{' '}
                {visible(row.label)}: {plural(stance.segments.length, 'passage')}
              </h3>
              <SegmentList segments={stance.segments} />
            </>
          )}
        </>
      )}
    </div>
  );
});
