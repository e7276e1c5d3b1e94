// The agreement statistics against hand-computed tables and published worked examples.
import { describe, expect, it } from 'vitest';
import {
  alphaFromReliabilityData,
  brennanPrediger,
  Coincidences,
  cohenKappa,
  kappa2x2,
  nominalAlpha,
  percentAgreement,
} from '../../src/main/core/analysis/agreement-stats.ts';

describe('Cohen’s kappa and percent agreement', () => {
  it('matches the textbook example: 50 items, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no', () => {
    // Wikipedia, "Cohen's kappa", worked example: p_o = 0.7, p_e = 0.5, kappa = 0.4.
    const r = kappa2x2(20, 5, 10, 15);
    expect(r.n).toBe(50);
    expect(r.agreements).toBe(35);
    expect(r.observed).toBeCloseTo(0.7, 12);
    expect(r.expected).toBeCloseTo(0.5, 12);
    expect(r.kappa).toBeCloseTo(0.4, 12);
    expect(percentAgreement(r.agreements, r.n)).toBeCloseTo(70, 12);
  });

  it('matches hand-computed 2×2 tables', () => {
    // 8 both, 2 only the first, 0 only the second, 10 neither (n 20):
    // p_o = 18/20 = 0.9; first says yes 10/20, second 8/20; p_e = 0.5·0.4 + 0.5·0.6 = 0.5; kappa = 0.4/0.5 = 0.8.
    expect(kappa2x2(8, 2, 0, 10)).toEqual({
      n: 20,
      agreements: 18,
      observed: 0.9,
      expected: 0.5,
      kappa: expect.closeTo(0.8, 12),
    });
    // Perfect agreement on a balanced table: kappa 1.
    expect(kappa2x2(5, 0, 0, 5).kappa).toBeCloseTo(1, 12);
    // Always opposite: p_o = 0, p_e = 0.5, kappa −1.
    expect(kappa2x2(0, 5, 5, 0).kappa).toBeCloseTo(-1, 12);
    // Agreement no better than chance: each says yes half the time, independently: kappa 0.
    expect(kappa2x2(5, 5, 5, 5).kappa).toBeCloseTo(0, 12);
  });

  it('matches a hand-computed 3×3 table', () => {
    // Rows (first coder) 6, 6, 3; columns 6, 5, 4; diagonal 12 of 15:
    // p_o = 0.8, p_e = (36 + 30 + 12)/225 = 78/225, kappa = (180 − 78)/(225 − 78) = 102/147 = 34/49.
    const r = cohenKappa([
      [5, 1, 0],
      [1, 4, 1],
      [0, 0, 3],
    ]);
    expect(r.observed).toBeCloseTo(0.8, 12);
    expect(r.expected).toBeCloseTo(78 / 225, 12);
    expect(r.kappa).toBeCloseTo(34 / 49, 12);
  });

  it('gives null, never NaN, where kappa is undefined', () => {
    // Neither coder coded anything: full agreement, but chance agreement is 1 too.
    expect(kappa2x2(0, 0, 0, 10)).toEqual({ n: 10, agreements: 10, observed: 1, expected: 1, kappa: null });
    expect(kappa2x2(0, 0, 0, 0)).toEqual({ n: 0, agreements: 0, observed: null, expected: null, kappa: null });
    expect(percentAgreement(0, 0)).toBeNull();
    expect(() => cohenKappa([[1, 2]])).toThrow(/square/);
  });

  it('gives Brennan and Prediger’s kappa with chance 1/k', () => {
    // p_o = 0.8 with 4 categories: (0.8 − 0.25)/(1 − 0.25) = 0.7333…
    expect(brennanPrediger(0.8, 4)).toBeCloseTo(0.55 / 0.75, 12);
    expect(brennanPrediger(1, 2)).toBe(1);
    expect(brennanPrediger(0.9, 1)).toBeNull();
    expect(brennanPrediger(null, 3)).toBeNull();
  });
});

