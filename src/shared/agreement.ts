// Agreement figures in words, as the workbench and every export show them,
// and the segment level's default threshold.

/**
 * Segment level: two coders' segments of a code match when the text they share
 * is at least this share of the text they cover together. 90% is MAXQDA's
 * default for "code overlap at segment level" (its manual, chapter "Intercoder
 * Agreement", and the dialog's "min. code overlap rate"), and MAXQDA measures the
 * overlap against the text both segments cover together, as we do, so figures
 * from the two programs compare. MAXQDA's manual also gives the chance term we
 * use there: 1/k for the k codes in the table (Brennan and Prediger).
 */
export const SEGMENT_OVERLAP = 0.9;

/** A percentage with one decimal, or n/a. */
export const percentText = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)}%`);

/** A coefficient with three decimals (the exports) or fewer (the workbench), or n/a; one that rounds to zero shows as 0.000, never −0.000. */
export const coefficientText = (x: number | null, decimals = 3) =>
  x === null ? 'n/a' : (Math.abs(x) < 0.5 * 10 ** -decimals ? 0 : x).toFixed(decimals);

/** An overlap threshold (0–1) as the user set it: "90%", "87.5%". */
export const thresholdText = (overlap: number) => `${Number((overlap * 100).toFixed(1))}%`;

/** An overlap (0–1) that fell short of a threshold, rounded down so it never reads as reaching it: 0.899 is "89%". */
export const shortOverlapText = (share: number) => `${Math.floor(share * 100 + 1e-9)}%`;
