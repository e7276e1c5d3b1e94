import { observer } from 'mobx-react-lite';
import { runInAction } from 'mobx';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import type { DocumentDetail, Span } from '../../../shared/api.ts';
import { ARTICLE_EXTENSIONS } from '../../../shared/methods.ts';
import { useStore } from '../stores/context.tsx';
import { READ_ONLY_TITLE } from '../stores/LibraryStore.ts';
import { CompareBar } from './Compare.tsx';
import type { Pane } from '../stores/PanesStore.ts';
import { CodedText } from './CodedText.tsx';
import { linesOf } from './blocks.ts';
import { StoredMemo } from './StoredMemo.tsx';
import { Marked } from './Marked.tsx';
import { DocumentDetails } from './DocumentDetails.tsx';
import { ReadingNotes } from './ReadingNotes.tsx';
import { Orphans } from './Orphans.tsx';
import { UndoNotice } from './UndoNotice.tsx';
import { visible } from '../../../shared/text.ts';

/** Scroll positions kept in step across panes, as a fraction of each pane's height. */
class ScrollSync {
  private readonly elements = new Map<number, HTMLElement>();
  private applying = false;
  register(key: number, element: HTMLElement | null): void {
    if (element) this.elements.set(key, element);
    else this.elements.delete(key);
  }
  follow(key: number): void {
    if (this.applying) return;
    const source = this.elements.get(key);
    if (!source) return;
    const fraction = source.scrollTop / Math.max(1, source.scrollHeight - source.clientHeight);
    this.applying = true;
    for (const [k, el] of this.elements) if (k !== key) el.scrollTop = fraction * (el.scrollHeight - el.clientHeight);
    requestAnimationFrame(() => (this.applying = false));
  }
}

/** The split reader: up to four resizable panes side by side. */
export const Reader = observer(function Reader() {
  const { panes } = useStore();
  const sync = useMemo(() => new ScrollSync(), []);
  return (
    <div className="reader-column">
      <CompareBar />
      <Announcer />
      <Group orientation="horizontal" className="reader" id="reader">
        {panes.panes.map((pane, i) => (
          <PaneSlot key={pane.key} pane={pane} index={i} sync={sync} last={i === panes.panes.length - 1} />
        ))}
      </Group>
    </div>
  );
});

const PaneSlot = observer(function PaneSlot({
  pane,
  index,
  sync,
  last,
}: {
  pane: Pane;
  index: number;
  sync: ScrollSync;
  last: boolean;
}) {
  return (
    <>
      <Panel id={`pane-${pane.key}`} minSize="15" className="pane-panel">
        <PaneView pane={pane} index={index} sync={sync} />
      </Panel>
      {!last && <Separator className="pane-separator" aria-label="Resize panes" />}
    </>
  );
});