describe('Krippendorff’s alpha, nominal', () => {
  it('reproduces Krippendorff’s own example: 4 observers, 12 units, missing values, alpha 0.743', () => {
    // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School
    // for Communication, University of Pennsylvania, section C ("Nominal data, any number of
    // observers, missing data"). Unit 12 has one value only and so cannot be paired; the
    // coincidence matrix holds n = 40 pairable values: 9 ones, 13 twos, 10 threes, 5 fours, 3 fives.
    const _ = null;
    const data = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ];
    const r = alphaFromReliabilityData(data);
    expect(r.n).toBeCloseTo(40, 12);
    expect(Number(r.alpha!.toFixed(3))).toBe(0.743);

    const o = new Coincidences();
    for (let u = 0; u < 12; u++) o.addUnit(data.map((row) => row[u]));
    const marginal = (c: number) => [1, 2, 3, 4, 5].reduce((sum, k) => sum + o.get(c, k), 0);
    expect([1, 2, 3, 4, 5].map(marginal).map((x) => Number(x.toFixed(9)))).toEqual([9, 13, 10, 5, 3]);
    // Unit 6 (values 1, 2, 3, 4 from four observers) adds 1/3 to each pair of different values.
    const six = new Coincidences();
    six.addUnit([1, 2, 3, 4]);
    expect(six.get(1, 2)).toBeCloseTo(1 / 3, 12);
    expect(six.get(1, 1)).toBe(0);
  });

  it('reproduces the worked example on Wikipedia: 3 coders, 15 units, alpha 0.691', () => {
    // Wikipedia, "Krippendorff's alpha", "A computational example" (also the doctest of the
    // Python krippendorff package): nominal alpha = 0.691.
    const _ = null;
    const data = [
      [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
      [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
      [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
    ];
    expect(alphaFromReliabilityData(data).alpha).toBeCloseTo(0.691358, 6);
  });

  it('matches a hand-computed two-coder binary example, and weighted units count as repeated ones', () => {
    // 3 units both 1, 5 units both 0, 2 units 1/0: o11 = 6, o00 = 10, o10 = o01 = 2, n = 20, n1 = 8, n0 = 12.
    // alpha = 1 − (n − 1)·(o10 + o01)/(2·n1·n0) = 1 − 19·4/192 = 29/48.
    const weighted = new Coincidences();
    weighted.addUnit([1, 1], 3);
    weighted.addUnit([0, 0], 5);
    weighted.addUnit([1, 0], 2);
    expect(nominalAlpha(weighted).alpha).toBeCloseTo(29 / 48, 12);
    const repeated = alphaFromReliabilityData([
      [1, 1, 1, 0, 0, 0, 0, 0, 1, 1],
      [1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
    ]);
    expect(repeated.alpha).toBeCloseTo(29 / 48, 12);
    // Pooling two matrices is pooling their units.
    const pooled = new Coincidences();
    const a = new Coincidences();
    a.addUnit([1, 1], 3);
    const b = new Coincidences();
    b.addUnit([0, 0], 5);
    b.addUnit([1, 0], 2);
    pooled.addAll(a);
    pooled.addAll(b);
    expect(nominalAlpha(pooled).alpha).toBeCloseTo(29 / 48, 12);
  });

  it('gives null where alpha is undefined: nothing pairable, or one value only', () => {
    expect(alphaFromReliabilityData([]).alpha).toBeNull();
    expect(
      alphaFromReliabilityData([
        [1, null],
        [null, 2],
      ]).alpha,
    ).toBeNull();
    expect(
      alphaFromReliabilityData([
        [0, 0, 0],
        [0, 0, 0],
      ]).alpha,
    ).toBeNull();
    // Perfect agreement with some variation: 1.
    expect(
      alphaFromReliabilityData([
        [0, 1, 0],
        [0, 1, 0],
      ]).alpha,
    ).toBe(1);
  });
});
