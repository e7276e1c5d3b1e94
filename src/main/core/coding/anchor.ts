// Finding a coded passage again in a changed text, from its quote and the
// text around it (as W3C TextQuoteSelector anchoring does): the same place if
// the quote is still there, else the best exact or approximate occurrence,
// judged by how well the quote, prefix and suffix match and how near it is.
// Also what a coding stores to be found again: its quote and the text around it.
import search from 'approx-string-match';
import { toCodePointOffset, toUtf16Index } from '../../../shared/codepoints.ts';

export interface Anchor {
  /** Code points in the old text. */
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
}

/** At most this share of the quote may differ for an approximate match to count. */
const MAX_QUOTE_ERRORS = 0.25;

/** Where the passage is in `text` (code points), or null when it cannot be placed with confidence. */
export function anchor(text: string, passage: Anchor): { start: number; end: number } | null {
  const { quote } = passage;
  if (!quote) return null;
  const hint = toUtf16Index(text, passage.start);
  if (text.startsWith(quote, hint)) return { start: passage.start, end: toCodePointOffset(text, hint + quote.length) };
  const maxErrors = Math.floor(quote.length * MAX_QUOTE_ERRORS);
  let best: { start: number; end: number; score: number } | null = null;
  for (const m of candidates(text, quote, maxErrors)) {
    const quoteScore = 1 - m.errors / quote.length;
    const prefixScore = contextScore(
      text.slice(Math.max(0, m.start - passage.prefix.length - 8), m.start),
      passage.prefix,
      'end',
    );
    const suffixScore = contextScore(text.slice(m.end, m.end + passage.suffix.length + 8), passage.suffix, 'start');
    const nearness = 1 - Math.min(1, Math.abs(m.start - hint) / Math.max(text.length, 1));
    const score = 50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * nearness;
    if (!best || score > best.score) best = { start: m.start, end: m.end, score };
  }
  if (!best) return null;
  return { start: toCodePointOffset(text, best.start), end: toCodePointOffset(text, best.end) };
}

/** Exact occurrences when there are any, else approximate ones within the error budget. */
function candidates(text: string, quote: string, maxErrors: number): { start: number; end: number; errors: number }[] {
  const exact: { start: number; end: number; errors: number }[] = [];
  for (let i = text.indexOf(quote); i >= 0 && exact.length < 1000; i = text.indexOf(quote, i + 1))
    exact.push({ start: i, end: i + quote.length, errors: 0 });
  if (exact.length || maxErrors === 0) return exact;
  return search(text, quote, maxErrors);
}

/** How well `context` matches the text next to a candidate (1: exactly; 0: not at all, or no context kept). */
function contextScore(near: string, context: string, side: 'start' | 'end'): number {
  if (!context) return 0.5;
  if (side === 'end' ? near.endsWith(context) : near.startsWith(context)) return 1;
  const matches = search(near, context, Math.floor(context.length / 2));
  if (!matches.length) return 0;
  return 1 - Math.min(...matches.map((m) => m.errors)) / context.length;
}

/** Characters of context kept on each side of a coding, to find it again if the text changes. */
export const CONTEXT = 32;

/** The stored place of a passage: span, quote and context. */
export function anchorFields(text: string, start: number, end: number) {
  const a = toUtf16Index(text, start);
  const b = toUtf16Index(text, end);
  return {
    start,
    end,
    quote: text.slice(a, b),
    prefix: text.slice(toUtf16Index(text, Math.max(0, start - CONTEXT)), a),
    suffix: text.slice(b, toUtf16Index(text, end + CONTEXT)),
  };
}
