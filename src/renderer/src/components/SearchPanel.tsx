import { observer } from 'mobx-react-lite';
import { useEffect, type KeyboardEvent, type MouseEvent } from 'react';
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

export const SearchResults = observer(function SearchResults() {
  const { search, panes, autoCode } = useStore();
  const result = search.result;
  if (!result) return null;
  const open = (hit: SearchHit, beside: boolean) => panes.open(hit.document.id, { beside, hit: 0 });
  return (
    <section className="results" aria-label="Search results" data-query={search.resultQuery}>
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
      <ol>
        {result.results.map((hit) => (
          <li key={hit.document.id}>
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
              onClick={(e: MouseEvent) => open(hit, e.shiftKey || e.ctrlKey || e.metaKey)}
              onKeyDown={(e: KeyboardEvent) => {
                if (e.key === 'Enter' && (e.shiftKey || e.ctrlKey)) {
                  e.preventDefault();
                  open(hit, true);
                }
              }}
              title="Open (Shift+click or Shift+Enter: open beside)"
            >
              <span className="result-title">
                {hit.document.title ? (
                  <Marked name value={{ text: hit.document.title, marks: hit.titleHits }} />
                ) : (
                  visible(hit.document.displayTitle)
                )}
              </span>
              <span className="meta">
                {visible(
                  [hit.document.source, hit.document.published, hit.document.author].filter(Boolean).join(' · '),
                )}
              </span>
              <span className="snippet">
                <Marked value={hit.snippet} />
              </span>
            </button>
            <button
              className="beside"
              aria-label={`Open ${hit.document.displayTitle} beside`}
              title="Open beside"
              onClick={() => open(hit, true)}
            >
              ⊞
            </button>
          </li>
        ))}
      </ol>
      {search.canLoadMore && (
        <button className="more" onClick={() => void search.loadMore()}>
          Show more results
        </button>
      )}
      {!search.canLoadMore && result.quick && (
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
