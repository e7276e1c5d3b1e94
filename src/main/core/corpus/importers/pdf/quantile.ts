// Order statistics over the layout's measurements (type sizes, distances from
// a page's edge, distances between lines): a median or a low quantile is not
// thrown off by the few odd lines a page has.

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
