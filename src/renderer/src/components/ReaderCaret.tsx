// Reading and coding without a mouse: a caret in the document's text (arrows
// move it, Shift extends the selection by character, Ctrl+Shift by word; S and
// P select the sentence and the paragraph), Enter opens the coding popover for
// the selection (or the codings at the caret), M writes their memo, Delete
// removes the coder's coding at the caret, and [ or ] takes hold of its start
// or end, which ← and → then move by a word. Handles at a held coding's edges
// can be dragged with the mouse too; both snap to words in the engine.
import { observer } from 'mobx-react-lite';
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { CodingMark } from '../../../shared/api.ts';
import { countCodePoints, toCodePointOffset, toUtf16Index } from '../../../shared/codepoints.ts';
import { paragraphAt, sentenceAt, stepCharacter, stepWord, wordSpans } from '../../../shared/words.ts';
import { useStore } from '../stores/context.tsx';

/** The caret and the selection it extends, in code points of the text: `anchor` stays, `focus` moves. */
export interface Caret {
  anchor: number;
  focus: number;
}

/** A coding taken hold of to move an edge (by keys or by dragging its handle). */
export interface Held {
  id: number;
  edge: 'start' | 'end';
}

/** The DOM point of UTF-16 index `at` in the rendered text under `root` (null when its line is not rendered). */
export function domPoint(root: HTMLElement, at: number): { node: Node; offset: number } | null {
  const blocks = [...root.querySelectorAll<HTMLElement>('.block[data-start]')];
  const block = blocks.findLast((b) => Number(b.dataset.start) <= at);
  const line = block?.querySelector<HTMLElement>('.block-text');
  if (!block || !line) return null;
  let left = at - Number(block.dataset.start);
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  let last: Text | null = null;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (left <= node.length) return { node, offset: left };
    left -= node.length;
    last = node;
  }
  return last ? { node: last, offset: last.length } : { node: line, offset: 0 };
}

/** The UTF-16 index in the text of a DOM point under `root`, or null when it is not in the text. */
export function textIndex(node: Node, at: number): number | null {
  const element = node instanceof HTMLElement ? node : node.parentElement!;
  const block = element.closest<HTMLElement>('[data-start]');
  if (!block) return null;
  const line = block.querySelector<HTMLElement>('.block-text')!;
  const start = Number(block.dataset.start);
  if (!line.contains(node)) return at > 0 && node === block ? start + (line.textContent ?? '').length : start;
  const before = document.createRange();
  before.setStart(line, 0);
  before.setEnd(node, at);
  return start + before.toString().length;
}

/** A DOM range over code points [start, end) of `text`, or null when it is not rendered. */
export function rangeOf(root: HTMLElement, text: string, start: number, end: number): Range | null {
  const a = domPoint(root, toUtf16Index(text, start));
  const b = domPoint(root, toUtf16Index(text, end));
  if (!a || !b) return null;
  const range = document.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  return range;
}

/** The code point under a point on screen, or null outside the text. */
function pointAt(text: string, x: number, y: number): number | null {
  const r = document.caretRangeFromPoint?.(x, y);
  if (!r) return null;
  const at = textIndex(r.startContainer, r.startOffset);
  return at === null ? null : toCodePointOffset(text, at);
}

/** Where a caret or an edge is drawn: its line's box, relative to `root`. */
function placeOf(root: HTMLElement, text: string, at: number): { left: number; top: number; height: number } | null {
  const range = rangeOf(root, text, at, at);
  if (!range) return null;
  let rect = range.getClientRects()[0] ?? range.getBoundingClientRect();
  if (!rect.height) {
    // A caret at a line's start has no box of its own: the next character's left edge is where it stands.
    const next = rangeOf(root, text, at, stepCharacter(text, at, 1));
    const r = next?.getClientRects()[0];
    if (r) rect = new DOMRect(r.left, r.top, 0, r.height);
  }
  const box = root.getBoundingClientRect();
  return { left: rect.left - box.left, top: rect.top - box.top, height: rect.height || 18 };
}

