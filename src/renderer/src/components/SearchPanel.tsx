import { observer } from 'mobx-react-lite';
import type { KeyboardEvent, MouseEvent } from 'react';
import type { SearchHit } from '../../../shared/api.ts';
import { useStore } from '../stores/context.tsx';
import { Marked } from './Marked.tsx';

export const SearchBox = observer(function SearchBox() {
  const { search } = useStore();
  const result = search.result;
  return (
    <div className="search-box">
      <input
        id="search-input"
        type="search"
        aria-label="Search the project"
        placeholder="Search — try Lukashenka~ or &quot;military operation&quot;"
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
        <input type="checkbox" checked={search.variants} onChange={(e) => search.setVariants(e.target.checked)} /> Spelling variants
      </label>
      <div className="search-status" role="status" aria-live="polite">
        {search.error ? (
          <span className="error">{search.error}</span>
        ) : result && search.active ? (
          <span>
            {result.total.toLocaleString()} {result.total === 1 ? 'document' : 'documents'}
            {search.loading ? ' …' : ''}
          </span>
        ) : null}
      </div>
      {search.active && result?.expansions.map((x) => (
        <p key={x.term} className="expansion" data-testid="expansion">
          <strong>{x.term}~</strong> searched as: {x.variants.length ? x.variants.join(', ') : 'no variants in this project'}
        </p>
      ))}
      {search.active && result?.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
    </div>
  );
});

export const SearchResults = observer(function SearchResults() {
  const { search, panes } = useStore();
  const result = search.result;
  if (!result) return null;
  const open = (hit: SearchHit, beside: boolean) => panes.open(hit.document.id, { beside, hit: 0 });
  return (
    <section className="results" aria-label="Search results" data-query={search.resultQuery}>
      <ol>
        {result.results.map((hit) => (
          <li key={hit.document.id}>
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
                {hit.document.title ? <Marked value={{ text: hit.document.title, marks: hit.titleHits }} /> : hit.document.displayTitle}
              </span>
              <span className="meta">{[hit.document.source, hit.document.published, hit.document.author].filter(Boolean).join(' · ')}</span>
              <span className="snippet">
                <Marked value={hit.snippet} />
              </span>
            </button>
            <button className="beside" aria-label={`Open ${hit.document.displayTitle} beside`} title="Open beside" onClick={() => open(hit, true)}>
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
    </section>
  );
});
