// The analyst's tabs of the analysis panel: code query, concordance (keyword in context) and word frequencies.
import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { WordsResult } from '../../../shared/api.ts';
import { plural, visible } from '../../../shared/text.ts';
import type { QueryOperator, ShownKwicLine } from '../stores/AnalystStore.ts';
import { useStore } from '../stores/context.tsx';
import { AttributeFilterSelect } from './AttributeFilterSelect.tsx';
import { saveInBrowser } from './download.ts';
import { SegmentList } from './SegmentList.tsx';

const saveCsv = (name: string, bytes: Uint8Array) => saveInBrowser(name, bytes, 'text/csv');

/** What a tool's last request said when it failed, in the engine's words. */
function ToolError({ message }: { message: string | null }) {
  return message ? (
    <p className="error pad" role="alert">
      {visible(message)}
    </p>
  ) : null;
}

/** A result's line: what it holds, its CSV (the whole result, not only what is listed), and the tool's own actions. */
const ResultBar = observer(function ResultBar({
  summary,
  csv,
  empty,
  children,
}: {
  summary: ReactNode;
  csv: 'query' | 'kwic' | 'words';
  empty: boolean;
  children?: ReactNode;
}) {
  const { analyst } = useStore();
  return (
    <div className="analyst-actions pad">
      <strong>{summary}</strong>
      <button onClick={() => void analyst.downloadCsv(csv, saveCsv)} disabled={empty}>
        CSV
      </button>
      {children}
    </div>
  );
});

/** What the engine said besides the result (a set that does not exist, lines left out of the listing). */
function Notes({ notes }: { notes: readonly string[] }) {
  return notes.map((n) => (
    <p key={n} className="meta pad">
      {visible(n)}
    </p>
  ));
}

const OPERATORS: QueryOperator[] = ['AND', 'OR', 'NOT', 'NEAR', 'FOLLOWED BY'];

/** A code picker: every code of the codebook, by name. */
const CodeSelect = observer(function CodeSelect({
  label,
  value,
  onChange,
  none,
}: {
  label: string;
  value: number | null;
  onChange: (id: number | null) => void;
  none: string;
}) {
  const { coding } = useStore();
  return (
    <select
      aria-label={label}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}
    >
      <option value="">{none}</option>
      {coding.codes.map((c) => (
        <option key={c.id} value={c.id}>
          {visible(c.name)}
        </option>
      ))}
    </select>
  );
});

export const CodeQueryPanel = observer(function CodeQueryPanel() {
  const { analyst: a, library } = useStore();
  const [saveName, setSaveName] = useState('');
  const distanced = a.operator === 'NEAR' || a.operator === 'FOLLOWED BY';
  const r = a.query;
  return (
    <div className="wide-tab analyst-tab">
      <div className="query-builder pad">
        <CodeSelect label="First code" none="First code…" value={a.codeA} onChange={(codeA) => a.build({ codeA })} />
        <select
          aria-label="Operator"
          value={a.operator}
          onChange={(e) => a.build({ operator: e.target.value as QueryOperator })}
        >
          {OPERATORS.map((op) => (
            <option key={op}>{op}</option>
          ))}
        </select>
        <CodeSelect label="Second code" none="Second code…" value={a.codeB} onChange={(codeB) => a.build({ codeB })} />
        {distanced ? (
          <span className="distance">
            within{' '}
            <input
              type="number"
              min={0}
              aria-label="Distance"
              value={a.distance.n}
              onChange={(e) => a.build({ distance: { ...a.distance, n: Math.max(0, Number(e.target.value) || 0) } })}
            />
            <select
              aria-label="Distance unit"
              value={a.distance.unit}
              onChange={(e) =>
                a.build({ distance: { ...a.distance, unit: e.target.value as 'paragraph' | 'character' } })
              }
            >
              <option value="paragraph">paragraphs</option>
              <option value="character">characters</option>
            </select>
          </span>
        ) : a.operator !== 'OR' ? (
          <label>
            <input type="checkbox" checked={a.paragraph} onChange={(e) => a.build({ paragraph: e.target.checked })} />{' '}
            in the same paragraph
          </label>
        ) : null}
      </div>
      <form
        className="query-expression pad"
        onSubmit={(e) => {
          e.preventDefault();
          void a.runQuery(true);
        }}
      >
        <input
          aria-label="Code query"
          placeholder='"Belarus neutral" AND Sanctions'
          value={a.expression}
          onChange={(e) => a.setExpression(e.target.value)}
        />
        <button type="submit" disabled={!a.expression.trim()}>
          Run
        </button>
      </form>
      <div className="pad">
        <AttributeFilterSelect
          label="Documents"
          any="All documents"
          value={a.queryAttribute}
          onChange={(attribute) => a.setQueryAttribute(attribute)}
        />
      </div>
      <ToolError message={a.queryError} />
      {r && (
        <>
          <p className="meta pad read-as">
            Read as <code>{visible(r.query)}</code>: {visible(r.readAs)}
            {r.notes.map((n) => (
              <span key={n}> {visible(n)}</span>
            ))}
          </p>
          <ResultBar
            csv="query"
            empty={!r.total}
            summary={
              <>
                {plural(r.total, 'passage')} in {plural(r.documents, 'document')}
                {r.segments.length < r.total ? ` (the first ${r.segments.length} listed)` : ''}
              </>
            }
          >
            {!library.readOnly && (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (saveName.trim()) void a.saveAsCode(saveName.trim());
                }}
              >
                <input
                  aria-label="New code's name"
                  placeholder="Save as a code…"
                  value={saveName}
                  onChange={(e) => setSaveName(e.target.value)}
                />
                <button type="submit" disabled={!saveName.trim() || !r.total}>
                  Save
                </button>
              </form>
            )}
          </ResultBar>
          {a.saved && (
            <p className="meta pad" role="status">
              {visible(a.saved)}
            </p>
          )}
          <SegmentList segments={r.segments} />
        </>
      )}
    </div>
  );
});