/** The coder's own codings at code point `at` (or over the selection), the shortest first: the one a key acts on. */
export function ownCodingsAt(codings: readonly CodingMark[], coder: string, caret: Caret): CodingMark[] {
  const [a, b] = [Math.min(caret.anchor, caret.focus), Math.max(caret.anchor, caret.focus)];
  return codings
    .filter(
      (k) => k.coder === coder && k.start <= a && (a === b ? a < k.end || (a === k.end && a > k.start) : b <= k.end),
    )
    .sort((x, y) => x.end - x.start - (y.end - y.start));
}

export interface CaretActions {
  /** Opens the coding popover for the selection. */
  code: (start: number, end: number) => void;
  /** Opens the codings at the caret (memo, change code, split, merge, remove); `memo` puts the focus in the memo. */
  inspect: (codings: CodingMark[], at: number, memo: boolean) => void;
}

/**
 * The caret's state and keys for one document's text. `root` is the text's
 * element; the selection shows as the browser's own, the caret as a line.
 */
export function useCaret(
  root: React.RefObject<HTMLDivElement | null>,
  text: string,
  /** The text's length in code points (counted once per text by the reader, with its lines). */
  length: number,
  codings: readonly CodingMark[],
  actions: CaretActions,
) {
  const { coding } = useStore();
  const [caret, setCaret] = useState<Caret | null>(null);
  const [held, setHeld] = useState<Held | null>(null);
  const words = useRef<{ text: string; spans: ReturnType<typeof wordSpans> } | null>(null);
  const wordsOf = () => {
    if (words.current?.text !== text) words.current = { text, spans: wordSpans(text) };
    return words.current.spans;
  };

  // The selection as the browser shows it, so it is painted, read by the coding popover and copied as usual.
  useLayoutEffect(() => {
    const el = root.current;
    if (!caret || !el || document.activeElement !== el) return;
    const [a, b] = [Math.min(caret.anchor, caret.focus), Math.max(caret.anchor, caret.focus)];
    const selection = window.getSelection();
    const range = rangeOf(el, text, a, b);
    if (!selection || !range) return;
    selection.removeAllRanges();
    if (a !== b) selection.addRange(range);
    el.querySelector('.caret')?.scrollIntoView({ block: 'nearest' });
  }, [caret, text, root]);

  const move = (to: number, extend: boolean) => {
    const at = Math.max(0, Math.min(length, to));
    setCaret((c) => ({ anchor: extend && c ? c.anchor : at, focus: at }));
  };

  /** Moves the held edge a word left (-1) or right (+1). */
  const moveEdge = async (direction: -1 | 1) => {
    const k = held && codings.find((c) => c.id === held.id);
    if (!k || !held) return;
    const wider = held.edge === 'start' ? direction < 0 : direction > 0;
    const done = await coding.resize(k, held.edge, { step: wider ? 'wider' : 'narrower' });
    // Still holding it? An Escape (or another edge) while the engine answered is the user's last word.
    if (done) setHeld((now) => (now && now.id === k.id ? { id: done.id, edge: now.edge } : now));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== root.current) return;
    const c = caret ?? { anchor: 0, focus: 0 };
    const collapsed = c.anchor === c.focus;
    const word = e.ctrlKey || e.metaKey;
    const key = e.key;
    const handled = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    if (held) {
      if (key === 'ArrowLeft' || key === 'ArrowRight') {
        handled();
        void moveEdge(key === 'ArrowLeft' ? -1 : 1);
      } else if (key === 'Escape' || key === 'Enter') {
        handled();
        setHeld(null);
        coding.announce('Done moving the edge.');
      } else if (key === '[' || key === ']') {
        handled();
        setHeld({ ...held, edge: key === '[' ? 'start' : 'end' });
      }
      return;
    }
    if (key === 'ArrowLeft' || key === 'ArrowRight') {
      if (e.altKey) return; // Alt+Shift+arrows move the pane; Alt+arrows are the browser's.
      handled();
      const direction = key === 'ArrowLeft' ? -1 : 1;
      if (!e.shiftKey && !collapsed && !word)
        return move(direction < 0 ? Math.min(c.anchor, c.focus) : Math.max(c.anchor, c.focus), false);
      const to = word
        ? (stepWord(wordsOf(), direction < 0 ? 'start' : 'end', c.focus, direction) ?? (direction < 0 ? 0 : length))
        : stepCharacter(text, c.focus, direction);
      move(to, e.shiftKey);
    } else if ((key === 'ArrowUp' || key === 'ArrowDown' || key === 'Home' || key === 'End') && !e.altKey) {
      // Lines are the browser's (they depend on the pane's width): it moves a selection, we read where it went.
      const el = root.current!;
      const selection = window.getSelection();
      const range = rangeOf(el, text, c.focus, c.focus);
      if (!selection || !range) return;
      handled();
      selection.removeAllRanges();
      selection.addRange(range);
      const unit = key === 'Home' || key === 'End' ? 'lineboundary' : 'line';
      selection.modify('move', key === 'ArrowUp' || key === 'Home' ? 'backward' : 'forward', unit);
      const at = selection.focusNode ? textIndex(selection.focusNode, selection.focusOffset) : null;
      if (at !== null) move(toCodePointOffset(text, at), e.shiftKey);
    } else if ((key === 's' || key === 'S' || key === 'p' || key === 'P') && !word && !e.altKey) {
      handled();
      const span = key.toLowerCase() === 's' ? sentenceAt(text, c.focus) : paragraphAt(text, c.focus);
      setCaret({ anchor: span.start, focus: span.end });
      coding.announce(
        `Selected the ${key.toLowerCase() === 's' ? 'sentence' : 'paragraph'}: “${[...text].slice(span.start, span.end).slice(0, 60).join('')}${span.end - span.start > 60 ? '…' : ''}”`,
      );
    } else if (key === 'Enter' || ((key === 'm' || key === 'M') && !word && !e.altKey)) {
      handled();
      const [a, b] = [Math.min(c.anchor, c.focus), Math.max(c.anchor, c.focus)];
      if (key === 'Enter' && a < b) return actions.code(a, b);
      const here = codings.filter((k) => k.start <= a && a < k.end);
      if (here.length) actions.inspect(here, a, key !== 'Enter');
      else
        coding.announce(
          a < b
            ? 'Press Enter to code the selection.'
            : 'There is no coding at the caret. Select text (Shift+arrows, S, P) and press Enter to code it.',
        );
    } else if (key === 'Delete' || key === 'Backspace') {
      const k = ownCodingsAt(codings, coding.coder, c)[0];
      if (!k) return;
      handled();
      void coding.remove(k);
    } else if (key === '[' || key === ']') {
      const k = ownCodingsAt(codings, coding.coder, c)[0];
      handled();
      if (!k) return coding.announce('There is no coding of yours at the caret to adjust.');
      setHeld({ id: k.id, edge: key === '[' ? 'start' : 'end' });
      coding.announce(
        `Moving the ${key === '[' ? 'start' : 'end'} of ‘${coding.code(k.codeId)?.name ?? ''}’: ← and → move it by a word; [ and ] switch edges; Escape when done.`,
      );
    } else if (key === 'Escape' && !collapsed) {
      handled();
      move(c.focus, false);
    }
  };

  /** A click or a mouse selection puts the caret there, so the keys go on from where the mouse left off. */
  const followMouse = (x: number, y: number) => {
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed && selection.anchorNode && selection.focusNode) {
      const a = textIndex(selection.anchorNode, selection.anchorOffset);
      const b = textIndex(selection.focusNode, selection.focusOffset);
      if (a !== null && b !== null)
        return setCaret({ anchor: toCodePointOffset(text, a), focus: toCodePointOffset(text, b) });
    }
    const at = pointAt(text, x, y);
    if (at !== null) setCaret({ anchor: at, focus: at });
  };

  return { caret, setCaret, held, setHeld, onKeyDown, followMouse };
}

