// Intercoder agreement on the seed project: figures checked against counts
// worked out by hand below, the disagreement list, each way of settling one,
// undo of a settle, and the agreement table in the CSV export and the report.
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import type { AgreementFigures, Disagreement } from '../../src/shared/api.ts';
import { coefficientText, percentText } from '../../src/shared/agreement.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { toCodePointOffset } from '../../src/shared/codepoints.ts';
import { createTestProject, ROOT } from '../helpers/project.ts';
import { SEED_TITLES } from '../helpers/seed-titles.ts';

// Seed documents 1 and 2 are 6366 and 3583 code points long.
const L = 6366 + 3583;

/**
 * Two coders, ana and ben, on documents 1 and 2 (document 3 is coded by ana alone,
 * so it is left out of the comparison by default):
 *
 *   Complicit (X)  doc 1  ana [100, 200)    ben [110, 200)     overlap 90 of 100: a segment match at 90%
 *                  doc 1  ana [1000, 1100)  —
 *                  doc 2  —                 ben [500, 560)
 *                  doc 2  ana [0, 50)       ben [0, 50)
 *   Troops (Y)     doc 1  ana [300, 400)    ben [300, 400)
 *                  doc 2  ana [1000, 1200)  ben [1100, 1300)   overlap 100 of 300: no match
 *   Neutral (Z)    doc 1  —                 ben [1000, 1100)   X and Z are one exclusive group
 *   X              doc 3  ana [0, 10)
 */
async function twoCoders() {
  const p = await createTestProject();
  p.coder = 'ana';
  const x = await call(p, 'createCode', { name: 'Complicit' });
  const y = await call(p, 'createCode', { name: 'Troops' });
  const z = await call(p, 'createCode', { name: 'Neutral' });
  await call(p, 'createCodeGroup', { name: 'Belarus role', exclusive: true, codeIds: [x.id, z.id] });
  const code = (codeId: number, documentId: number, start: number, end: number) =>
    call(p, 'applyCode', { documentId, codeId, start, end });
  await code(x.id, 1, 100, 200);
  await code(x.id, 1, 1000, 1100);
  await code(x.id, 2, 0, 50);
  await code(y.id, 1, 300, 400);
  await code(y.id, 2, 1000, 1200);
  await code(x.id, 3, 0, 10);
  p.coder = 'ben';
  await code(x.id, 1, 110, 200);
  await code(x.id, 2, 500, 560);
  await code(x.id, 2, 0, 50);
  await code(y.id, 1, 300, 400);
  await code(y.id, 2, 1100, 1300);
  await code(z.id, 1, 1000, 1100);
  return { p, x, y, z };
}

/** Fails on any NaN anywhere in a result (JSON would hide it as null). */
function expectNoNaN(value: unknown): void {
  if (typeof value === 'number') expect(Number.isNaN(value)).toBe(false);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) expectNoNaN(v);
}

/** Codes by name, made in this order; "Belarus neutral" and "Belarus complicit" are one exclusive group, "Belarus role", as in the starter codebook. */
async function codebook(p: ProjectHandle, names: readonly string[]): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const name of names) ids[name] = (await call(p, 'createCode', { name })).id;
  await call(p, 'createCodeGroup', {
    name: 'Belarus role',
    exclusive: true,
    codeIds: [ids['Belarus neutral']!, ids['Belarus complicit']!],
  });
  return ids;
}

/** Codes the first place a quote occurs in a document, as a coder. */
async function codeQuote(p: ProjectHandle, coder: string, documentId: number, codeId: number, quote: string) {
  const body = (await call(p, 'getDocument', { id: documentId })).body;
  const at = body.indexOf(quote);
  expect(at).toBeGreaterThanOrEqual(0);
  p.coder = coder;
  return call(p, 'applyCode', {
    documentId,
    codeId,
    start: toCodePointOffset(body, at),
    end: toCodePointOffset(body, at + quote.length),
  });
}

const place = (d: Disagreement) => [d.document.id, d.codes.map((c) => c.name).join(' / '), d.start, d.end];