/** Rows drawn beyond the visible ones, above and below, so a quick scroll shows no gap. */
const OVERSCAN = 20;

/**
 * The concordance's lines, of which only those in view (and a few either side) are drawn: ten thousand lines
 * appear at once, and scrolling draws the next ones. Rows are of one height (one line of text each, cut with an
 * ellipsis), measured from the first drawn; spacer rows stand for the rest, so the scroll bar is the whole list's.
 * The first lines come with their text; the text of the others is asked for (`need`) as they come into view, and
 * their rows say they are waiting for it until it comes.
 */
function KwicLines({
  lines,
  titles,
  open,
  need,
}: {
  lines: readonly ShownKwicLine[];
  titles: Readonly<Record<string, string>>;
  open: (line: ShownKwicLine) => void;
  need: (first: number, last: number) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const [rowHeight, setRowHeight] = useState(24);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setView({ top: element.scrollTop, height: element.clientHeight || 600 });
    const row = element.querySelector<HTMLElement>('tr[data-line]');
    if (row && row.offsetHeight) setRowHeight(row.offsetHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    element.addEventListener('scroll', measure, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', measure);
    };
  }, []);
  const first = Math.max(0, Math.floor(view.top / rowHeight) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((view.top + view.height) / rowHeight) + OVERSCAN);
  useEffect(() => need(first, last), [need, first, last, lines]);
  const spacer = (rows: number) =>
    rows > 0 ? (
      <tr aria-hidden="true" className="spacer" style={{ height: rows * rowHeight }}>
        <td colSpan={3} />
      </tr>
    ) : null;
  return (
    <div className="kwic-scroll" ref={scroller}>
      <table className="kwic" aria-rowcount={lines.length}>
        <tbody>
          {spacer(first)}
          {lines.slice(first, last).map((l, i) => (
            <tr
              key={`${l.documentId}:${l.start}:${l.codingId ?? ''}`}
              title={visible(titles[l.documentId] ?? '')}
              data-line={`${l.documentId}:${l.start}`}
              aria-rowindex={first + i + 1}
              aria-busy={l.text ? undefined : true}
            >
              <td className="left">
                {/* The cell runs right to left so a long context is cut at its far end; the text inside reads as written. */}
                <bdi dir="ltr">{l.text?.left}</bdi>
              </td>
              <td className="hit">
                {l.text ? (
                  <button onClick={() => open(l)} title={l.text.hit}>
                    {l.text.hit}
                  </button>
                ) : (
                  <span className="meta">loading…</span>
                )}
              </td>
              <td className="right">{l.text?.right}</td>
            </tr>
          ))}
          {spacer(lines.length - last)}
        </tbody>
      </table>
    </div>
  );
}

