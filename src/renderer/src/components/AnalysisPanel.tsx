import { observer } from 'mobx-react-lite';
import { groupMatrix, type MatrixGrouping } from '../../../shared/matrix.ts';
import { SetSelect } from './SetSelect.tsx';
import { plural, visible } from '../../../shared/text.ts';
import { ANALYSIS_TABS, type AnalysisDock, type AnalysisTab } from '../stores/AnalysisStore.ts';
import { useStore } from '../stores/context.tsx';
import { AgreementPanel } from './AgreementPanel.tsx';
import { CodeQueryPanel, KwicPanel, WordsPanel } from './AnalystPanels.tsx';
import { CoOccurrencePanel } from './CoOccurrencePanel.tsx';
import { NotesPanel } from './NotesPanel.tsx';
import { CountHidden } from './CodesPanel.tsx';
import { SegmentList } from './SegmentList.tsx';
import { StancePanel } from './StancePanel.tsx';

const GROUPINGS: [MatrixGrouping, string][] = [
  ['document', 'Documents'],
  ['source', 'Sources'],
  ['year', 'Years'],
  ['author', 'Authors'],
];

const Matrix = observer(function Matrix() {
  const { analysis } = useStore();
  const m = analysis.matrix;
  if (!m) return null;
  const { columns, cell } = groupMatrix(m, analysis.grouping);
  return (
    <>
      <label className="matrix-grouping">
        Columns{' '}
        <select value={analysis.grouping} onChange={(e) => analysis.groupBy(e.target.value as MatrixGrouping)}>
          {[
            ...GROUPINGS,
            ...m.attributes.map((a): [MatrixGrouping, string] => [`attribute:${a.id}`, visible(a.name)]),
          ].map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <SetSelect
        label="Document set"
        any="All documents"
        value={analysis.setId}
        onChange={(setId) => analysis.chooseSet(setId)}
      />
      <div className="matrix-scroll">
        <table className="matrix">
          <thead>
            <tr>
              <th scope="col">Code</th>
              {columns.map((column) => (
                <th
                  key={column.key}
                  scope="col"
                  title={`${visible(column.label)} (${plural(column.documentIds.length, 'document')})`}
                >
                  {visible([...column.label].slice(0, 14).join(''))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.codes.map((code) => (
              <tr key={code.id}>
                <th scope="row">
                  <i className="swatch" style={{ background: code.colour }} /> {visible(code.name)}
                </th>
                {columns.map((column) => {
                  const c = cell(code.id, column);
                  const selected = analysis.cell?.codeId === code.id && analysis.cell.column === column.key;
                  return (
                    <td key={column.key} className={selected ? 'selected' : undefined}>
                      {c ? (
                        <button
                          onClick={() => analysis.selectCell(code.id, column)}
                          title={`${c.count} passages, ${(c.share * 100).toFixed(1)}% of the text`}
                          data-cell={`${code.id}:${column.key}`}
                        >
                          {c.count}
                          <span className="share">{(c.share * 100).toFixed(0)}%</span>
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
      {analysis.cell && <SegmentList segments={analysis.cellSegments} />}
    </>
  );
});

const DOCKS: { dock: AnalysisDock; label: string; glyph: string }[] = [
  { dock: 'beside', label: 'Dock the panel beside the reader', glyph: '◫' },
  { dock: 'drawer', label: 'Make the panel a drawer over the reader', glyph: '▤' },
  { dock: 'tab', label: 'Undock the panel to a tab of its own', glyph: '↗' },
];

/** Where the panel stands (beside, drawer, tab), and a drawer's fold: at high zoom the reader keeps its room. */
const AnalysisDocking = observer(function AnalysisDocking() {
  const { analysis } = useStore();
  return (
    <div className="analysis-docking" role="group" aria-label="Where the panel stands">
      {analysis.dock === 'drawer' && (
        <button
          aria-label={analysis.collapsed ? 'Open the drawer' : 'Fold the drawer away'}
          aria-expanded={!analysis.collapsed}
          title={analysis.collapsed ? 'Open the drawer' : 'Fold the drawer away'}
          onClick={() => analysis.setCollapsed(!analysis.collapsed)}
        >
          {analysis.collapsed ? '◂' : '▸'}
        </button>
      )}
      {DOCKS.map((d) => (
        <button
          key={d.dock}
          aria-label={d.label}
          title={d.label}
          aria-pressed={analysis.dock === d.dock}
          onClick={() => analysis.setDock(d.dock)}
        >
          {d.glyph}
        </button>
      ))}
    </div>
  );
});

/** What each view's tab says (the views stand in the store's order: what was coded, how coders and sources compare, the text, memos). */
const TAB_LABELS: Record<AnalysisTab, string> = {
  segments: 'Segments',
  matrix: 'Matrix',
  agreement: 'Agreement',
  stances: 'Stances',
  cooccurrence: 'Co-occurrence',
  query: 'Code query',
  kwic: 'Concordance',
  words: 'Words',
  memos: 'Memos',
};

/** Coded segments and the matrix, beside the reader (it does not block the reader). */
export const AnalysisPanel = observer(function AnalysisPanel() {
  const { analysis, coding, coderView } = useStore();
  return (
    <aside className="analysis" aria-label="Analysis">
      <header className="analysis-header">
        <div className="tabs" role="tablist">
          {ANALYSIS_TABS.map((tab) => (
            <button key={tab} role="tab" aria-selected={analysis.tab === tab} onClick={() => analysis.show(tab)}>
              {TAB_LABELS[tab]}
            </button>
          ))}
        </div>
        <AnalysisDocking />
        <button aria-label="Close the analysis panel" onClick={() => analysis.close()}>
          ×
        </button>
      </header>
      {analysis.error && <p className="error">{visible(analysis.error)}</p>}
      {analysis.tab === 'segments' ? (
        <>
          <fieldset className="code-picker">
            <legend>Codes</legend>
            {coding.codes.map((c) => (
              <label key={c.id}>
                <input
                  type="checkbox"
                  checked={analysis.codeIds.includes(c.id)}
                  onChange={() => analysis.toggleCode(c.id)}
                />
                <i className="swatch" style={{ background: c.colour }} /> {visible(c.name)}{' '}
                {coderView.hiding ? <CountHidden /> : <span className="meta">{c.codingCount}</span>}
              </label>
            ))}
          </fieldset>
          <SegmentList segments={analysis.segments} />
        </>
      ) : analysis.tab === 'agreement' ? (
        <AgreementPanel />
      ) : analysis.tab === 'stances' ? (
        <StancePanel />
      ) : analysis.tab === 'cooccurrence' ? (
        <CoOccurrencePanel />
      ) : analysis.tab === 'query' ? (
        <CodeQueryPanel />
      ) : analysis.tab === 'kwic' ? (
        <KwicPanel />
      ) : analysis.tab === 'words' ? (
        <WordsPanel />
      ) : analysis.tab === 'memos' ? (
        <NotesPanel />
      ) : (
        <Matrix />
      )}
    </aside>
  );
});
