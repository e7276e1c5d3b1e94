import { useVirtualizer } from '@tanstack/react-virtual';
import { observer } from 'mobx-react-lite';
import { useEffect, useRef, useState } from 'react';
import { useStore } from '../stores/context.tsx';
import { READ_ONLY_TITLE } from '../stores/LibraryStore.ts';
import type { SortField } from '../stores/LibraryStore.ts';
import { AttributeFilterSelect } from './AttributeFilterSelect.tsx';
import { CleanupDialog } from './CleanupDialog.tsx';
import { SaveAsSet } from './SetForms.tsx';
import { visible } from '../../../shared/text.ts';

const ROW_HEIGHT = 56;

/** The project's document sets with how many documents each holds now: one click shows a set's documents, again shows all. */
const SetsSection = observer(function SetsSection() {
  const { library } = useStore();
  const chosen = library.filter.setId;
  return (
    <section className="library-sets" aria-label="Document sets">
      <div className="row">
        <h3>Sets</h3>
        {!library.sets.length && (
          <span className="meta">None yet: save a search or filter, or tick search results to add them.</span>
        )}
        <SaveAsSet query={library.filterQuery} />
      </div>
      {library.sets.length > 0 && (
        <ul>
          {library.sets.map((s) => (
            <li key={s.id}>
              <button
                className="set-button"
                aria-pressed={chosen === s.id}
                title={[s.kind === 'hand' ? 'Made by hand' : `Saved search: ${s.queryText}`, s.description, ...s.notes]
                  .filter(Boolean)
                  .join('\n')}
                onClick={() => library.setFilter({ setId: chosen === s.id ? null : s.id })}
              >
                {s.kind === 'query' && <span aria-hidden="true">⟳ </span>}
                {visible(s.name)} <span className="set-count">{s.count}</span>
              </button>
              {s.notes.length > 0 && (
                <span className="warning set-note" role="note">
                  {visible(s.notes[0]!)}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});

/** Every document, filtered and sorted; only the rows on screen are rendered and fetched. */
export const Library = observer(function Library() {
  const { library, panes, attributes, coderView } = useStore();
  const scroller = useRef<HTMLDivElement>(null);
  const [cleaning, setCleaning] = useState(false);
  const virtualizer = useVirtualizer({
    count: library.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (library.total) library.ensureRows(first, last);
  }, [library, first, last, library.total]);

  return (
    <section className="library" aria-label="Library">
      <div className="library-filters">
        <input
          type="search"
          aria-label="Filter documents"
          placeholder="Filter by title, source, author…"
          value={library.filter.text}
          onChange={(e) => library.setFilter({ text: e.target.value })}
        />
        <div className="row">
          <select
            aria-label="Source"
            value={library.filter.source}
            onChange={(e) => library.setFilter({ source: e.target.value })}
          >
            <option value="">All sources</option>
            {library.sources.map((s) => (
              <option key={s.source} value={s.source}>
                {visible(s.source)} ({s.documents})
              </option>
            ))}
          </select>
          <AttributeFilterSelect
            label="Attribute"
            any="Any attribute"
            value={library.filter.attribute}
            onChange={(attribute) => library.setFilter({ attribute })}
          />
          <select
            aria-label="Sort by"
            value={`${library.sort}:${library.descending ? 'desc' : 'asc'}`}
            onChange={(e) => {
              const [sort, direction] = e.target.value.split(':');
              library.setSort(sort as SortField, direction === 'desc');
            }}
          >
            <option value="imported:asc">Order imported</option>
            <option value="title:asc">Title A–Z</option>
            <option value="source:asc">Source A–Z</option>
            <option value="published:desc">Newest first</option>
            <option value="published:asc">Oldest first</option>
          </select>
          <button
            onClick={() => setCleaning(true)}
            disabled={library.readOnly}
            title={
              library.readOnly
                ? READ_ONLY_TITLE
                : 'Remove scraped page furniture (captions, “SEE ALSO”, comment forms…) from the documents'
            }
          >
            Clean up…
          </button>
          <button
            onClick={() => attributes.show()}
            title="Attributes of every document (outlet type, country…), as a table to edit, sort and paste into"
          >
            Attributes…
          </button>
        </div>
        {cleaning && <CleanupDialog onClose={() => setCleaning(false)} />}
        <div className="row">
          <label>
            From{' '}
            <input
              type="date"
              aria-label="Published from"
              value={library.filter.dateFrom}
              onChange={(e) => library.setFilter({ dateFrom: e.target.value })}
            />
          </label>
          <label>
            To{' '}
            <input
              type="date"
              aria-label="Published to"
              value={library.filter.dateTo}
              onChange={(e) => library.setFilter({ dateTo: e.target.value })}
            />
          </label>
        </div>
      </div>
      <SetsSection />
      <p className="count" role="status">
        {library.error ? (
          <span className="error">{visible(library.error)}</span>
        ) : (
          `${library.total.toLocaleString()} ${library.total === 1 ? 'document' : 'documents'}`
        )}
      </p>
      <div ref={scroller} className="library-list" role="list">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const doc = library.rowAt(item.index);
            return (
              <div
                key={item.key}
                role="listitem"
                className="library-row"
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                {doc ? (
                  <button
                    className="doc-button"
                    data-document={doc.id}
                    onClick={(e) => panes.open(doc.id, { beside: e.shiftKey || e.ctrlKey || e.metaKey })}
                    title="Open (Shift+click: open beside)"
                  >
                    <span className="doc-title">
                      {visible(doc.displayTitle)}
                      {/* While blind coding's counts are read again, the count read before is not shown. */}
                      {!coderView.hiding && doc.codingCount > 0 && (
                        <span className="coding-count" title={`${doc.codingCount} codings`}>
                          {doc.codingCount}
                        </span>
                      )}
                    </span>
                    <span
                      className="meta"
                      title={[doc.source, doc.published, doc.author].filter(Boolean).join(' · ') || undefined}
                    >
                      {visible(
                        [doc.source, doc.published, doc.author].filter(Boolean).join(' · ') ||
                          (doc.title || doc.titleDerived ? doc.filename : 'no source or date found'),
                      )}
                    </span>
                  </button>
                ) : (
                  <span className="loading-row">…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
});