const PaneView = observer(function PaneView({ pane, index, sync }: { pane: Pane; index: number; sync: ScrollSync }) {
  const root = useStore();
  const { panes, documents, imports, library, coding } = root;
  const body = useRef<HTMLDivElement>(null);
  const newVersion = useRef<HTMLInputElement>(null);
  const [memoOpen, setMemoOpen] = useState(false);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const focused = panes.focused === index;
  const doc = pane.documentId === null ? undefined : documents.get(pane.documentId);
  const error = pane.documentId === null ? undefined : documents.errors.get(pane.documentId);
  // The text is drawn once, with its codings: never first bare and then again coded (an article looking uncoded for a
  // moment, and drawn twice); when its codings cannot be read, it is drawn without them and the pane says why.
  const codingsError = doc ? coding.loadErrors.get(doc.id) : undefined;
  const ready = doc && coding.codingsSettled(doc.id) ? doc : undefined;
  // A long text's lines are found while its codings are on their way (the text usually comes first): the text is then
  // drawn, once they are here, with its lines found already.
  useEffect(() => void (doc && !ready && linesOf(doc.body)), [doc, ready]);
  // The last session's scroll position, put back once the text is there, and held for a moment while the
  // reader settles (codings arriving, the panel taking its place); the user's own scrolling ends it at once.
  useLayoutEffect(() => {
    const at = pane.restoreScroll;
    if (at === null || !ready || !body.current) return;
    requestAnimationFrame(() => body.current && (body.current.scrollTop = at));
    const settled = setTimeout(() => runInAction(() => (pane.restoreScroll = null)), 1500);
    return () => clearTimeout(settled);
  }, [ready, pane, pane.restoreScroll]);
  // One ref for the pane's life: a new function each drawing would be let go and set again after the text's own layout
  // effects ran, and the reader would find no scroll element when the text is drawn with the pane's first answer.
  const bodyRef = useCallback(
    (el: HTMLDivElement | null) => {
      body.current = el;
      sync.register(pane.key, el);
    },
    [sync, pane.key],
  );
  const userScrolls = () => pane.restoreScroll !== null && runInAction(() => (pane.restoreScroll = null));

  return (
    <article
      className={`pane${focused ? ' focused' : ''}`}
      aria-label={`Pane ${index + 1}${doc ? `: ${doc.displayTitle}` : ''}`}
      data-pane={index}
      onFocusCapture={() => panes.focus(index)}
      onMouseDown={() => panes.focus(index)}
    >
      <header className="pane-header">
        <span className="pane-number" aria-hidden="true">
          {index + 1}
        </span>
        {doc ? (
          <DocumentHeading doc={doc} titleHits={pane.titleHits} />
        ) : (
          <span className="placeholder-title">{error ? visible(error) : 'Empty pane'}</span>
        )}
        <div className="pane-tools">
          {pane.hits.length > 0 && (
            <span className="hit-nav">
              <button aria-label="Previous hit" onClick={() => pane.showHit(pane.activeHit - 1)}>
                ↑
              </button>
              <span className="hit-count" data-testid="hit-count">
                {pane.activeHit + 1} / {pane.hits.length}
              </span>
              <button aria-label="Next hit" onClick={() => pane.showHit(pane.activeHit + 1)}>
                ↓
              </button>
            </span>
          )}
          {doc && (
            <button
              aria-label="Edit details"
              aria-pressed={detailsOpen}
              title="Correct the title, source, author, date or address"
              onClick={() => setDetailsOpen(!detailsOpen)}
            >
              <i className="info-glyph">i</i>
            </button>
          )}
          {doc && (
            <button
              aria-label="Document memo"
              aria-pressed={memoOpen}
              title="Memo on this document"
              onClick={() => setMemoOpen(!memoOpen)}
            >
              ✎
            </button>
          )}
          {doc && (
            <>
              <button
                aria-label="Replace with a new version"
                title={
                  library.readOnly
                    ? READ_ONLY_TITLE
                    : 'Replace the text with a new version of the file; codings are found again in it'
                }
                disabled={library.readOnly}
                onClick={() => newVersion.current?.click()}
              >
                ⟳
              </button>
              <input
                ref={newVersion}
                type="file"
                hidden
                accept={ARTICLE_EXTENSIONS.join(',')}
                aria-label="New version of this document"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void imports.replaceDocument(doc.id, file);
                  e.target.value = '';
                }}
              />
            </>
          )}
          <button
            aria-label="Move pane left"
            disabled={index === 0}
            onClick={() => (panes.focus(index), panes.move(-1))}
          >
            ←
          </button>
          <button
            aria-label="Move pane right"
            disabled={index === panes.panes.length - 1}
            onClick={() => (panes.focus(index), panes.move(1))}
          >
            →
          </button>
          <button aria-label="Close pane" onClick={() => panes.close(index)}>
            ×
          </button>
        </div>
      </header>
      {doc && detailsOpen && <DocumentDetails key={doc.id} doc={doc} onClose={() => setDetailsOpen(false)} />}
      {doc && <ReadingNotes doc={doc} />}
      {doc && <Orphans documentId={doc.id} />}
      {doc && <HiddenCodes />}
      {doc && codingsError !== undefined && (
        <p className="codings-error error pad" role="alert">
          The codings of this document could not be read, so none are shown: {visible(codingsError)}{' '}
          <button className="link" onClick={() => void coding.loadCodings(doc.id).catch(() => undefined)}>
            Try again
          </button>
        </p>
      )}
      {doc && memoOpen && (
        <StoredMemo target="document" id={doc.id} documentId={doc.id} label="Memo on this document" />
      )}
      <div
        className="pane-body"
        ref={bodyRef}
        onWheel={userScrolls}
        onPointerDown={userScrolls}
        onKeyDown={userScrolls}
        onScroll={(e) => {
          const restoring = pane.restoreScroll;
          if (restoring !== null && doc && Math.abs(e.currentTarget.scrollTop - restoring) > 2)
            return void (e.currentTarget.scrollTop = restoring);
          if (panes.syncScroll) sync.follow(pane.key);
          pane.scrollTop = e.currentTarget.scrollTop;
          root.saveLayout();
        }}
        tabIndex={0}
        aria-label="Document text"
      >
        {ready ? (
          <CodedText
            documentId={ready.id}
            text={ready.body}
            hits={pane.hits}
            doubtful={ready.ocr?.doubtful}
            active={pane.activeHit}
            focusCoding={pane.focusCoding}
            scrollRequest={pane.scrollRequest}
            scrollElement={() => body.current}
          />
        ) : (
          <p className="placeholder">
            {pane.documentId === null
              ? 'Open a document from the library or the search results. Shift+click opens it beside this one.'
              : error
                ? ''
                : 'Loading…'}
          </p>
        )}
      </div>
      {doc && <CodingNoticeToast documentId={doc.id} />}
    </article>
  );
});