describe('agreement at character level', () => {
  it('counts each code point once per code, and gives percent agreement, Cohen’s kappa and Krippendorff’s alpha', async () => {
    const { p, x, y } = await twoCoders();
    const r = await call(p, 'agreement', { coders: ['ana', 'ben'], codeIds: [x.id, y.id], level: 'character' });
    expect(r.documentIds).toEqual([1, 2]);
    expect(r.overlap).toBeNull();
    // X: both 90 + 50 = 140; only ana 10 + 100 = 110; only ben 60; neither L − 310 = 9639.
    //    percent (140 + 9639)/9949 = 98.291%; p_e = (250·200 + 9699·9749)/9949² = 0.955780;
    //    kappa = (0.982913 − 0.955780)/(1 − 0.955780) = 0.613591.
    //    alpha: o11 = 280, o00 = 19278, o10 = o01 = 170, n = 19898, n1 = 450, n0 = 19448:
    //    1 − 19897·340/(2·450·19448) = 0.613500.
    const [rx, ry] = r.codes;
    expect(rx).toMatchObject({
      code: { id: x.id, name: 'Complicit' },
      units: L,
      agreements: 140 + 9639,
      onlyFirst: 110,
      onlySecond: 60,
    });
    expect(rx!.percent).toBeCloseTo(98.291286, 5);
    expect(rx!.kappa).toBeCloseTo(0.613591, 5);
    expect(rx!.alpha).toBeCloseTo(0.6135, 5);
    // Y: both 200, only ana 100, only ben 100, neither 9549: kappa 0.656303, alpha 0.656320.
    expect(ry).toMatchObject({ units: L, agreements: 200 + 9549, onlyFirst: 100, onlySecond: 100 });
    expect(ry!.kappa).toBeCloseTo(0.656303, 5);
    expect(ry!.alpha).toBeCloseTo(0.65632, 5);
    // Overall: the two codes pooled, both 340, only ana 210, only ben 160, neither 19188 of 19898.
    expect(r.overall).toMatchObject({ units: 2 * L, agreements: 340 + 19188, onlyFirst: 210, onlySecond: 160 });
    expect(r.overall.percent).toBeCloseTo(98.140517, 5);
    expect(r.overall.kappa).toBeCloseTo(0.638092, 5);
    expect(r.overall.alpha).toBeCloseTo(0.638079, 5);
    expectNoNaN(r);

    // By default every code either coder used is compared: Neutral too (ben alone, 100 characters).
    const all = await call(p, 'agreement', { coders: ['ana', 'ben'] });
    expect(all.codes.map((c) => c.code.name)).toEqual(['Complicit', 'Troops', 'Neutral']);
    expect(all.codes[2]).toMatchObject({ onlyFirst: 0, onlySecond: 100, agreements: L - 100 });
    // Coders in the other order swap the one-sided counts and keep kappa.
    const swapped = await call(p, 'agreement', { coders: ['ben', 'ana'], codeIds: [x.id] });
    expect(swapped.codes[0]).toMatchObject({ onlyFirst: 60, onlySecond: 110 });
    expect(swapped.codes[0]!.kappa).toBeCloseTo(rx!.kappa!, 12);
    // Chosen documents replace the default: document 3, which ben never coded, counts now.
    const three = await call(p, 'agreement', { coders: ['ana', 'ben'], codeIds: [x.id], documentIds: [3] });
    expect(three.codes[0]).toMatchObject({ units: 8375, onlyFirst: 10, onlySecond: 0 });
  });

  it('takes three coders for alpha, and compares the first two for kappa', async () => {
    const p = await createTestProject();
    p.coder = 'ana';
    const x = await call(p, 'createCode', { name: 'X' });
    await call(p, 'applyCode', { documentId: 2, codeId: x.id, start: 0, end: 100 });
    p.coder = 'ben';
    await call(p, 'applyCode', { documentId: 2, codeId: x.id, start: 0, end: 100 });
    p.coder = 'cleo';
    await call(p, 'applyCode', { documentId: 2, codeId: x.id, start: 50, end: 150 });
    const r = await call(p, 'agreement', { coders: ['ana', 'ben', 'cleo'] });
    // Document 2 (3583 code points): [0, 50) coded by 2 coders, [50, 100) by 3, [100, 150) by 1, the rest (3433) by none.
    // Each stretch with j of 3 coders adds j(j−1)/2 to o11, (3−j)(2−j)/2 to o00 and j(3−j)/2 to o10 and o01, per code point:
    // o11 = 50 + 150 = 200, o00 = 50 + 3·3433 = 10349, o10 = o01 = 50 + 50 = 100; n = 10749, n1 = 300, n0 = 10449.
    // alpha = 1 − 10748·200/(2·300·10449) = 0.657128. ana and ben agree everywhere: kappa 1.
    expect(r.codes[0]!.alpha).toBeCloseTo(0.657128, 5);
    expect(r.codes[0]!.kappa).toBe(1);
    expect(r.codes[0]!.percent).toBe(100);
    expect(r.notes.join(' ')).toMatch(/compare ana and ben; alpha takes all 3 coders/);
  });

  it('counts a 100,000-character document with 20 codes and 2,000 codings exactly (its speed is in npm run bench:analysis)', async () => {
    const p = await createTestProject({ seeds: false });
    const text = Array.from(
      { length: 2500 },
      (_, i) => `Line ${String(i).padStart(5, '0')} of a long text about Belarus.`,
    ).join('\n');
    expect(text.length).toBeGreaterThan(100_000);
    const [doc] = (
      await call(p, 'importUploads', { files: [{ name: 'long.txt', base64: Buffer.from(text).toString('base64') }] })
    ).files;
    const codes = [];
    for (let i = 0; i < 20; i++) codes.push(await call(p, 'createCode', { name: `Code ${i}` }));
    const insert = p.db.prepare(
      `INSERT INTO codings (guid, document_id, code_id, coder_id, start, "end", quote, prefix, suffix, created_at)
       VALUES (?, ?, ?, (SELECT id FROM coders WHERE name = ?), ?, ?, '', '', '', '')`,
    );
    p.db.prepare("INSERT INTO coders (guid, name, created_at) VALUES ('g-a', 'ana', ''), ('g-b', 'ben', '')").run();
    let n = 0;
    for (const code of codes) {
      for (let k = 0; k < 50; k++) {
        const start = k * 2000 + code.id * 10;
        insert.run(`a${n}`, doc!.documentId, code.id, 'ana', start, start + 900);
        insert.run(`b${n++}`, doc!.documentId, code.id, 'ben', start + 50, start + 950);
      }
    }
    const r = await call(p, 'agreement', { coders: ['ana', 'ben'] });
    expect(r.codes).toHaveLength(20);
    // Each code: 50 × (850 both + 50 ana only + 50 ben only).
    expect(r.codes[0]).toMatchObject({ onlyFirst: 2500, onlySecond: 2500, agreements: r.codes[0]!.units - 5000 });
    // At each of the 50 places the 20 codes cover nearly the same 950 characters: one passage each, with all 20 codes.
    const list = await call(p, 'disagreements', { coders: ['ana', 'ben'] });
    expect(list).toHaveLength(50);
    expect(list.every((d) => d.codes.length === 20 && d.reasons.length === 20)).toBe(true);
  });
});