export const KwicPanel = observer(function KwicPanel() {
  const { analyst: a } = useStore();
  const r = a.kwic;
  const needTexts = useCallback((first: number, last: number) => void a.kwicTextsFor(first, last), [a]);
  return (
    <div className="wide-tab analyst-tab kwic-tab">
      <form
        className="query-expression pad"
        onSubmit={(e) => {
          e.preventDefault();
          void a.runKwic();
        }}
      >
        <input
          aria-label="Concordance search"
          placeholder="A search, such as sanction*"
          value={a.kwicQuery}
          onChange={(e) => a.setKwic({ kwicQuery: e.target.value })}
        />
        <span className="meta">or</span>
        <CodeSelect
          label="Concordance code"
          none="a code…"
          value={a.kwicCode}
          onChange={(kwicCode) => a.setKwic({ kwicCode, kwicQuery: kwicCode === null ? a.kwicQuery : '' })}
        />
        <button type="submit" disabled={!a.kwicQuery.trim() && a.kwicCode === null}>
          Show
        </button>
      </form>
      <fieldset className="scope-switch">
        <legend>Sort by</legend>
        {(
          [
            ['document', 'document'],
            ['left', 'word on the left'],
            ['right', 'word on the right'],
          ] as const
        ).map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name="kwic-sort"
              checked={a.kwicSort === value}
              onChange={() => a.setKwic({ kwicSort: value })}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      <ToolError message={a.kwicError} />
      {r && (
        <>
          <ResultBar
            csv="kwic"
            empty={!r.total}
            summary={`${plural(r.total, 'line')} in ${plural(r.documents, 'document')}: ${visible(r.of)}`}
          />
          <Notes notes={r.notes} />
          <KwicLines
            key={`${r.of}:${a.kwicSort}:${r.total}`}
            lines={a.kwicLines}
            titles={a.kwicTitles}
            open={(l) => a.openLine(l)}
            need={needTexts}
          />
        </>
      )}
    </div>
  );
});

/** The words chart, drawn by the shared chart module (which brings d3) when first shown. */
function WordChart({ result }: { result: WordsResult }) {
  const host = useRef<HTMLElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    let live = true;
    import('../../../shared/charts/word-chart.ts')
      .then(({ wordChart }) => {
        if (live)
          element.replaceChildren(
            wordChart(result, {
              document,
              width: Math.max(300, element.clientWidth || 420),
              limit: 20,
            }) as unknown as Node,
          );
      })
      .catch((e: Error) => live && setError(`The chart could not be drawn: ${e.message}`));
    return () => {
      live = false;
    };
  }, [result]);
  return (
    <>
      {error && <p className="error">{visible(error)}</p>}
      {result.compare && (
        <p className="meta pad chart-key">
          <span className="first">■</span> more frequent in {visible(result.scope.label)},{' '}
          <span className="second">■</span> in {visible(result.compare.label)}
        </p>
      )}
      <figure ref={host} className="stance-chart word-chart" />
    </>
  );
}

export const WordsPanel = observer(function WordsPanel() {
  const { analyst: a } = useStore();
  const r = a.words;
  const compared = r?.compare != null;
  return (
    <div className="wide-tab analyst-tab">
      <div className="query-builder pad">
        <AttributeFilterSelect
          label="Words of"
          any="All documents"
          value={a.wordsAttribute}
          onChange={(wordsAttribute) => a.setWords({ wordsAttribute })}
        />
        <AttributeFilterSelect
          label="Compare with"
          any="No comparison"
          value={a.compareAttribute}
          onChange={(compareAttribute) => a.setWords({ compareAttribute })}
        />
        <CodeSelect
          label="Only text coded"
          none="All their text"
          value={a.wordsCode}
          onChange={(wordsCode) => a.setWords({ wordsCode })}
        />
      </div>
      {a.counting && (
        <p className="meta pad counting" role="status">
          {/* The engine tells how far it has got as it reads the documents (their first words, then their counts). */}
          <progress
            aria-label="Counting words"
            max={a.wordsProgress?.total}
            value={a.wordsProgress ? a.wordsProgress.done : undefined}
          />{' '}
          Counting words…{a.wordsProgress && ` ${Math.floor((a.wordsProgress.done * 100) / a.wordsProgress.total)}%`}
        </p>
      )}
      <ToolError message={a.wordsError} />
      {r && (
        <>
          <ResultBar
            csv="words"
            empty={!r.rows.length}
            summary={
              `${visible(r.scope.label)} (${plural(r.scope.documents, 'document')}, ${plural(r.scope.words, 'word')})` +
              (r.compare
                ? ` against ${visible(r.compare.label)} (${plural(r.compare.documents, 'document')}, ${plural(r.compare.words, 'word')})`
                : '')
            }
          />
          <Notes notes={r.notes} />
          {r.rows.length > 0 && <WordChart result={r} />}
          <div className="matrix-scroll">
            <table className="matrix words-table">
              <thead>
                <tr>
                  <th scope="col">Word</th>
                  <th scope="col">Count</th>
                  <th scope="col">{compared ? 'Per 10k' : 'Documents'}</th>
                  {compared ? (
                    <>
                      <th scope="col" title={visible(r.compare!.label)}>
                        Other
                      </th>
                      <th scope="col" title={visible(r.compare!.label)}>
                        Per 10k
                      </th>
                      <th
                        scope="col"
                        title="Log-likelihood (G²): above 3.84 p < 0.05, above 15.13 p < 0.0001; positive: more frequent in the first"
                      >
                        Keyness
                      </th>
                      <th
                        scope="col"
                        title="Log ratio: log₂ of the ratio of relative frequencies (1: twice as frequent)"
                      >
                        Log ratio
                      </th>
                    </>
                  ) : (
                    <th scope="col">Per 10k</th>
                  )}
                </tr>
              </thead>
              <tbody>
                {r.rows.map((row) => (
                  <tr key={row.stem}>
                    <th scope="row">
                      <button
                        className="link"
                        title={`Search for “${row.word}”`}
                        onClick={() => a.searchWord(row.word)}
                      >
                        {row.word}
                      </button>
                    </th>
                    <td>{row.count}</td>
                    <td>{compared ? row.per10k : row.documents}</td>
                    {compared ? (
                      <>
                        <td>{row.other}</td>
                        <td>{row.otherPer10k}</td>
                        <td className={row.keyness! >= 0 ? 'first' : 'second'}>{row.keyness}</td>
                        <td>{row.logRatio}</td>
                      </>
                    ) : (
                      <td>{row.per10k}</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
});