/** Changes to codings said to screen readers: “Coded ‘Belarus neutral’: “quote…””. */
const Announcer = observer(function Announcer() {
  const { coding } = useStore();
  return (
    <p className="sr-only" role="status" aria-live="polite" data-testid="announcer">
      {coding.announcement}
    </p>
  );
});

/**
 * What coding a passage of this document did besides (a stance value replaced), or why it failed: at the foot of the
 * pane, with Undo for that step. Also why a passage or hit asked for could not be shown, with what to do about it.
 */
const CodingNoticeToast = observer(function CodingNoticeToast({ documentId }: { documentId: number }) {
  const { coding } = useStore();
  const notice = coding.notice;
  if (notice?.documentId !== documentId) return null;
  return (
    <UndoNotice
      className="coding-notice"
      lines={notice.lines}
      failed={notice.failed}
      onUndo={notice.entryId ? () => void coding.undoNotice() : undefined}
      action={notice.action}
      onDismiss={() => coding.dismissNotice()}
    />
  );
});

/** Codes hidden in the reader are said, with the way back: never a silent gap in the margin. */
const HiddenCodes = observer(function HiddenCodes() {
  const { coding } = useStore();
  if (!coding.hiddenCodes.length) return null;
  const names = coding.hiddenCodes.map((id) => visible(coding.code(id)?.name ?? '')).filter(Boolean);
  return (
    <p className="hidden-codes pad" role="status">
      Not shown here: {names.join(', ')}.{' '}
      <button className="link" onClick={() => coding.showAllCodes()}>
        Show all codes
      </button>
    </p>
  );
});

function DocumentHeading({ doc, titleHits }: { doc: DocumentDetail; titleHits: Span[] }) {
  const meta = [doc.source, doc.published, doc.author].filter(Boolean).join(' · ');
  const link = doc.url && /^https?:\/\//i.test(doc.url) ? doc.url : null;
  return (
    <div className="doc-heading">
      <h2>{doc.title ? <Marked name value={{ text: doc.title, marks: titleHits }} /> : visible(doc.displayTitle)}</h2>
      {doc.titleDerived && (
        <p
          className="derived-title"
          title="The text has no headline: this title is its opening, shortened. Edit the details to give it one."
        >
          Title taken from the text · file {visible(doc.filename)}
        </p>
      )}
      <p className="meta">
        {visible(meta || (doc.titleDerived ? '' : doc.filename))}
        {link && (
          <>
            {' · '}
            <a href={link} target="_blank" rel="noopener noreferrer">
              source page
            </a>
          </>
        )}
      </p>
    </div>
  );
}
