import DOMPurify from 'dompurify';
import { observer } from 'mobx-react-lite';
import { useEffect, useRef, useState } from 'react';
import type { ExportFormat } from '../../../shared/api.ts';
import { visible } from '../../../shared/text.ts';
import { FORMATS, type DocumentScope, type Include } from '../stores/ExportStore.ts';
import { useStore } from '../stores/context.tsx';
import { DocumentFinder } from '../stores/DocumentFinder.ts';
import { saveInBrowser } from './download.ts';
import { SetSelect } from './SetSelect.tsx';

const MIME: Record<ExportFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html',
  md: 'text/markdown',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv',
  qdc: 'application/xml',
  qdpx: 'application/zip',
  ris: 'application/x-research-info-systems',
  'csl-json': 'application/vnd.citationstyles.csl+json',
  'attributes-csv': 'text/csv',
  'agreement-csv': 'text/csv',
};

const PARTS: [keyof Include, string][] = [
  ['text', 'Each document’s text with its coded passages'],
  ['memos', 'Memos, as numbered notes'],
  ['matrix', 'The code-by-document matrix'],
  ['quotes', 'Passages listed by code'],
  ['codebook', 'The codebook with descriptions'],
  ['agreement', 'Intercoder agreement, when two coders have codings'],
  ['stance', 'Stance overview: chart and table, as chosen in the Stances tab'],
  ['cooccurrence', 'Code co-occurrence, as chosen in its tab'],
];

/**
 * The report as it will print, shown in a shadow root: its styles stay inside,
 * and its markup is sanitised again here although the engine escapes every
 * text from the project.
 */
function ReportPreview({ html }: { html: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const page = new DOMParser().parseFromString(html, 'text/html');
    const style = [...page.querySelectorAll('style')].map((s) => s.textContent ?? '').join('\n');
    const body = DOMPurify.sanitize(page.body.innerHTML, { FORBID_TAGS: ['style', 'script', 'img', 'iframe', 'form'] });
    root.innerHTML = `<style>${style}</style><div class="report">${body}</div>`;
  }, [html]);
  return <div ref={host} className="report-preview" role="document" aria-label="Preview of the report" />;
}