describe('agreement at segment level (MAXQDA’s way)', () => {
  it('matches segments by overlap over their union, and gives Brennan and Prediger’s kappa for all codes', async () => {
    const { p, x, y } = await twoCoders();
    const r = await call(p, 'agreement', { coders: ['ana', 'ben'], codeIds: [x.id, y.id], level: 'segment' });
    expect(r.overlap).toBe(0.9);
    // X: ana's 3 segments, 2 matched ([100,200) by ben's [110,200): 90/100; [0,50)); ben's 3, 2 matched.
    const seg = (f: AgreementFigures) => [f.units, f.agreements, f.onlyFirst, f.onlySecond];
    expect(seg(r.codes[0]!)).toEqual([6, 4, 1, 1]);
    expect(r.codes[0]!.percent).toBeCloseTo(200 / 3, 9);
    // Y: [300,400) matched on both sides; [1000,1200) against [1100,1300) shares 100 of 300: unmatched.
    expect(seg(r.codes[1]!)).toEqual([4, 2, 1, 1]);
    expect(r.codes[1]!.percent).toBe(50);
    // Per code there is no kappa; overall p_o = 6/10, chance 1/2 for 2 codes: (0.6 − 0.5)/(1 − 0.5) = 0.2.
    expect(r.codes.map((c) => [c.kappa, c.alpha])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(seg(r.overall)).toEqual([10, 6, 2, 2]);
    expect(r.overall.percent).toBe(60);
    expect(r.overall.kappa).toBeCloseTo(0.2, 12);
    expect(r.overall.alpha).toBeNull();
    expect(r.notes.join(' ')).toMatch(/Brennan and Prediger/);
    // The Troops pair shares text but falls short, and the result says so.
    expect(r.nearMisses).toEqual([
      {
        document: { id: 2, title: SEED_TITLES['001'] },
        code: { id: y.id, name: 'Troops', colour: y.colour },
        overlap: 1 / 3,
        reason: 'ana’s and ben’s “Troops” overlap 33% — below the 90% threshold.',
      },
    ]);
    expect(r.notes).toContain('1 pair of segments shares text, but less than 90% (33%), so it counts as unmatched.');
    // At 95% the first pair no longer matches: X has 2 agreements of 6, and the pair that fell short is named.
    const strict = await call(p, 'agreement', {
      coders: ['ana', 'ben'],
      codeIds: [x.id],
      level: 'segment',
      overlap: 0.95,
    });
    expect(seg(strict.codes[0]!)).toEqual([6, 2, 2, 2]);
    expect(strict.nearMisses.map((n) => n.reason)).toEqual([
      'ana’s and ben’s “Complicit” overlap 90% — below the 95% threshold.',
    ]);
    // Character level has no threshold and no near misses.
    expect((await call(p, 'agreement', { coders: ['ana', 'ben'] })).nearMisses).toEqual([]);
    // Three codes compared: chance 1/3, p_o = 6/11 (Neutral adds ben's unmatched segment): (6/11 − 1/3)/(2/3).
    const three = await call(p, 'agreement', { coders: ['ana', 'ben'], level: 'segment' });
    expect(three.overall.kappa).toBeCloseTo((6 / 11 - 1 / 3) / (2 / 3), 12);
  });
});

describe('when there is little or nothing to compare', () => {
  it('gives null figures and says why; unknown or repeated coders are plain errors', async () => {
    const { p, x, y } = await twoCoders();
    p.coder = 'cleo';
    const unused = await call(p, 'createCode', { name: 'Unused' });
    // cleo coded nothing: no document was coded by both.
    const none = await call(p, 'agreement', { coders: ['ana', 'cleo'] });
    expect(none.documentIds).toEqual([]);
    expect(none.codes).toEqual([]);
    expect(none.overall).toEqual({
      units: 0,
      agreements: 0,
      onlyFirst: 0,
      onlySecond: 0,
      percent: null,
      kappa: null,
      alpha: null,
    });
    expect(none.notes[0]).toBe('No document has codings by ana and cleo: there is nothing to compare yet.');
    expect(await call(p, 'disagreements', { coders: ['ana', 'cleo'] })).toEqual([]);
    // A code nobody used, listed on purpose: shown, without figures.
    for (const level of ['character', 'segment'] as const) {
      const r = await call(p, 'agreement', { coders: ['ana', 'ben'], codeIds: [x.id, unused.id, y.id], level });
      expect(r.codes.map((c) => c.code.name)).toEqual(['Complicit', 'Troops', 'Unused']);
      expect(r.codes[2]).toMatchObject({ units: 0, percent: null, kappa: null, alpha: null });
      expect(r.notes.at(-1)).toBe('Not used by these coders in these documents, so without figures: “Unused”.');
      expectNoNaN(r);
    }
    await expect(call(p, 'agreement', { coders: ['ana', 'zoe'] })).rejects.toThrow(
      'There is no coder “zoe” in this project.',
    );
    await expect(call(p, 'agreement', { coders: ['ana', 'ana'] })).rejects.toThrow(/choose different coders/);
    await expect(call(p, 'agreement', { coders: ['ana'] })).rejects.toThrow(/choose two coders/);
    await expect(call(p, 'agreement', { coders: ['ana', 'ben'], level: 'segment', overlap: 0 })).rejects.toThrow(
      /overlap above 0%/,
    );
    await expect(call(p, 'agreement', { coders: ['ana', 'ben'], documentIds: [99] })).rejects.toThrow(
      'There is no document 99.',
    );
  });

  it('lists coders with their number of codings', async () => {
    const { p } = await twoCoders();
    expect(await call(p, 'listCoders', {})).toEqual([
      { name: 'ana', codings: 6 },
      { name: 'ben', codings: 6 },
    ]);
  });
});

describe('disagreements', () => {
  it('lists each passage where two coders differ once, with every code involved and both coders’ codings', async () => {
    const { p } = await twoCoders();
    const list = await call(p, 'disagreements', { coders: ['ana', 'ben'], level: 'character' });
    // ana called doc 1 [1000,1100) Complicit, ben Neutral: one passage with both codes, not one per code.
    expect(list.map(place)).toEqual([
      [1, 'Complicit', 100, 200],
      [1, 'Complicit / Neutral', 1000, 1100],
      [2, 'Complicit', 500, 560],
      [2, 'Troops', 1000, 1300],
    ]);
    const [first, stance] = list as [Disagreement, Disagreement];
    const body = (await call(p, 'getDocument', { id: 1 })).body;
    expect(first.document).toEqual({ id: 1, title: SEED_TITLES['000'] });
    expect(first.coders.map((c) => [c.name, c.codings.map((k) => [k.start, k.end])])).toEqual([
      ['ana', [[100, 200]]],
      ['ben', [[110, 200]]],
    ]);
    expect(first.coders[1]!.codings[0]!.quote).toBe(body.slice(110, 200));
    expect(first.reasons).toEqual(['Both coded “Complicit”, not the same text: 10 characters only by ana.']);
    // The stance passage: each coder's coding with its code, and why they differ.
    expect(stance.codes.map((c) => c.name)).toEqual(['Complicit', 'Neutral']);
    expect(
      stance.coders.map((c) => [c.name, c.codings.map((k) => stance.codes.find((x) => x.id === k.codeId)!.name)]),
    ).toEqual([
      ['ana', ['Complicit']],
      ['ben', ['Neutral']],
    ]);
    expect(stance.reasons).toEqual(['ana coded this “Complicit”, ben “Neutral”.']);
    // A passage one coder did not code at all.
    expect(list[2]!.coders.map((c) => c.codings.length)).toEqual([0, 1]);
    expect(list[2]!.reasons).toEqual(['Only ben coded “Complicit” here.']);
    expect(list[3]!.reasons).toEqual([
      'Both coded “Troops”, not the same text: 100 characters only by ana, 100 characters only by ben.',
    ]);
    // At segment level the 90%-overlap pair agrees, and the Troops pair says why it does not.
    const segments = await call(p, 'disagreements', { coders: ['ana', 'ben'], level: 'segment' });
    expect(segments.map(place)).toEqual(list.slice(1).map(place));
    expect(segments.at(-1)!.reasons).toEqual(['ana’s and ben’s “Troops” overlap 33% — below the 90% threshold.']);
    // Keys are stable while the codings stay.
    expect((await call(p, 'disagreements', { coders: ['ana', 'ben'] })).map((d) => d.key)).toEqual(
      list.map((d) => d.key),
    );
  });

  it('keeps a long coding from chaining the disagreements inside it into one passage', async () => {
    const p = await createTestProject();
    const {
      Troops: troops,
      'Belarus neutral': neutral,
      'Belarus complicit': complicit,
    } = await codebook(p, ['Troops', 'Belarus neutral', 'Belarus complicit']);
    const code = (coder: string, codeId: number, start: number, end: number) => {
      p.coder = coder;
      return call(p, 'applyCode', { documentId: 1, codeId, start, end });
    };
    // ana codes a whole paragraph "Troops"; inside it the two disagree twice on the stance, once with slightly different ends.
    await code('ana', troops!, 0, 1000);
    await code('ana', neutral!, 100, 160);
    await code('ben', complicit!, 100, 160);
    await code('ana', neutral!, 500, 560);
    await code('ben', complicit!, 504, 560);
    const list = async () => (await call(p, 'disagreements', { coders: ['ana', 'ben'] })).map(place);
    // Three decisions, three passages: the paragraph ben did not code, and each stance.
    expect(await list()).toEqual([
      [1, 'Troops', 0, 1000],
      [1, 'Belarus neutral / Belarus complicit', 100, 160],
      [1, 'Belarus neutral / Belarus complicit', 500, 560],
    ]);
    // ben codes the paragraph too, alike: it is no disagreement, and the stances stay apart.
    await code('ben', troops!, 0, 1000);
    expect(await list()).toEqual([
      [1, 'Belarus neutral / Belarus complicit', 100, 160],
      [1, 'Belarus neutral / Belarus complicit', 500, 560],
    ]);
    // A coding of another code over nearly the same sentence joins its passage: what differs there is shown together.
    const sanctions = await call(p, 'createCode', { name: 'Sanctions' });
    await code('ben', sanctions.id, 98, 160);
    expect(await list()).toEqual([
      [1, 'Belarus neutral / Belarus complicit / Sanctions', 98, 160],
      [1, 'Belarus neutral / Belarus complicit', 500, 560],
    ]);
  });

  it('settles a stance passage as one step: keep one coder’s, or recode, each undone as one', async () => {
    const { p, x, z } = await twoCoders();
    p.coder = 'lead';
    const stance = (await call(p, 'disagreements', { coders: ['ana', 'ben'] })).find((d) => d.codes.length === 2)!;
    const [anas, bens] = [stance.coders[0]!.codings[0]!, stance.coders[1]!.codings[0]!];
    const codings = async () =>
      (await call(p, 'listCodings', { documentId: 1 })).filter((k) => k.start === 1000).map((k) => [k.coder, k.codeId]);
    expect(await codings()).toEqual([
      ['ana', x.id],
      ['ben', z.id],
    ]);
    // Keep ben's: ana's “Complicit” goes, the passage leaves the list.
    expect(
      await call(p, 'settleDisagreement', {
        coders: ['ana', 'ben'],
        key: stance.key,
        action: 'keep',
        keepCoder: 'ben',
      }),
    ).toEqual({ removed: 1, recoded: 0, notes: [] });
    expect(await codings()).toEqual([['ben', z.id]]);
    expect((await call(p, 'disagreements', { coders: ['ana', 'ben'] })).map((d) => d.key)).not.toContain(stance.key);
    const [entry] = await call(p, 'history', { limit: 1 });
    expect(entry!.description).toMatch(/^Settle “.+” \(Complicit \/ Neutral\): keep ben’s coding$/);
    await call(p, 'undo', {});
    expect(await codings()).toEqual([
      ['ana', x.id],
      ['ben', z.id],
    ]);
    // Recode ben's “Neutral” as “Complicit”: the two agree, nothing is left to settle there.
    expect(
      await call(p, 'settleDisagreement', {
        coders: ['ana', 'ben'],
        key: stance.key,
        action: 'recode',
        codingId: bens.id,
        newCodeId: x.id,
      }),
    ).toEqual({
      removed: 0,
      recoded: 1,
      notes: [],
    });
    expect(await codings()).toEqual([
      ['ana', x.id],
      ['ben', x.id],
    ]);
    expect((await call(p, 'disagreements', { coders: ['ana', 'ben'] })).map(place)).not.toContainEqual([
      1,
      'Complicit / Neutral',
      1000,
      1100,
    ]);
    await call(p, 'undo', {});
    expect(
      (await call(p, 'disagreements', { coders: ['ana', 'ben'] }))
        .find((d) => d.key === stance.key)
        ?.coders.map((c) => c.codings.map((k) => k.id)),
    ).toEqual([[anas.id], [bens.id]]);
  });

  it('settles by keeping one coder’s codings, as one undoable step, and the passage stays settled', async () => {
    const { p } = await twoCoders();
    p.coder = 'lead';
    const before = await call(p, 'disagreements', { coders: ['ana', 'ben'] });
    const troops = before.find((d) => d.codes[0]!.name === 'Troops')!;
    // Keep ana's [1000,1200): ben's [1100,1300) goes. ana's coding alone still differs from ben (nothing), but it is settled.
    expect(
      await call(p, 'settleDisagreement', {
        coders: ['ana', 'ben'],
        key: troops.key,
        action: 'keep',
        keepCoder: 'ana',
      }),
    ).toEqual({ removed: 1, recoded: 0, notes: [] });
    const codings = async () => (await call(p, 'listCodings', { documentId: 2 })).map((k) => [k.coder, k.start, k.end]);
    expect(await codings()).not.toContainEqual(['ben', 1100, 1300]);
    expect(await codings()).toContainEqual(['ana', 1000, 1200]);
    const after = await call(p, 'disagreements', { coders: ['ana', 'ben'] });
    expect(after.map(place)).toEqual(before.filter((d) => d !== troops).map(place));
    // The coders in the other order are the same pair.
    expect((await call(p, 'disagreements', { coders: ['ben', 'ana'] })).map(place)).toEqual(after.map(place));
    const [entry] = await call(p, 'history', { limit: 1 });
    expect(entry).toMatchObject({
      command: 'settleDisagreement',
      coder: 'lead',
      description: expect.stringMatching(/^Settle “.+” \(Troops\): keep ana’s coding$/),
    });

    // Undo brings back ben's coding and the disagreement; redo settles it again.
    expect((await call(p, 'undo', {})).undone?.command).toBe('settleDisagreement');
    expect(await codings()).toContainEqual(['ben', 1100, 1300]);
    expect((await call(p, 'disagreements', { coders: ['ana', 'ben'] })).map((d) => d.key)).toEqual(
      before.map((d) => d.key),
    );
    expect(p.db.prepare('SELECT count(*) FROM settled_disagreements').pluck().get()).toBe(0);
    await call(p, 'redo', {});
    expect((await call(p, 'disagreements', { coders: ['ana', 'ben'] })).map(place)).toEqual(after.map(place));

    // A new coding in a settled passage opens it again.
    p.coder = 'ben';
    await call(p, 'applyCode', { documentId: 2, codeId: troops.codes[0]!.id, start: 1150, end: 1180 });
    expect((await call(p, 'disagreements', { coders: ['ana', 'ben'] })).map(place)).toContainEqual([
      2,
      'Troops',
      1000,
      1200,
    ]);
  });

  it('settles by keeping both (nothing changes but the list), by place instead of key', async () => {
    const { p, x } = await twoCoders();
    const codingsBefore = p.db.prepare('SELECT * FROM codings ORDER BY id').all();
    expect(
      await call(p, 'settleDisagreement', {
        coders: ['ana', 'ben'],
        documentId: 1,
        codeId: x.id,
        start: 150,
        end: 160,
        action: 'both',
      }),
    ).toEqual({
      removed: 0,
      recoded: 0,
      notes: [],
    });
    expect(p.db.prepare('SELECT * FROM codings ORDER BY id').all()).toEqual(codingsBefore);
    const list = await call(p, 'disagreements', { coders: ['ana', 'ben'] });
    expect(list.map(place)).not.toContainEqual([1, 'Complicit', 100, 200]);
    expect(list).toHaveLength(3);
    // The figures are those of the codings as they are: settling with "both" changes none.
    expect((await call(p, 'agreement', { coders: ['ana', 'ben'], codeIds: [x.id] })).codes[0]!.onlyFirst).toBe(110);
    // By place, the stance passage is found by either of its codes.
    await call(p, 'settleDisagreement', {
      coders: ['ana', 'ben'],
      documentId: 1,
      codeId: x.id,
      start: 1000,
      end: 1001,
      action: 'both',
    });
    expect(await call(p, 'disagreements', { coders: ['ana', 'ben'] })).toHaveLength(2);
    await call(p, 'undo', {});
    await call(p, 'undo', {});
    expect(await call(p, 'disagreements', { coders: ['ana', 'ben'] })).toHaveLength(4);
  });

  it('settles by recoding one coding, and says when the coding merges into one the coder already had', async () => {
    const p = await createTestProject();
    const troops = await call(p, 'createCode', { name: 'Troops' });
    const sanctions = await call(p, 'createCode', { name: 'Sanctions' });
    p.coder = 'ana';
    await call(p, 'applyCode', { documentId: 1, codeId: troops.id, start: 300, end: 400 });
    p.coder = 'ben';
    await call(p, 'applyCode', { documentId: 1, codeId: troops.id, start: 300, end: 400 });
    await call(p, 'applyCode', { documentId: 1, codeId: sanctions.id, start: 300, end: 400 });
    // They agree on Troops; only ben coded Sanctions. Recoding ben's Sanctions as Troops meets his own Troops coding.
    const [unit] = await call(p, 'disagreements', { coders: ['ana', 'ben'] });
    expect(unit!.reasons).toEqual(['Only ben coded “Sanctions” here.']);
    const result = await call(p, 'settleDisagreement', {
      coders: ['ana', 'ben'],
      key: unit!.key,
      action: 'recode',
      codingId: unit!.coders[1]!.codings[0]!.id,
      newCodeId: troops.id,
    });
    expect(result).toEqual({
      removed: 0,
      recoded: 1,
      notes: ['ben had already coded this passage as ‘Troops’: the two codings are now one.'],
    });
    expect((await call(p, 'listCodings', { documentId: 1 })).map((k) => [k.coder, k.codeId])).toEqual([
      ['ana', troops.id],
      ['ben', troops.id],
    ]);
    expect(await call(p, 'disagreements', { coders: ['ana', 'ben'] })).toEqual([]);
    await call(p, 'undo', {});
    expect(await call(p, 'listCodings', { documentId: 1 })).toHaveLength(3);
  });

  it('keeps a stance settled code by code (as before passages) settled as one passage', async () => {
    const { p } = await twoCoders();
    const stance = (await call(p, 'disagreements', { coders: ['ana', 'ben'] })).find((d) => d.codes.length === 2)!;
    // Two rows as schema 4 stored them before a disagreement was a passage: one per code, each with that code's codings.
    const guid = (id: number) => p.db.prepare('SELECT guid FROM codings WHERE id = ?').pluck().get(id) as string;
    const [ana, ben] = p.db
      .prepare("SELECT id FROM coders WHERE name IN ('ana', 'ben') ORDER BY id")
      .pluck()
      .all() as number[];
    const insert = p.db.prepare(
      `INSERT INTO settled_disagreements (guid, document_id, code_id, first_coder_id, second_coder_id, start, "end", action, codings, settled_at)
       VALUES (?, 1, ?, ?, ?, 1000, 1100, 'both', ?, '2026-01-01T00:00:00Z')`,
    );
    for (const side of stance.coders) {
      const k = side.codings[0]!;
      insert.run(`old-${k.id}`, k.codeId, ana, ben, JSON.stringify([guid(k.id)]));
    }
    expect((await call(p, 'disagreements', { coders: ['ana', 'ben'] })).map((d) => d.key)).not.toContain(stance.key);
  });

  it('refuses a settle it cannot do, in plain words, changing nothing', async () => {
    const { p, x, y } = await twoCoders();
    const list = await call(p, 'disagreements', { coders: ['ana', 'ben'] });
    const [first] = list;
    const snapshot = () => [
      p.db.prepare('SELECT * FROM codings ORDER BY id').all(),
      p.db.prepare('SELECT count(*) FROM command_log').pluck().get(),
    ];
    const before = snapshot();
    const settle = (input: object) =>
      call(p, 'settleDisagreement', { coders: ['ana', 'ben'], key: first!.key, ...input } as never);
    await expect(settle({ action: 'keep', keepCoder: 'cleo' })).rejects.toThrow(
      'Keep the codings of ana or ben: they are the coders compared.',
    );
    await expect(
      settle({ action: 'recode', codingId: first!.coders[0]!.codings[0]!.id, newCodeId: x.id }),
    ).rejects.toThrow('That coding already has the code “Complicit”: choose another.');
    await expect(
      settle({ action: 'recode', codingId: list[3]!.coders[0]!.codings[0]!.id, newCodeId: y.id }),
    ).rejects.toThrow('That coding is not part of this disagreement.');
    await expect(settle({ action: 'both', key: `${first!.key},9999` })).rejects.toThrow(
      /changed since the list was made/,
    );
    await expect(settle({ action: 'both', key: 'nonsense' })).rejects.toThrow('That is not the key of a disagreement.');
    // A key made at character level names no passage at segment level, where that pair matches.
    await expect(settle({ action: 'both', level: 'segment' })).rejects.toThrow(/changed since the list was made/);
    await expect(
      call(p, 'settleDisagreement', {
        coders: ['ana', 'ben'],
        action: 'both',
        documentId: 1,
        codeId: x.id,
        start: 5000,
        end: 5100,
      }),
    ).rejects.toThrow('Neither ana nor ben coded that passage as “Complicit”.');
    await expect(
      call(p, 'settleDisagreement', {
        coders: ['ana', 'ben'],
        action: 'both',
        documentId: 2,
        codeId: x.id,
        start: 0,
        end: 50,
      }),
    ).rejects.toThrow('ana and ben agree on “Complicit” there: there is nothing to settle.');
    await expect(
      call(p, 'settleDisagreement', { coders: ['ana', 'ben'], action: 'both', documentId: 1 } as never),
    ).rejects.toThrow(/give the key of a disagreement/);
    expect(snapshot()).toEqual(before);
  });

  it('explains a segment pair that differs by one word, and shows the threshold in use', async () => {
    const p = await createTestProject();
    const ids = await codebook(p, ['Belarus neutral', 'Belarus complicit', 'Military infrastructure']);
    const [neutral, complicit, military] = [
      ids['Belarus neutral']!,
      ids['Belarus complicit']!,
      ids['Military infrastructure']!,
    ];
    const code = (coder: string, codeId: number, quote: string) => codeQuote(p, coder, 2, codeId, quote);
    const stance =
      'Lukashenka has sought to create distance for Belarus, emphasizing that Belarusian troops didn’t cross into Ukraine.';
    await code('ana', military, 'The first aircraft arrived in Belarus in August 2021.');
    await code('ana', neutral, stance);
    // ben leaves out the year: 47 of the 53 characters.
    await code('ben', military, 'The first aircraft arrived in Belarus in August');
    await code('ben', complicit, stance);

    // The researchers' case: nothing matches, 0% and kappa −0.50 with three codes; now the result says why.
    const r = await call(p, 'agreement', { coders: ['ana', 'ben'], level: 'segment' });
    expect(r.overlap).toBe(0.9);
    expect(r.overall).toMatchObject({ units: 4, agreements: 0, percent: 0 });
    expect(r.overall.kappa).toBeCloseTo(-0.5, 12);
    expect(r.nearMisses.map((n) => [n.document.title, n.code.name, n.overlap, n.reason])).toEqual([
      [
        SEED_TITLES['001'],
        'Military infrastructure',
        47 / 53,
        'ana’s and ben’s “Military infrastructure” overlap 88% — below the 90% threshold.',
      ],
    ]);
    expect(r.notes).toContain(
      'Each segment of ana or ben counts once; it agrees when the other coder has a segment of the same code covering at least 90% of the text the two cover together (MAXQDA’s rule; 90% is its default and ours).',
    );
    expect(r.notes).toContain('1 pair of segments shares text, but less than 90% (88%), so it counts as unmatched.');
    // The list says for each passage why it did not match.
    const list = await call(p, 'disagreements', { coders: ['ana', 'ben'], level: 'segment' });
    expect(list.map((d) => [d.codes.map((c) => c.name), d.reasons])).toEqual([
      [
        ['Military infrastructure'],
        ['ana’s and ben’s “Military infrastructure” overlap 88% — below the 90% threshold.'],
      ],
      [['Belarus neutral', 'Belarus complicit'], ['ana coded this “Belarus neutral”, ben “Belarus complicit”.']],
    ]);
    // At character level the same pair is 6 characters apart.
    expect((await call(p, 'disagreements', { coders: ['ana', 'ben'] }))[0]!.reasons).toEqual([
      'Both coded “Military infrastructure”, not the same text: 6 characters only by ana.',
    ]);

    // A threshold of 85% matches the pair: 2 of 4 segments agree, kappa (1/2 − 1/3)/(2/3) = 0.25; only the stance is left.
    const lenient = await call(p, 'agreement', { coders: ['ana', 'ben'], level: 'segment', overlap: 0.85 });
    expect(lenient.overall).toMatchObject({ units: 4, agreements: 2, percent: 50 });
    expect(lenient.overall.kappa).toBeCloseTo(0.25, 12);
    expect(lenient.nearMisses).toEqual([]);
    expect(lenient.notes[0]).toMatch(/covering at least 85% of the text/);
    expect(
      (await call(p, 'disagreements', { coders: ['ana', 'ben'], level: 'segment', overlap: 0.85 })).map(
        (d) => d.codes.length,
      ),
    ).toEqual([2]);
    // A threshold that is not a whole percentage is shown as set.
    expect(
      (await call(p, 'agreement', { coders: ['ana', 'ben'], level: 'segment', overlap: 0.895 })).nearMisses[0]!.reason,
    ).toBe('ana’s and ben’s “Military infrastructure” overlap 88% — below the 89.5% threshold.');
  });
});

describe('agreement in exports', () => {
  const text = (base64: string | null) => Buffer.from(base64!, 'base64').toString('utf8');

  it('writes the agreement table as CSV: a row per code and one for all codes', async () => {
    const { p, x, y } = await twoCoders();
    await call(p, 'updateCode', { id: y.id, name: '=Troops' });
    const result = await call(p, 'exportFile', {
      format: 'agreement-csv',
      codeIds: [x.id, y.id],
      agreement: { coders: ['ana', 'ben'], level: 'segment' },
    });
    expect(result.name).toMatch(/\.agreement\.csv$/);
    const csv = text(result.base64);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFcode,coder A,coder B,alpha coders,level,overlap threshold %,documents,units,agreements,only coder A,only coder B,percent,kappa,alpha',
      'Complicit,ana,ben,ana; ben,segment,90,2,6,4,1,1,66.67,,',
      // A name a spreadsheet would take for a formula is written as text.
      "'=Troops,ana,ben,ana; ben,segment,90,2,4,2,1,1,50,,",
      'All codes,ana,ben,ana; ben,segment,90,2,10,6,2,2,60,0.2,',
      '',
    ]);
    // Character level, the two coders with the most codings by default.
    const chars = text((await call(p, 'exportFile', { format: 'agreement-csv', codeIds: [x.id] })).base64).split(
      '\r\n',
    );
    expect(chars[1]).toBe(`Complicit,ana,ben,ana; ben,character,,2,${L},9779,110,60,98.29,0.6136,0.6135`);
    // With one coder there is nothing to compare.
    const alone = await createTestProject();
    alone.coder = 'ana';
    const c = await call(alone, 'createCode', { name: 'C' });
    await call(alone, 'applyCode', { documentId: 1, codeId: c.id, start: 0, end: 10 });
    await expect(call(alone, 'exportFile', { format: 'agreement-csv' })).rejects.toThrow(
      'Intercoder agreement needs codings by at least two coders in the chosen documents.',
    );
  });

  it('adds an “Intercoder agreement” section to the report when asked and two coders have codings', async () => {
    const { p, x, y } = await twoCoders();
    const include = { text: false, memos: false, matrix: false, quotes: false, codebook: false };
    const { html } = await call(p, 'previewReport', {
      codeIds: [x.id, y.id],
      include: { ...include, agreement: true },
    });
    const section = /<section class="agreement"[^>]*>[\s\S]*?<\/section>/.exec(html)![0];
    expect(section).toContain('<h2>Intercoder agreement</h2>');
    expect(section).toContain('ana and ben, character by character, over 2 documents.');
    expect(section).toMatch(
      /Complicit<\/th><td>9949<\/td><td>9779<\/td><td>98\.3%<\/td><td>0\.614<\/td><td>0\.614<\/td>/,
    );
    expect(section).toMatch(
      /All codes<\/th><td>19898<\/td><td>19528<\/td><td>98\.1%<\/td><td>0\.638<\/td><td>0\.638<\/td>/,
    );
    // Not asked for: no section.
    expect((await call(p, 'previewReport', { include })).html).not.toContain('Intercoder agreement');
    // Segment level, as chosen, in Markdown and Word too.
    const choices = {
      codeIds: [x.id, y.id],
      include: { ...include, agreement: true },
      agreement: { coders: ['ana', 'ben'], level: 'segment' as const, overlap: 0.9 },
    };
    const md = text((await call(p, 'exportFile', { format: 'md', ...choices })).base64);
    expect(md).toContain('## Intercoder agreement');
    expect(md).toContain('| Complicit | 6 | 4 | 66.7% | n/a | n/a |');
    expect(md).toContain('| **All codes** | 10 | 6 | 60.0% | 0.200 | n/a |');
    const docx = await call(p, 'exportFile', { format: 'docx', ...choices });
    const xml = new TextDecoder().decode(unzipSync(Buffer.from(docx.base64!, 'base64'))['word/document.xml']);
    expect(xml).toContain('Intercoder agreement');
    expect(xml).toContain('66.7%');

    // Only one coder with codings: the section is left out even when asked for.
    const alone = await createTestProject();
    alone.coder = 'ana';
    const c = await call(alone, 'createCode', { name: 'C' });
    await call(alone, 'applyCode', { documentId: 1, codeId: c.id, start: 0, end: 10 });
    expect((await call(alone, 'previewReport', { include: { ...include, agreement: true } })).html).not.toContain(
      'Intercoder agreement',
    );
  });
});