/** Runs a measuring after the lines drawn with it are placed (their stripes and labels can move the text), or at once. */
export interface AfterPlacing {
  after(place: () => void): void;
}

const AT_ONCE: AfterPlacing = { after: (place) => place() };

/**
 * The caret line, drawn where the browser would put it: measured once the text is laid out, after the lines drawn with
 * it are placed (`placing`), and set straight onto its element before the browser paints, not drawn a second time
 * through React.
 */
export function CaretMark({
  root,
  text,
  at,
  revision,
  placing = AT_ONCE,
}: {
  root: React.RefObject<HTMLDivElement | null>;
  text: string;
  at: number;
  revision: unknown;
  placing?: AfterPlacing;
}) {
  const mark = useRef<HTMLSpanElement>(null);
  useLayoutEffect(
    () =>
      placing.after(() => {
        const el = mark.current;
        if (!el) return;
        const place = root.current ? placeOf(root.current, text, at) : null;
        el.hidden = !place;
        if (!place) return;
        el.style.left = `${place.left}px`;
        el.style.top = `${place.top}px`;
        el.style.height = `${place.height}px`;
      }),
    [at, text, revision, root, placing],
  );
  return <span ref={mark} className="caret" aria-hidden="true" hidden />;
}

/**
 * The handles at a held coding's start and end: drag one to a word (the engine
 * snaps it to the nearest word boundary), or move the edge held with ← and →.
 */
