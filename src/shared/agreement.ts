// Agreement figures in words, as the workbench and every export show them.

/** A percentage with one decimal, or n/a. */
export const percentText = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)}%`);

/** A coefficient with three decimals (the exports) or fewer (the workbench), or n/a; one that rounds to zero shows as 0.000, never −0.000. */
export const coefficientText = (x: number | null, decimals = 3) => (x === null ? 'n/a' : (Math.abs(x) < 0.5 * 10 ** -decimals ? 0 : x).toFixed(decimals));
