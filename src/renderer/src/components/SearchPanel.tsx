import { measureElement, useVirtualizer } from '@tanstack/react-virtual';
import { observer } from 'mobx-react-lite';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type RefObject,
} from 'react';
import type { SearchHit } from '../../../shared/api.ts';
import { plural, visible } from '../../../shared/text.ts';
import { codedAlready, type AutoCodePreview } from '../stores/AutoCodeStore.ts';
import { useStore } from '../stores/context.tsx';
import { Marked } from './Marked.tsx';
import { UndoNotice } from './UndoNotice.tsx';
import { AddToSet, SaveAsSet } from './SetForms.tsx';
import { SetSelect } from './SetSelect.tsx';

export const SearchBox = observer(function SearchBox() {
  const { search } = useStore();
  const result = search.result;
  return (
    <div className="search-box">
      <input
        id="search-input"
        type="search"
        aria-label="Search the project"
        placeholder='Search — try Lukashenka~ or "military operation"'
        value={search.query}
        onChange={(e) => search.setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') search.clear();
          if (e.key === 'Enter') void search.run();
        }}
        spellCheck={false}
        autoComplete="off"
      />
      <label className="toggle">
        <input type="checkbox" checked={search.variants} onChange={(e) => search.setVariants(e.target.checked)} />{' '}
        Spelling variants
      </label>
      <div className="search-status" role="status" aria-live="polite">
        {search.error ? (
          <span className="error">{search.error}</span>
        ) : result && search.active ? (
          <SearchCount />
        ) : null}
      </div>
      {search.active &&
        result?.expansions.map((x) => (
          <p key={x.term} className="expansion" data-testid="expansion">
            <strong>{x.term}~</strong> searched as:{' '}
            {x.variants.length ? x.variants.join(', ') : 'no variants in this project'}
          </p>
        ))}
      {search.active &&
        result?.warnings.map((w) => (
          <p key={w} className="warning">
            {w}
          </p>
        ))}
    </div>
  );
});

/**
 * How many documents were found, and what the list is: every hit ranked, or (a quick first look at a query with many
 * hits) the newest hits ranked and the total estimated, with the way to rank them all.
 */
const SearchCount = observer(function SearchCount() {
  const { search } = useStore();
  const result = search.result!;
  if (result.unranked) {
    const counted = `the documents with ${listed(result.unranked.words.map((w) => `“${w.text}” (about ${w.documents.toLocaleString()})`))}`;
    return (
      <span className="quick-count">
        {search.countText}; the newest first,{' '}
        {search.loading ? `while ranking counts ${counted} …` : `not ranked: ranking would count ${counted}.`}
      </span>
    );
  }
  if (!result.quick)
    return (
      <span>
        {search.countText}
        {search.loading ? ' …' : ''}
      </span>
    );
  return (
    <span className="quick-count">
      {search.countText}; best first among the {result.quick.rankedAmong.toLocaleString()} added most recently.
      {search.loading ? ' …' : ' '}
      <button
        className="link"
        disabled={search.loading}
        onClick={() => search.rankAll()}
        title="Rank every hit and count them exactly (takes longer with many hits)"
      >
        Rank all and count exactly
      </button>
    </span>
  );
});

/** Items as the status line lists them: “a”, “a” and “b”, “a”, “b”, and “c”. */
function listed(items: string[]): string {
  return new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(items);
}

/** The preview in words: how many passages, how many coded already, and what would be left out and why. */
function previewLines(preview: AutoCodePreview | null, chosen: boolean): string[] {
  if (!chosen) return ['Choose the code to give the hits; nothing is coded until you confirm.'];
  if (!preview) return [];
  const already = codedAlready(preview);
  return [
    `${plural(preview.passages, 'passage')} in ${plural(preview.documents, 'document')}${already ? `, ${already} coded with it already` : ''}${preview.conflicts ? `, ${preview.conflicts} left uncoded` : ''}.`,
    ...preview.notes,
  ];
}

/**
 * Auto-code the hits of the shown query: which code (none until the user
 * chooses), the words or their sentences, all results or the ticked ones; a
 * count, then a confirmation naming the code and the numbers, then what was
 * done with its Undo.
 */
