// A document's near-duplicate buckets are kept in its project (near_buckets) and compared with those of the
// documents imported later, by any later version of Quire: the same text must always give the same buckets, or a
// new document would never meet its near-duplicates already there. These were made by the first version that
// stored them (the MinHash signature then computed in doubles); every change to how they are computed must keep them.
import { describe, expect, it } from 'vitest';
import { nearBuckets } from '../../src/main/core/corpus/near-index.ts';

const ENGLISH =
  'The Belarusian president met Russian officials in Minsk on Tuesday to discuss the joint military exercises near the Ukrainian border.';
const GERMAN =
  'Ökonomen in Wien erwarten für das kommende Jahr ein Wachstum von zwei Prozent, sagte der Minister am Montag.';

describe('near-duplicate buckets', () => {
  it('are the buckets projects already hold, for text in English and with accents', () => {
    expect(nearBuckets(ENGLISH)).toEqual([
      4065153870042398, 2093192713996902, 6724477517842320, 6946549536876177, 419978354363610, 8880562576707565,
      831315668856949, 3678318147754579, 7681933842749312, 3229882228613366, 2857565664552689, 6141294141650338,
      8032091104728341, 4053628499085731, 8930657669762342, 5842057651558646, 3717509089185049, 5003669099472463,
      2060162598597706, 257510104473289, 3929624590768018, 3420399038542526, 2438041916264954, 1703912936157435,
    ]);
    expect(nearBuckets(GERMAN)).toEqual([
      3024137130955689, 503560069720419, 5099239771428487, 3045026151871306, 4867800857679312, 7046311136234244,
      348006828825725, 8994643365389575, 8050150221716082, 6131969079948839, 6521344721525354, 6931338639724118,
      8729187223669945, 522934422075742, 6745888031439023, 602732504301732, 7021624223042692, 8488789659089925,
      5290033047855208, 2149050143092932, 4550907004280257, 465046983046935, 386322677385222, 3670683478060441,
    ]);
  });
});
