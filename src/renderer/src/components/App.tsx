import { observer } from 'mobx-react-lite';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { count, plural, visible } from '../../../shared/text.ts';
import { documentIdsOf } from '../../../shared/import-report.ts';
import { CleanupStore } from '../stores/CleanupStore.ts';
import { useStore } from '../stores/context.tsx';
import { READ_ONLY_TITLE } from '../stores/LibraryStore.ts';
import { ARTICLE_EXTENSIONS, EXCHANGE_EXTENSIONS } from '../../../shared/methods.ts';
import { languageNames, OCR_LANGUAGE_CODES, OCR_LANGUAGES } from '../../../shared/ocr.ts';
import { MAX_PANES } from '../stores/PanesStore.ts';
import { AnalysisPanel } from './AnalysisPanel.tsx';
import { BackupsDialog } from './BackupsDialog.tsx';
import { AttributesDialog } from './AttributesDialog.tsx';
import { CoderViewControl } from './CoderViewControl.tsx';
import { CleanupDialog } from './CleanupDialog.tsx';
import { CodesPanel } from './CodesPanel.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { List, MergeButton, MergeDialog, UncertainCoding } from './MergeDialog.tsx';
import { Library } from './Library.tsx';
import { Reader } from './Reader.tsx';
import { SearchBox, SearchResults } from './SearchPanel.tsx';

/** Loaded when first opened: the dialog brings the preview's sanitiser, which the workbench does not need before. */
const ExportDialog = lazy(() => import('./ExportDialog.tsx').then((m) => ({ default: m.ExportDialog })));

/** Keyboard shortcuts; Alt-based so a browser tab's own shortcuts keep working. */
function useShortcuts() {
  const { panes, coding } = useStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing =
        e.target instanceof HTMLInputElement ||
        e.target instanceof HTMLSelectElement ||
        e.target instanceof HTMLTextAreaElement;
      const mod = e.ctrlKey || e.metaKey;
      if (!typing && mod && (e.key === 'z' || e.key === 'Z' || e.key === 'y')) {
        // Text fields keep their own undo; elsewhere it is the project's.
        e.preventDefault();
        if (e.key === 'y' || e.shiftKey) void coding.redo();
        else void coding.undo();
      } else if ((e.key === 'k' && mod) || (e.key === '/' && !typing)) {
        e.preventDefault();
        document.getElementById('search-input')?.focus();
      } else if (e.altKey && /^[1-4]$/.test(e.key)) {
        e.preventDefault();
        panes.focus(Number(e.key) - 1);
        document.querySelector<HTMLElement>(`[data-pane="${Number(e.key) - 1}"] .pane-body`)?.focus();
      } else if (e.key === 'F3' || (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp'))) {
        e.preventDefault();
        if (e.shiftKey || e.key === 'ArrowUp') panes.previousHit();
        else panes.nextHit();
      } else if (e.altKey && e.shiftKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
        e.preventDefault();
        panes.move(e.key === 'ArrowLeft' ? -1 : 1);
      } else if (e.altKey && (e.key === 'w' || e.key === 'W')) {
        e.preventDefault();
        panes.close();
      } else if (e.altKey && (e.key === 'n' || e.key === 'N')) {
        e.preventDefault();
        panes.addPane();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [panes, coding]);
}

/** The desktop app's menu commands. */
function useShellCommands() {
  const root = useStore();
  useEffect(
    () =>
      window.quireShell?.onCommand((command) => {
        if (command === 'find') document.getElementById('search-input')?.focus();
        else if (command === 'newPane') root.panes.addPane();
        else if (command === 'closePane') root.panes.close();
        else if (command === 'nextHit') root.panes.nextHit();
        else if (command === 'previousHit') root.panes.previousHit();
        else if (command === 'undo' || command === 'redo') {
          const field = document.activeElement;
          if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) document.execCommand(command);
          else void (command === 'undo' ? root.coding.undo() : root.coding.redo());
        } else if (command === 'projectChanged') void root.reset();
      }),
    [root],
  );
}

