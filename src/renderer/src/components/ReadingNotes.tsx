// How a document's text was read, where it may differ from the original: read
// by OCR (in which languages, how sure, which words it doubted), or from a
// broken text layer. Shown above the text for as long as the document is open,
// so nobody codes OCR output or a garbled page without knowing it.
import { CAUTION_NOTE } from '../../../shared/ocr.ts';
import type { DocumentDetail } from '../../../shared/api.ts';
import { visible } from '../../../shared/text.ts';

export function ReadingNotes({ doc }: { doc: DocumentDetail }) {
  const notes = doc.importNotes.filter((n) => CAUTION_NOTE.test(n));
  if (notes.length === 0) return null;
  return (
    <aside className="reading-notes" role="note" aria-label="How this text was read">
      <ul>
        {notes.map((n) => (
          <li key={n}>{visible(n)}</li>
        ))}
      </ul>
    </aside>
  );
}