export const EdgeHandles = observer(function EdgeHandles({
  root,
  text,
  coding: k,
  edge,
  revision,
  onMoved,
}: {
  root: React.RefObject<HTMLDivElement | null>;
  text: string;
  coding: CodingMark;
  edge: 'start' | 'end';
  revision: unknown;
  onMoved: (k: CodingMark | null) => void;
}) {
  const { coding } = useStore();
  const [places, setPlaces] = useState<{ start: ReturnType<typeof placeOf>; end: ReturnType<typeof placeOf> }>({
    start: null,
    end: null,
  });
  const [drag, setDrag] = useState<{ edge: 'start' | 'end'; left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    const el = root.current;
    if (el) setPlaces({ start: placeOf(el, text, k.start), end: placeOf(el, text, k.end) });
  }, [k.start, k.end, text, revision, root]);
  const name = coding.code(k.codeId)?.name ?? '';
  const onPointerDown = (which: 'start' | 'end') => (e: ReactPointerEvent<HTMLElement>) => {
    e.preventDefault();
    e.stopPropagation();
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    setDrag({ edge: which, left: places[which]!.left, top: places[which]!.top });
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLElement>) => {
    if (!drag || !root.current) return;
    const box = root.current.getBoundingClientRect();
    setDrag({ ...drag, left: e.clientX - box.left, top: e.clientY - box.top - 8 });
  };
  const onPointerUp = (e: ReactPointerEvent<HTMLElement>) => {
    if (!drag) return;
    e.stopPropagation();
    const which = drag.edge;
    setDrag(null);
    const to = pointAt(text, e.clientX, e.clientY);
    if (to !== null) void coding.resize(k, which, { to }).then(onMoved);
  };
  return (
    <>
      {(['start', 'end'] as const).map((which) => {
        const p = places[which];
        if (!p) return null;
        return (
          <span
            key={which}
            className={`edge-handle ${which}${which === edge ? ' held' : ''}`}
            role="slider"
            aria-label={`${which === 'start' ? 'Start' : 'End'} of ‘${name}’: drag to a word, or ← → to move it by a word`}
            aria-valuenow={k[which]}
            aria-valuemin={0}
            aria-valuemax={countCodePoints(text)}
            style={{ left: p.left, top: p.top, height: p.height }}
            onPointerDown={onPointerDown(which)}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onMouseUp={(e) => e.stopPropagation()}
          />
        );
      })}
      {drag && <span className="edge-ghost" aria-hidden="true" style={{ left: drag.left, top: drag.top }} />}
    </>
  );
});