export const App = observer(function App() {
  const { search, panes, imports, coding, analysis, exporting, library } = useStore();
  const fileInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [tab, setTab] = useState<'library' | 'codes'>('library');
  const [backups, setBackups] = useState(false);
  const readOnly = library.readOnly;
  useShortcuts();
  useShellCommands();
  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        if (!readOnly && e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void imports.importFiles([...e.dataTransfer.files]);
      }}
    >
      <header className="topbar">
        <h1>Quire</h1>
        <div className="topbar-tools">
          <button
            onClick={() => fileInput.current?.click()}
            disabled={imports.busy || readOnly}
            title={readOnly ? READ_ONLY_TITLE : undefined}
          >
            {imports.busy ? 'Importing…' : 'Import files…'}
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            accept={[...ARTICLE_EXTENSIONS, ...EXCHANGE_EXTENSIONS].join(',')}
            aria-label="Files to import"
            onChange={(e) => {
              void imports.importFiles([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
          <OcrLanguages />
          <MergeButton disabled={readOnly} title={readOnly ? READ_ONLY_TITLE : undefined} />
          <button onClick={() => panes.addPane()} disabled={panes.panes.length >= MAX_PANES} title="New pane (Alt+N)">
            + Pane
          </button>
          <label className="toggle">
            <input type="checkbox" checked={panes.syncScroll} onChange={(e) => panes.setSyncScroll(e.target.checked)} />{' '}
            Sync scrolling
          </label>
          <button
            onClick={() => (analysis.open ? analysis.close() : analysis.show(analysis.tab))}
            aria-pressed={analysis.open}
            title="Coded segments, the code matrix, agreement, stances, co-occurrence, code queries, concordance, words and memos, beside the reader"
          >
            Analysis
          </button>
          <button
            onClick={() => exporting.show()}
            title="Export a report, the coded segments, or the project for another QDA program"
          >
            Export…
          </button>
          <button
            onClick={() => setBackups(true)}
            title="The project’s backups beside it: see them, restore one as a new project"
          >
            Backups…
          </button>
          <button
            onClick={() => void coding.undo()}
            title={readOnly ? READ_ONLY_TITLE : 'Undo (Ctrl+Z)'}
            disabled={readOnly}
          >
            Undo
          </button>
          <button
            onClick={() => void coding.redo()}
            title={readOnly ? READ_ONLY_TITLE : 'Redo (Ctrl+Shift+Z)'}
            disabled={readOnly}
          >
            Redo
          </button>
          <button
            title="Your name on the codings and memos you make"
            onClick={() => {
              const name = window.prompt('Your name as a coder:', coding.coder);
              if (name?.trim()) void coding.setCoder(name.trim());
            }}
          >
            Coder: {visible(coding.coder) || '…'}
          </button>
          <CoderViewControl />
          {coding.lastAction && (
            <span className="undo-status" role="status">
              {coding.lastAction}
            </span>
          )}
        </div>
      </header>
      <ProjectNotices />
      <div className="banners">
        <ImportReportBanner />
        <CodebookNotice />
      </div>
      <aside className="sidebar">
        <SearchBox />
        {search.active ? (
          <SearchResults />
        ) : (
          <>
            <div className="tabs" role="tablist">
              <button role="tab" aria-selected={tab === 'library'} onClick={() => setTab('library')}>
                Library
              </button>
              <button role="tab" aria-selected={tab === 'codes'} onClick={() => setTab('codes')}>
                Codes
              </button>
            </div>
            <ErrorBoundary key={tab} what={tab === 'library' ? 'The library' : 'The codes panel'}>
              {tab === 'library' ? <Library /> : <CodesPanel />}
            </ErrorBoundary>
          </>
        )}
      </aside>
      <main
        className={`main${analysis.open ? ` with-analysis analysis-${analysis.dock}${analysis.collapsed ? ' collapsed' : ''}${analysis.showingTab ? ' showing-analysis' : ''}` : ''}`}
      >
        {analysis.open && analysis.dock === 'tab' && <MainTabs />}
        <ErrorBoundary what="The reader">
          <Reader />
        </ErrorBoundary>
        {analysis.open && (
          <ErrorBoundary what="The analysis panel">
            <AnalysisPanel />
          </ErrorBoundary>
        )}
      </main>
      {exporting.open && (
        <Suspense fallback={null}>
          <ExportDialog />
        </Suspense>
      )}
      <MergeDialog />
      {backups && <BackupsDialog onClose={() => setBackups(false)} />}
      <AttributesDialog />
    </div>
  );
});

/** The Analysis panel undocked to a tab: the reader and the analysis take turns in the whole of the main area. */
const MainTabs = observer(function MainTabs() {
  const { analysis } = useStore();
  return (
    <div className="tabs main-tabs" role="tablist" aria-label="Reader or analysis">
      <button role="tab" aria-selected={!analysis.showingTab} onClick={() => analysis.showTab(false)}>
        Reader
      </button>
      <button role="tab" aria-selected={analysis.showingTab} onClick={() => analysis.showTab(true)}>
        Analysis
      </button>
    </div>
  );
});

/** What the user must know about the project while working in it: it is read-only (and why), a backup could not be made. */
const ProjectNotices = observer(function ProjectNotices() {
  const { library } = useStore();
  if (!library.notices.length) return null;
  return (
    <div className={`project-notices${library.readOnly ? ' read-only' : ''}`} role="status">
      {library.readOnly && <strong>Read-only</strong>}
      <ul>
        {library.notices.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
});

/** Near-duplicates offered at once; the next ones show as these are settled. */
const NEAR_SHOWN = 10;

/** Documents just imported that are very like ones already here (the same wire story): keep both, or remove the new one. */
const NearDuplicates = observer(function NearDuplicates() {
  const root = useStore();
  const [settled, setSettled] = useState<number[]>([]);
  const flagged = (root.imports.report?.files ?? []).filter(
    (f) => f.similar?.length && f.documentId !== undefined && !settled.includes(f.documentId),
  );
  if (!flagged.length) return null;
  return (
    <ul className="near-duplicates" aria-label="Near-duplicates">
      {flagged.slice(0, NEAR_SHOWN).map((f) => (
        <li key={f.documentId}>
          “{visible(f.title ?? f.path)}” is very like “{visible(f.similar![0]!.title)}” (
          {Math.round(f.similar![0]!.similarity * 100)}% of its passages are the same).{' '}
          <button onClick={() => setSettled([...settled, f.documentId!])}>Keep both</button>{' '}
          <button
            onClick={() =>
              void root.edits.remove([f.documentId!]).then((removed) => {
                if (removed) setSettled([...settled, f.documentId!]);
              })
            }
          >
            Remove the new one
          </button>
        </li>
      ))}
      {flagged.length > NEAR_SHOWN && (
        <li className="meta">
          and {plural(flagged.length - NEAR_SHOWN, 'more near-duplicate')}, shown as you settle these.
        </li>
      )}
      {root.edits.request.error && (
        <li className="error" role="alert">
          {visible(root.edits.request.error)}
        </li>
      )}
    </ul>
  );
});

/** Scraped furniture in the documents just imported: offered for review, never removed unasked. */
const ImportCleanup = observer(function ImportCleanup() {
  const root = useStore();
  const ids = root.imports.report ? documentIdsOf(root.imports.report) : [];
  const key = ids.join(',');
  // The lines the engine's rules would remove from what was just imported (counted only: nothing is removed unasked).
  const furniture = useMemo(() => (key ? new CleanupStore(root, key.split(',').map(Number)) : null), [root, key]);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    void furniture?.refresh();
  }, [furniture]);
  const lines = furniture?.lines ?? 0;
  if (!lines) return null;
  return (
    <>
      <button onClick={() => setOpen(true)}>Review {lines} lines of page furniture…</button>
      {open && <CleanupDialog documentIds={ids} onClose={() => setOpen(false)} />}
    </>
  );
});

/** What the last codebook change or placed orphan did besides the obvious (another value of an exclusive group replaced or cut back, the latest value kept). */
const CodebookNotice = observer(function CodebookNotice() {
  const { coding } = useStore();
  if (!coding.codebookNotice) return null;
  return (
    <div className="banner codebook-notice" role="status" aria-live="polite">
      <span>{visible(coding.codebookNotice)}</span>
      <button aria-label="Dismiss" title="Dismiss" onClick={() => coding.dismissCodebookNotice()}>
        ×
      </button>
    </div>
  );
});

const ImportReportBanner = observer(function ImportReportBanner() {
  const { imports } = useStore();
  const report = imports.report;
  if (!report && !imports.error && !imports.exchange.length) return null;
  const problems = report?.files.filter((f) => f.status !== 'imported') ?? [];
  // What was noticed in the files that did import: the encoding they were read in, bytes that could not be read, and where.
  const notes =
    report?.files.flatMap((f) => (f.status === 'imported' ? f.warnings.map((w) => ({ path: f.path, note: w })) : [])) ??
    [];
  return (
    <div className="banner" role="status" aria-live="polite">
      {imports.error ? (
        <span className="error">The import failed: {visible(imports.error)}</span>
      ) : (
        report && (
          <span>
            Imported {plural(report.imported, report.fromExports ? 'document' : 'file')}
            {report.duplicates ? `, ${count(report.duplicates)} already in the project` : ''}
            {report.failed ? `, ${count(report.failed)} failed` : ''}.
          </span>
        )
      )}
      {imports.exchange.map(({ name, report: r }) => (
        <div key={name} className="exchange-report">
          <span>
            From {visible(name)}:{' '}
            {(
              [
                [r.documents, 'document'],
                [r.codes, 'code'],
                [r.groups, 'group'],
                [r.codings, 'coding'],
                [r.memos, 'memo'],
                [r.users, 'coder'],
              ] as const
            )
              .map(([n, what]) => plural(n, what))
              .join(', ')}
            . Undo takes it all back.
          </span>
          {r.notes.length + r.skipped.length > 0 && (
            <ul>
              {r.notes.map((n) => (
                <li key={n}>{visible(n)}</li>
              ))}
              {r.skipped.map((n) => (
                <li key={n}>Not carried over: {visible(n)}</li>
              ))}
            </ul>
          )}
          <List
            title="Codings to check"
            items={r.uncertain.map((k) => (
              <UncertainCoding k={k} />
            ))}
            shown={5}
          />
        </div>
      ))}
      <ImportCleanup />
      <NearDuplicates />
      {problems.length > 0 && (
        <ul>
          {problems.slice(0, 10).map((f) => (
            <li key={f.path}>
              {visible(f.path)}: {visible(f.message)}
            </li>
          ))}
          {problems.length > 10 && <li>… and {count(problems.length - 10)} more to look at</li>}
        </ul>
      )}
      {report?.more && (
        <p className="import-more">
          {count(report.more.count)} more to look at {report.more.count === 1 ? 'is' : 'are'} listed in{' '}
          {visible(report.more.log)}.
        </p>
      )}
      {notes.length > 0 && (
        <ul className="import-notes" aria-label="Import notes">
          {notes.slice(0, 10).map(({ path, note }, i) => (
            <li key={i}>
              {visible(path)}: {visible(note)}
            </li>
          ))}
          {notes.length > 10 && <li>… and {plural(notes.length - 10, 'more note')}</li>}
        </ul>
      )}
      <button aria-label="Dismiss" onClick={() => imports.dismiss()}>
        ×
      </button>
    </div>
  );
});

/** The languages OCR reads scans and pictures in, for the next import. */
const OcrLanguages = observer(function OcrLanguages() {
  const { imports } = useStore();
  return (
    <details className="ocr-languages">
      <summary title="The languages of scans and pictures of text, which Quire reads by OCR">
        OCR: {languageNames(imports.ocrLanguages)}
      </summary>
      <fieldset>
        <legend>Read scans and pictures in</legend>
        {OCR_LANGUAGE_CODES.map((code) => (
          <label key={code}>
            <input
              type="checkbox"
              checked={imports.ocrLanguages.includes(code)}
              onChange={() => imports.toggleOcrLanguage(code)}
            />{' '}
            {OCR_LANGUAGES[code]}
          </label>
        ))}
      </fieldset>
    </details>
  );
});
