// Spans of text (codings, passages) the analyses combine: merged where they
// overlap, and walked boundary by boundary to see which layers (codes, coders)
// cover each stretch. Positions are whatever the caller uses (code points in
// the engine); nothing here reads a text.

export interface Extent {
  start: number;
  end: number;
}

/** Spans merged into one stretch of text, with the spans it holds in the order given. */
export interface Stretch<T extends Extent> extends Extent {
  members: T[];
}

export interface MergeOptions<T> {
  /** Also merge spans that only touch (one starts where the other ends). */
  touching?: boolean;
  /** Merge only spans of the same group (a code, say); groups interleave in the result. */
  groupOf?: (span: T) => number;
}

/**
 * Merges spans sorted by start (within each group) into stretches: a span
 * joins its group's latest stretch when it overlaps it (or touches it, with
 * `touching`), so spans that overlap through others end up together.
 * Stretches come in the order of their first span.
 */
export function mergeSpans<T extends Extent>(spans: readonly T[], options: MergeOptions<T> = {}): Stretch<T>[] {
  const open = new Map<number, Stretch<T>>();
  const out: Stretch<T>[] = [];
  for (const s of spans) {
    const group = options.groupOf?.(s) ?? 0;
    const last = open.get(group);
    if (last && (s.start < last.end || (options.touching === true && s.start === last.end))) {
      last.end = Math.max(last.end, s.end);
      last.members.push(s);
    } else {
      const stretch: Stretch<T> = { start: s.start, end: s.end, members: [s] };
      open.set(group, stretch);
      out.push(stretch);
    }
  }
  return out;
}

/** How much text spans sorted by start cover together: overlapping text counts once. */
export function coveredLength(spans: readonly Extent[]): number {
  return mergeSpans(spans).reduce((n, s) => n + s.end - s.start, 0);
}

/**
 * Walks the boundaries of spans that each belong to one of `layers` layers
 * (a code, a coder). Between two consecutive boundaries the same layers cover
 * the text, so each stretch is visited once, with its length, how many spans
 * of each layer cover it, and how many layers do. Stretches no span covers
 * are not visited.
 */
export function sweepLayers<T extends Extent>(
  spans: readonly T[],
  layers: number,
  layerOf: (span: T) => number,
  visit: (length: number, cover: readonly number[], covering: number) => void,
): void {
  const events: [at: number, delta: number, layer: number][] = [];
  for (const s of spans) {
    const layer = layerOf(s);
    events.push([s.start, 1, layer], [s.end, -1, layer]);
  }
  events.sort((a, b) => a[0] - b[0]);
  const cover = new Array<number>(layers).fill(0);
  let covering = 0;
  let previous = 0;
  for (const [at, delta, layer] of events) {
    if (at > previous && covering > 0) visit(at - previous, cover, covering);
    previous = at;
    const before = cover[layer]!;
    cover[layer] = before + delta;
    if (before === 0 && delta > 0) covering++;
    else if (before === 1 && delta < 0) covering--;
  }
}

/** Whether two spans share text (at least one position); spans that only touch do not. */
export const overlaps = (a: Extent, b: Extent): boolean => a.start < b.end && b.start < a.end;

/** The parts of `span` outside `hole`, in order: none when the hole covers it, two when it lies inside it. */
export function cutAround(span: Extent, hole: Extent): Extent[] {
  if (!overlaps(span, hole)) return [{ start: span.start, end: span.end }];
  const parts: Extent[] = [];
  if (span.start < hole.start) parts.push({ start: span.start, end: hole.start });
  if (hole.end < span.end) parts.push({ start: hole.end, end: span.end });
  return parts;
}
