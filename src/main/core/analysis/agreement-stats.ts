// Agreement statistics, pure (no database): percent agreement and Cohen's
// kappa from a contingency table, Brennan and Prediger's kappa, and
// Krippendorff's alpha for nominal data with any number of coders and missing
// values, through the coincidence matrix (Krippendorff 2011, "Computing
// Krippendorff's Alpha-Reliability"). Every figure that is undefined (no
// units, or chance agreement that is already perfect) is null, never NaN.
//
// Hand-written rather than a package: the npm packages for these are small
// and unmaintained, and the engine needs weighted units (one "unit" standing
// for thousands of characters with the same coding) that none of them take.

export interface KappaResult {
  /** Units counted: the sum of the table. */
  n: number;
  /** Units both coders put in the same category: the table's diagonal. */
  agreements: number;
  /** Observed agreement, 0–1; null without units. */
  observed: number | null;
  /** Agreement expected by chance from each coder's own distribution, 0–1. */
  expected: number | null;
  /** (observed − expected) / (1 − expected); null when expected is 1 (both coders put everything in one and the same category) or there are no units. */
  kappa: number | null;
}

/** Agreements as a percentage of the units (0–100); null without units. */
export function percentAgreement(agreements: number, units: number): number | null {
  return units > 0 ? (100 * agreements) / units : null;
}

/**
 * Cohen's kappa from a k×k table: `table[i][j]` is the number of units the
 * first coder put in category i and the second in category j (the same
 * categories, in the same order, on both sides).
 */
export function cohenKappa(table: readonly (readonly number[])[]): KappaResult {
  const k = table.length;
  if (table.some((row) => row.length !== k))
    throw new Error('A kappa table must be square: one row and one column per category.');
  let n = 0;
  let agreements = 0;
  const rows = new Array<number>(k).fill(0);
  const columns = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const cell = table[i]![j]!;
      n += cell;
      rows[i]! += cell;
      columns[j]! += cell;
      if (i === j) agreements += cell;
    }
  }
  if (n === 0) return { n, agreements, observed: null, expected: null, kappa: null };
  const observed = agreements / n;
  let expected = 0;
  for (let i = 0; i < k; i++) expected += (rows[i]! / n) * (columns[i]! / n);
  // Chance agreement of 1 leaves kappa 0/0 (or x/0 through rounding): undefined.
  const kappa = 1 - expected < 1e-12 ? null : (observed - expected) / (1 - expected);
  return { n, agreements, observed, expected, kappa };
}

/** Cohen's kappa for one code, present or absent: both coded, only the first, only the second, neither. */
export function kappa2x2(both: number, onlyFirst: number, onlySecond: number, neither: number): KappaResult {
  return cohenKappa([
    [both, onlyFirst],
    [onlySecond, neither],
  ]);
}

/**
 * Brennan and Prediger's (1981) kappa: chance agreement is taken as 1/k for
 * k categories a coder could have chosen, rather than from the coders' own
 * distributions. Null when there are fewer than two categories or no observed agreement.
 */
export function brennanPrediger(observed: number | null, categories: number): number | null {
  if (observed === null || categories < 2) return null;
  const chance = 1 / categories;
  return (observed - chance) / (1 - chance);
}

export type Value = string | number;

/**
 * Krippendorff's coincidence matrix for nominal values: o[c][k] counts the
 * pairs of values c and k that two different coders gave the same unit, each
 * unit weighing 1 in all (each of its m(m−1) ordered pairs counts 1/(m−1)).
 */
export class Coincidences {
  private readonly cells = new Map<Value, Map<Value, number>>();

  /**
   * Adds a unit: the values its coders gave it (null or undefined where a
   * coder gave none). `weight` adds it as that many identical units. Units
   * with fewer than two values cannot be paired and add nothing.
   */
  addUnit(values: readonly (Value | null | undefined)[], weight = 1): void {
    const counts = new Map<Value, number>();
    for (const v of values) if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    let m = 0;
    for (const n of counts.values()) m += n;
    if (m < 2 || weight <= 0) return;
    for (const [c, nc] of counts) {
      for (const [k, nk] of counts) {
        const pairs = c === k ? nc * (nc - 1) : nc * nk;
        if (pairs) this.add(c, k, (weight * pairs) / (m - 1));
      }
    }
  }

  /** Adds another matrix to this one (pooling units). */
  addAll(other: Coincidences): void {
    for (const [c, row] of other.cells) for (const [k, o] of row) this.add(c, k, o);
  }

  /** o[c][k]. */
  get(c: Value, k: Value): number {
    return this.cells.get(c)?.get(k) ?? 0;
  }

  /** The values that occur, in the order first met. */
  values(): Value[] {
    return [...this.cells.keys()];
  }

  private add(c: Value, k: Value, o: number): void {
    let row = this.cells.get(c);
    if (!row) this.cells.set(c, (row = new Map()));
    row.set(k, (row.get(k) ?? 0) + o);
  }
}

export interface AlphaResult {
  /** Pairable values: the coincidence matrix's total. */
  n: number;
  /** Observed and expected disagreement. */
  observed: number | null;
  expected: number | null;
  /** 1 − observed/expected; null when nothing can be paired or only one value occurs (expected disagreement 0). */
  alpha: number | null;
}

/** Krippendorff's alpha for nominal data from a coincidence matrix. */
export function nominalAlpha(o: Coincidences): AlphaResult {
  const values = o.values();
  const marginals = values.map((c) => values.reduce<number>((sum, k) => sum + o.get(c, k), 0));
  const n = marginals.reduce((a, b) => a + b, 0);
  if (n <= 1) return { n, observed: null, expected: null, alpha: null };
  let disagreeing = 0;
  let chance = 0;
  values.forEach((c, i) =>
    values.forEach((k, j) => {
      if (i === j) return;
      disagreeing += o.get(c, k);
      chance += marginals[i]! * marginals[j]!;
    }),
  );
  const observed = disagreeing / n;
  const expected = chance / (n * (n - 1));
  // A unit made of a single value everywhere: no variation to be reliable about.
  if (expected < 1e-15) return { n, observed, expected, alpha: null };
  return { n, observed, expected, alpha: 1 - observed / expected };
}

/**
 * Krippendorff's alpha (nominal) from reliability data as he tabulates it:
 * one row per coder, one column per unit, null where a coder gave no value.
 */
export function alphaFromReliabilityData(data: readonly (readonly (Value | null | undefined)[])[]): AlphaResult {
  const o = new Coincidences();
  const units = Math.max(0, ...data.map((row) => row.length));
  for (let u = 0; u < units; u++) o.addUnit(data.map((row) => row[u]));
  return nominalAlpha(o);
}