/** Ticks for the documents to export, filtered by title as one types. */
const DocumentChooser = observer(function DocumentChooser() {
  const root = useStore();
  const { exporting } = root;
  const [filter, setFilter] = useState('');
  const [finder] = useState(() => new DocumentFinder(root));
  useEffect(() => {
    void finder.find(filter);
  }, [finder, filter]);
  const { documents } = finder;
  return (
    <div className="chooser">
      <input
        type="search"
        aria-label="Filter documents to export"
        placeholder="Filter by title, source, author…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {finder.request.error && (
        <p className="error" role="alert">
          {visible(finder.request.error)}
        </p>
      )}
      <ul>
        {documents.map((d) => (
          <li key={d.id}>
            <label>
              <input
                type="checkbox"
                checked={exporting.chosenDocuments.includes(d.id)}
                onChange={() => exporting.toggleDocument(d.id)}
              />{' '}
              {visible(d.displayTitle)}
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
});

/** Why the search results cannot be exported, for the disabled choice. */
const searchAbsent = (query: string) =>
  query.trim() ? `The search results (“${visible(query.trim())}” found nothing)` : 'The search results (no search now)';

/** Choose what to export, see the report before saving it, export with progress and cancel. */
export const ExportDialog = observer(function ExportDialog() {
  const { exporting: x, search, coding, panes } = useStore();
  if (!x.open) return null;
  const found = x.searchFound;
  const scopes: [DocumentScope, string, boolean][] = [
    ['all', 'All documents', true],
    [
      'search',
      found
        ? found.estimated
          ? `All found by “${visible(found.query)}” (about ${found.total.toLocaleString()})`
          : `The ${found.total} found by “${visible(found.query)}”`
        : searchAbsent(search.active ? search.query : ''),
      found !== null,
    ],
    ['open', `The ${panes.openDocuments.length} open in the reader`, panes.openDocuments.length > 0],
    ['chosen', 'Documents I choose', true],
  ];
  const progress = x.progress?.running && x.progress.total ? x.progress : null;
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog export-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Export"
        onKeyDown={(e) => {
          if (e.key === 'Escape') x.close();
        }}
      >
        <header>
          <h2>Export</h2>
          <button aria-label="Close" onClick={() => x.close()} disabled={x.busy}>
            ×
          </button>
        </header>
        <div className="export-body">
          <div className="export-choices">
            <fieldset>
              <legend>Format</legend>
              {FORMATS.map((f) => (
                <label key={f.format}>
                  <input
                    type="radio"
                    name="format"
                    checked={x.format === f.format}
                    onChange={() => x.set({ format: f.format })}
                  />{' '}
                  {f.label}
                </label>
              ))}
            </fieldset>
            {x.format !== 'qdc' && (
              <fieldset>
                <legend>Documents</legend>
                {scopes.map(([scope, label, possible]) => (
                  <label key={scope}>
                    <input
                      type="radio"
                      name="scope"
                      disabled={!possible}
                      checked={x.scope === scope}
                      onChange={() => x.set({ scope })}
                    />{' '}
                    {label}
                  </label>
                ))}
                {x.scope === 'chosen' && <DocumentChooser />}
                <SetSelect
                  label="Only the documents of a set"
                  any="In any set"
                  value={x.setId}
                  onChange={(setId) => x.set({ setId })}
                />
              </fieldset>
            )}
            <fieldset>
              <legend>Codes</legend>
              <label>
                <input type="radio" name="codes" checked={x.allCodes} onChange={() => x.set({ allCodes: true })} /> All
                codes
              </label>
              <label>
                <input type="radio" name="codes" checked={!x.allCodes} onChange={() => x.set({ allCodes: false })} />{' '}
                Codes I choose
              </label>
              {!x.allCodes && (
                <ul className="chooser">
                  {coding.tree.map(({ code, depth }) => (
                    <li key={code.id} style={{ paddingLeft: `${depth}rem` }}>
                      <label>
                        <input
                          type="checkbox"
                          checked={x.chosenCodes.includes(code.id)}
                          onChange={() => x.toggleCode(code.id)}
                        />{' '}
                        <i className="swatch" style={{ background: code.colour }} /> {visible(code.name)}
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </fieldset>
            {x.isReport && (
              <fieldset>
                <legend>The report</legend>
                <label className="field">
                  Title
                  <input
                    value={x.title}
                    placeholder="(the project’s name)"
                    onChange={(e) => x.set({ title: e.target.value })}
                  />
                </label>
                {PARTS.map(([part, label]) => (
                  <label key={part}>
                    <input
                      type="checkbox"
                      checked={x.include[part]}
                      onChange={(e) => x.setInclude(part, e.target.checked)}
                    />{' '}
                    {label}
                  </label>
                ))}
                {x.format === 'pdf' && (
                  <label className="field">
                    Paper
                    <select value={x.paper} onChange={(e) => x.set({ paper: e.target.value as 'A4' | 'Letter' })}>
                      <option value="A4">A4</option>
                      <option value="Letter">US Letter</option>
                    </select>
                  </label>
                )}
              </fieldset>
            )}
          </div>
          <div className="export-preview">
            {x.preview ? (
              <ReportPreview html={x.preview} />
            ) : (
              <div className="placeholder">
                <p>
                  The report as it will be saved: the title page, the codes, each document with its coded passages, and
                  the tables you chose.
                </p>
                <button onClick={() => void x.showPreview()} disabled={Boolean(x.problem)}>
                  Show the preview
                </button>
              </div>
            )}
          </div>
        </div>
        <footer>
          <p role="status" className={x.error || x.problem ? 'error' : undefined}>
            {visible(
              x.error ??
                x.problem ??
                (progress
                  ? `Exporting ${progress.done} of ${progress.total}: ${progress.current}`
                  : x.busy
                    ? 'Exporting…'
                    : x.done),
            )}
          </p>
          {x.notes.length > 0 && (
            <ul className="notes">
              {x.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {progress && <progress max={progress.total} value={progress.done} aria-label="Export progress" />}
          {x.busy ? (
            <button onClick={() => void x.cancel()}>Cancel</button>
          ) : (
            <button
              className="primary"
              onClick={() => void x.run((name, bytes, format) => saveInBrowser(name, bytes, MIME[format]))}
              disabled={Boolean(x.problem)}
            >
              Export
            </button>
          )}
        </footer>
      </div>
    </div>
  );
});
