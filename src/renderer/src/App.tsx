import { useEffect, useState } from 'react';
import type { DocumentSummary, SearchOutput } from '../../shared/api.ts';
import { apiClient } from './api.ts';
import { Marked } from './Marked.tsx';

/** A first, minimal view of the project: its documents and a search box. The workbench comes next. */
const api = apiClient();

export function App() {
  const [documents, setDocuments] = useState<DocumentSummary[]>([]);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SearchOutput | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.listDocuments({}).then((r) => setDocuments(r.documents), (e: Error) => setError(e.message));
  }, [api]);

  useEffect(() => {
    if (!query.trim()) return setResults(null);
    const timer = setTimeout(() => {
      api.search({ query }).then(setResults, (e: Error) => setError(e.message));
    }, 150);
    return () => clearTimeout(timer);
  }, [api, query]);

  return (
    <main>
      <h1>Quire</h1>
      <input aria-label="Search" placeholder="Search (try Lukashenko~)" value={query} onChange={(e) => setQuery(e.target.value)} />
      {error && <p role="alert">{error}</p>}
      {results ? (
        <section aria-label="Search results">
          <p>{results.total} documents</p>
          {results.expansions.map((x) => (
            <p key={x.term}>
              {x.term}: {x.variants.join(', ')}
            </p>
          ))}
          <ol>
            {results.results.map((hit) => (
              <li key={hit.document.id}>
                <strong>{hit.document.displayTitle}</strong>
                <p>
                  <Marked value={hit.snippet} />
                </p>
              </li>
            ))}
          </ol>
        </section>
      ) : (
        <ul aria-label="Documents">
          {documents.map((d) => (
            <li key={d.id}>
              {d.displayTitle} {d.source && `· ${d.source}`} {d.published && `· ${d.published}`}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