const AutoCodeForm = observer(function AutoCodeForm() {
  const { autoCode, coding, search } = useStore();
  const preview = autoCode.preview;
  const chosen = autoCode.chosenIds.length;
  const done = autoCode.done;
  // A new query (or spelling variants turned on) changes what would be coded.
  useEffect(() => void autoCode.refreshPreview(), [autoCode, search.resultQuery, search.variants]);
  return (
    <section className="auto-code" aria-label="Auto-code the hits">
      <label className="field">
        Code
        <select
          aria-label="Code to apply"
          value={autoCode.codeId ?? ''}
          onChange={(e) => autoCode.set({ codeId: Number(e.target.value) })}
        >
          <option value="" disabled>
            Choose a code…
          </option>
          {coding.tree.map(({ code, depth }) => (
            <option key={code.id} value={code.id}>
              {'\u2003'.repeat(depth)}
              {visible(code.name)}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="field">
        <legend>What to code</legend>
        <label>
          <input
            type="radio"
            name="unit"
            checked={autoCode.unit === 'sentence'}
            onChange={() => autoCode.set({ unit: 'sentence' })}
          />{' '}
          each hit’s whole sentence
        </label>
        <label>
          <input
            type="radio"
            name="unit"
            checked={autoCode.unit === 'hit'}
            onChange={() => autoCode.set({ unit: 'hit' })}
          />{' '}
          the words found
        </label>
      </fieldset>
      <fieldset className="field">
        <legend>In</legend>
        <label>
          <input
            type="radio"
            name="scope"
            checked={!autoCode.onlyChosen || !chosen}
            onChange={() => autoCode.set({ onlyChosen: false })}
          />{' '}
          all {search.totalText || 0} documents found
        </label>
        <label title={chosen ? '' : 'Tick results below to choose documents'}>
          <input
            type="radio"
            name="scope"
            disabled={!chosen}
            checked={autoCode.onlyChosen && chosen > 0}
            onChange={() => autoCode.set({ onlyChosen: true })}
          />{' '}
          the {chosen} ticked
        </label>
        <SetSelect
          label="Only the documents of a set"
          any="In any set"
          value={autoCode.setId}
          onChange={(setId) => autoCode.set({ setId })}
        />
      </fieldset>
      {autoCode.error ? (
        <p className="error" role="status">
          {autoCode.error}
        </p>
      ) : done ? (
        <UndoNotice lines={done.lines} onUndo={done.entryId ? () => void autoCode.undo() : undefined} />
      ) : (
        <div className="meta" role="status">
          {previewLines(preview, autoCode.codeId !== null).map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
      {autoCode.confirming && autoCode.question ? (
        <div className="confirm" role="group" aria-label="Confirm auto-coding">
          <p>
            <strong>{autoCode.question}</strong> Undo takes them all back in one step.
          </p>
          <div className="row">
            <button className="primary" autoFocus disabled={autoCode.busy} onClick={() => void autoCode.apply()}>
              Code {plural(preview?.added ?? 0, 'passage')}
            </button>
            <button onClick={() => autoCode.cancel()}>Cancel</button>
          </div>
        </div>
      ) : (
        <div className="row">
          <button
            className="primary"
            disabled={!autoCode.question || autoCode.busy}
            title={
              autoCode.codeId === null
                ? 'Choose a code first'
                : preview?.added === 0
                  ? 'There is no passage left to code with it'
                  : undefined
            }
            onClick={() => autoCode.ask()}
          >
            {autoCode.busy ? 'Coding…' : 'Code…'}
          </button>
          <button onClick={() => autoCode.close()}>Close</button>
        </div>
      )}
    </section>
  );
});

/** A result's height before it is drawn (a title, a line of details, a snippet of five lines or so), in CSS pixels. */
const RESULT_ESTIMATE = 170;
/** Results drawn beyond each edge of the list's view, so scrolling and Tab find them drawn already. */
const RESULT_OVERSCAN = 4;

/** A row's height: measured by the virtualizer's ResizeObserver after layout, never read from the layout while drawing (which would force one). */
const measureRow: NonNullable<Parameters<typeof useVirtualizer<HTMLElement, HTMLLIElement>>[0]['measureElement']> = (
  element,
  entry,
  instance,
) => {
  if (entry) return measureElement(element, entry, instance);
  const index = instance.indexFromElement(element);
  return instance.itemSizeCache.get(instance.options.getItemKey(index)) ?? instance.options.estimateSize(index);
};

/**
 * The height of an element as the layout gives it (0 before its first layout), watched by a ResizeObserver rather
 * than read from the layout: give the ref returned to the element.
 */
function useBlockSize(): [(element: HTMLElement | null) => () => void, number] {
  const [size, setSize] = useState(0);
  const ref = useCallback((element: HTMLElement | null) => {
    const observer = new ResizeObserver(([entry]) => setSize(Math.round(entry?.borderBoxSize[0]?.blockSize ?? 0)));
    if (element) observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}

export const SearchResults = observer(function SearchResults() {
  const { search, autoCode } = useStore();
  const scroller = useRef<HTMLElement>(null);
  const [head, headHeight] = useBlockSize();
  const result = search.result;
  if (!result) return null;
  return (
    <section ref={scroller} className="results" aria-label="Search results" data-query={search.resultQuery}>
      <div ref={head} className="results-head">
        {result.total > 0 && (
          <div className="row set-actions">
            <SaveAsSet
              query={
                search.resultQuery.trim() ? { query: search.resultQuery, variants: search.variants || undefined } : null
              }
            />
            <AddToSet documentIds={autoCode.chosenIds} />
          </div>
        )}
        {result.total > 0 &&
          (autoCode.open ? (
            <AutoCodeForm />
          ) : (
            <button
              className="auto-code-open"
              onClick={() => autoCode.show()}
              title="Code every hit of this search at once"
            >
              Code the hits…
            </button>
          ))}
      </div>
      <ResultList hits={result.results} shown={search.shown} scroller={scroller} margin={headHeight} />
      {search.canLoadMore && (
        <button className="more" onClick={() => void search.loadMore()}>
          Show more results
        </button>
      )}
      {!search.canLoadMore && result.quick && !result.unranked && (
        <p className="meta quick-end">
          These are the best of the {result.quick.rankedAmong.toLocaleString()} documents found that were added most
          recently.{' '}
          <button className="link" disabled={search.loading} onClick={() => search.rankAll()}>
            Rank all {search.totalText} and count exactly
          </button>
        </p>
      )}
    </section>
  );
});

/**
 * The results as a list of which only the rows in view (and a few beyond) are drawn: a keystroke draws a dozen
 * results, not every one loaded. Each row says its place in the whole list (aria-posinset of aria-setsize), the row
 * with the focus stays drawn however far the list scrolls, and the arrow keys, Home and End move between results,
 * bringing the one asked for into view.
 */
const ResultList = observer(function ResultList({
  hits,
  shown,
  scroller,
  margin,
}: {
  hits: SearchHit[];
  /** Which answer the list is (SearchStore.shown): a new one starts at its top. */
  shown: number;
  scroller: RefObject<HTMLElement | null>;
  /** How far below the top of the scrolling section the list starts. */
  margin: number;
}) {
  const list = useRef<HTMLOListElement>(null);
  /** The row holding the focus, drawn whatever the scroll. */
  const focused = useRef<number | null>(null);
  /** A row to give the focus once it is drawn (asked for from the keyboard). */
  const [wanted, setWanted] = useState<{ index: number } | null>(null);
  const virtualizer = useVirtualizer<HTMLElement, HTMLLIElement>({
    count: hits.length,
    getScrollElement: () => scroller.current,
    getItemKey: (index) => hits[index]!.document.id,
    estimateSize: () => RESULT_ESTIMATE,
    measureElement: measureRow,
    overscan: RESULT_OVERSCAN,
    scrollMargin: margin,
    rangeExtractor: (range) => {
      // The rows in view and beyond, and every row between them and the focused one: drawn in order, so none overlaps.
      let from = Math.max(0, range.startIndex - range.overscan);
      let to = Math.min(range.count - 1, range.endIndex + range.overscan);
      // (Only while the focus is in the list: a row that went, with the results it belonged to, holds it no more.)
      const f = list.current?.contains(document.activeElement) ? focused.current : null;
      if (f !== null && f < range.count) [from, to] = [Math.min(from, f), Math.max(to, f)];
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    },
  });
  // A new list (a new answer, not "more") starts at its top, scrolled through the virtualizer, which keeps its own offset.
  useLayoutEffect(() => virtualizer.scrollToOffset(0), [shown, virtualizer]);
  const rows = virtualizer.getVirtualItems();
  // The rows not drawn keep their room, above and below (rows start and end `margin` below the section's top; the total is the list's own).
  const before = rows.length ? rows[0]!.start - margin : 0;
  const after = rows.length ? virtualizer.getTotalSize() - (rows.at(-1)!.end - margin) : 0;

  useLayoutEffect(() => {
    if (!wanted) return;
    list.current?.querySelector<HTMLElement>(`li[data-index="${wanted.index}"] .result`)?.focus();
  }, [wanted]);

  const rowOf = (target: EventTarget): number | null => {
    const row = (target as HTMLElement).closest?.('li[data-index]');
    return row ? Number(row.getAttribute('data-index')) : null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    const at = rowOf(e.target);
    if (at === null || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: hits.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const index = Math.max(0, Math.min(hits.length - 1, to));
    focused.current = index;
    // The first result brings the list's top into view too (what is above it: Save as set, Code the hits).
    if (index === 0) virtualizer.scrollToOffset(0);
    else virtualizer.scrollToIndex(index, { align: 'auto' });
    setWanted({ index });
  };

  return (
    <ol
      ref={list}
      className="result-list"
      style={{ paddingTop: before, paddingBottom: after }}
      onKeyDown={onKeyDown}
      onFocus={(e) => (focused.current = rowOf(e.target))}
      onBlur={(e) => {
        if (!e.relatedTarget || !list.current?.contains(e.relatedTarget as Node)) focused.current = null;
      }}
    >
      {rows.map((row) => (
        <ResultRow
          key={row.key}
          hit={hits[row.index]!}
          index={row.index}
          count={hits.length}
          measure={virtualizer.measureElement}
        />
      ))}
    </ol>
  );
});

/** One result: its tick for auto-coding, the result itself (title, details, snippet) to open, and Open beside. */
const ResultRow = observer(function ResultRow({
  hit,
  index,
  count,
  measure,
}: {
  hit: SearchHit;
  index: number;
  count: number;
  measure: (element: HTMLLIElement | null) => void;
}) {
  const { panes, autoCode } = useStore();
  const open = (beside: boolean) => panes.open(hit.document.id, { beside, hit: 0 });
  return (
    <li ref={measure} data-index={index} aria-posinset={index + 1} aria-setsize={count}>
      <input
        type="checkbox"
        className="choose"
        aria-label={`Choose ${hit.document.displayTitle} for auto-coding`}
        title="Choose for auto-coding"
        checked={autoCode.isChosen(hit.document.id)}
        onChange={() => autoCode.toggleChosen(hit.document.id)}
      />
      <button
        className="result"
        data-document={hit.document.id}
        onClick={(e: MouseEvent) => open(e.shiftKey || e.ctrlKey || e.metaKey)}
        onKeyDown={(e: KeyboardEvent) => {
          if (e.key === 'Enter' && (e.shiftKey || e.ctrlKey)) {
            e.preventDefault();
            open(true);
          }
        }}
        title="Open (Shift+click or Shift+Enter: open beside; arrow keys, Home, End: other results)"
      >
        <span className="result-title">
          {hit.document.title ? (
            <Marked name value={{ text: hit.document.title, marks: hit.titleHits }} />
          ) : (
            visible(hit.document.displayTitle)
          )}
        </span>
        <span className="meta">
          {visible([hit.document.source, hit.document.published, hit.document.author].filter(Boolean).join(' · '))}
        </span>
        <span className="snippet">
          <Marked value={hit.snippet} />
        </span>
      </button>
      <button
        className="beside"
        aria-label={`Open ${hit.document.displayTitle} beside`}
        title="Open beside"
        onClick={() => open(true)}
      >
        ⊞
      </button>
    </li>
  );
});