describe('the README’s worked example', () => {
  it('gives exactly the figures “How agreement is counted” shows, from the text and codings it lists', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## How agreement is counted'),
      readme.indexOf('\n## ', readme.indexOf('## How agreement is counted') + 1),
    );
    const text = /```text\n([\s\S]*?)```/.exec(section)![1]!;
    const codings = [...section.matchAll(/^\| (ana|ben) \| (.+?) \| (.+) \|$/gm)].map((m) => ({
      coder: m[1]!,
      code: m[2]!,
      quote: m[3]!,
    }));
    expect(codings).toHaveLength(8);
    expect([...text].length).toBe(170);

    const p = await createTestProject({ seeds: false });
    const { files } = await call(p, 'importUploads', {
      files: [{ name: 'example.txt', base64: Buffer.from(text).toString('base64') }],
    });
    const documentId = files[0]!.documentId!;
    expect((await call(p, 'getDocument', { id: documentId })).body).toBe(text);
    const ids = await codebook(p, ['Belarus neutral', 'Belarus complicit', 'Troops']);
    for (const k of codings) await codeQuote(p, k.coder, documentId, ids[k.code]!, k.quote);

    // The tables are the Markdown report's, line for line.
    const include = { text: false, memos: false, matrix: false, quotes: false, codebook: false, agreement: true };
    const tableLines = async (level: 'character' | 'segment', overlap: number) => {
      const md = Buffer.from(
        (await call(p, 'exportFile', { format: 'md', include, agreement: { coders: ['ana', 'ben'], level, overlap } }))
          .base64!,
        'base64',
      ).toString('utf8');
      return md.split('\n').filter((line) => line.startsWith('| '));
    };
    const lines = section.split('\n');
    for (const line of [...(await tableLines('character', 0.9)), ...(await tableLines('segment', 0.9))])
      expect(lines).toContain(line);

    // The arithmetic in the prose.
    const chars = await call(p, 'agreement', { coders: ['ana', 'ben'] });
    const neutral = chars.codes[0]!;
    expect(section).toContain(`(33 + 91) / 170 = ${percentText(neutral.percent)}`);
    expect(section).toContain(`(1 − 0.522) = ${coefficientText(neutral.kappa)}`);
    const segments = await call(p, 'agreement', { coders: ['ana', 'ben'], level: 'segment' });
    expect(section).toContain(`“${segments.nearMisses[0]!.reason}”`.replace(/^“|”$/g, '"'));
    expect(section).toContain(`(0.5 − 1/3) / (1 − 1/3) = ${coefficientText(segments.overall.kappa)}`);
    const lenient = await call(p, 'agreement', { coders: ['ana', 'ben'], level: 'segment', overlap: 0.7 });
    expect(lenient.codes[2]).toMatchObject({ units: 4, agreements: 4 });
    expect(section).toContain(
      `all codes 6\nof 8 (${percentText(lenient.overall.percent)}), kappa (0.75 − 1/3) / (1 − 1/3) = ${coefficientText(lenient.overall.kappa)}.`,
    );

    // The disagreements, with their reasons as the list gives them.
    const list = await call(p, 'disagreements', { coders: ['ana', 'ben'] });
    expect(section).toContain(`This example has ${list.length}:`);
    const prose = section.replace(/\n\s*/g, ' ');
    for (const d of list)
      expect(prose).toContain(`"${d.codes.map((c) => c.name).join(' / ')}": "${d.reasons.join(' ')}"`);
  });
});
