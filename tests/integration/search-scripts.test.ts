import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { getDocument } from '../../src/main/core/documents/documents.ts';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { SearchInput, type Span } from '../../src/shared/api.ts';
import { search } from '../../src/main/core/search/search.ts';
import { everyone } from '../../src/main/core/viewer.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

// Short news-like texts in the scripts researchers meet, as the programs that make such files write them:
// Chinese and Japanese without spaces and with Latin names inside, Thai without spaces, Greek with tonos and
// in capitals, Arabic as PDF text layers give it (presentation forms, the lam-alef ligature) and with tatweel,
// Hebrew with niqqud, Russian with ё, full-width Latin as East Asian pages write it.
const ARTICLES: Record<string, string> = {
  'zh.txt':
    '😀 谷歌旗下的DeepMind公司开发的AlphaGo在2016年击败了韩国棋手李世石。此后，腾讯和阿里巴巴也加大了对人工智能的投入。' +
    '报道称，Ｇｏｏｇｌｅ的研究人员认为，人工智能将改变新闻业。',
  'ja.txt':
    '東京大学の研究者は、人工知能を使った新しい翻訳システムを発表した。ソフトバンクも開発に参加している。ｶﾀｶﾅで書かれた記事もある。',
  'th.txt': 'รัฐบาลไทยประกาศมาตรการใหม่เพื่อกระตุ้นเศรษฐกิจ นายกรัฐมนตรีกล่าวว่าการท่องเที่ยวจะฟื้นตัวในปีหน้า',
  'el.txt':
    'Γνωρίζω ότι η κυβέρνηση της Ελλάδας συζητά με την Κύπρο για την ενέργεια. ΟΙ ΥΠΟΥΡΓΟΊ ΣΥΝΑΝΤΉΘΗΚΑΝ ΣΤΗΝ ΑΘΉΝΑ.',
  // أعلنت الحكومة المصرية عن خطة جديدة للطاقة الشمسية, in presentation forms; then لا تزال with the ligature; then tatweel.
  'ar.txt':
    '\ufe83\ufecb\ufee0\ufee8\ufe96 \ufe8d\ufedf\ufea4\ufedc\ufeee\ufee3\ufe94 \ufe8d\ufedf\ufee4\ufebc\ufeae\ufef3\ufe94 \ufecb\ufee6 \ufea7\ufec4\ufe94 ' +
    '\ufe9f\ufeaa\ufef3\ufeaa\ufe93 \ufedf\ufee0\ufec4\ufe8e\ufed7\ufe94 \ufe8d\ufedf\ufeb8\ufee4\ufeb4\ufef4\ufe94. \ufefb تزال الأسعار مرتفعة في القاهـــرة.',
  'he.txt': 'הממשלה הודיעה על תוכנית חדשה. שָׁלוֹם לכולם מירושלים.',
  'ru.txt': 'Всё решено: президент Белоруссии заявил, что ёлка на главной площади Минска будет установлена.',
};

/** The stored text a span covers, counting code points. */
const cover = (text: string, [start, end]: Span) => [...text].slice(start, end).join('');

let project: ProjectHandle;
const bodyOf = (id: number) => getDocument(project.db, id, everyone()).body;
const run = (query: string) => search(project.db, SearchInput.parse({ query, limit: 50 }), everyone());
/** The files a query finds, and what each hit covers in the stored text. */
function found(query: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of run(query).results) out[r.document.filename!] = r.hits.map((h) => cover(bodyOf(r.document.id), h));
  return out;
}

beforeEach(async () => {
  project = await createTestProject({ seeds: false });
  const dir = tempDir();
  for (const [name, text] of Object.entries(ARTICLES)) writeFileSync(join(dir, name), text);
  const report = await importFiles(project.db, [dir]);
  expect(report.imported).toBe(Object.keys(ARTICLES).length);
});

describe('search finds words in every script', () => {
  it('finds Chinese words inside unspaced text, and the Latin words written next to them', () => {
    expect(found('人工智能')).toEqual({ 'zh.txt': ['人工智能', '人工智能'] });
    expect(found('腾讯')).toEqual({ 'zh.txt': ['腾讯'] });
    expect(found('DeepMind')).toEqual({ 'zh.txt': ['DeepMind'] });
    expect(found('alphago')).toEqual({ 'zh.txt': ['AlphaGo'] });
    expect(found('"阿里巴巴" AND 2016')).toEqual({ 'zh.txt': ['2016', '阿里巴巴'] });
    // ICU cuts 人工智能 as 人工 + 智能, so either part is a word of its own.
    expect(found('智能')).toEqual({ 'zh.txt': ['智能', '智能'] });
  });

  it('finds Japanese and Thai words', () => {
    expect(found('研究者')).toEqual({ 'ja.txt': ['研究者'] });
    expect(found('ソフトバンク')).toEqual({ 'ja.txt': ['ソフトバンク'] });
    expect(found('カタカナ')).toEqual({ 'ja.txt': ['ｶﾀｶﾅ'] }); // half-width katakana, found by the full-width word
    expect(found('เศรษฐกิจ')).toEqual({ 'th.txt': ['เศรษฐกิจ'] });
    expect(found('ท่องเที่ยว')).toEqual({ 'th.txt': ['ท่องเที่ยว'] });
  });

  it('finds Greek written with accents, or in capitals, by a query typed without them', () => {
    expect(found('γνωριζω')).toEqual({ 'el.txt': ['Γνωρίζω'] });
    expect(found('Κυπρο')).toEqual({ 'el.txt': ['Κύπρο'] });
    expect(found('υπουργοι αθηνα')).toEqual({ 'el.txt': ['ΥΠΟΥΡΓΟΊ', 'ΑΘΉΝΑ'] });
    expect(found('ΣΥΝΑΝΤΗΘΗΚΑΝ')).toEqual({ 'el.txt': ['ΣΥΝΑΝΤΉΘΗΚΑΝ'] });
  });

  it('finds Arabic stored in presentation forms, with the ligature or with tatweel, by ordinary letters', () => {
    const ar = bodyOf(run('الحكومة').results[0]!.document.id);
    const words = ar.split(' ');
    expect(found('الحكومة')).toEqual({ 'ar.txt': [words[1]] });
    expect(found('"للطاقة الشمسية"')).toEqual({ 'ar.txt': [`${words[6]} ${words[7]!.replace('.', '')}`] });
    expect(found('لا')).toEqual({ 'ar.txt': ['\ufefb'] });
    expect(found('القاهرة')).toEqual({ 'ar.txt': ['القاهـــرة'] });
    expect(found('اعلنت')).toEqual({ 'ar.txt': [words[0]] }); // alef with hamza, typed without it
  });

  it('finds Hebrew with niqqud and Russian with ё by the plain letters', () => {
    expect(found('שלום')).toEqual({ 'he.txt': ['שָׁלוֹם'] });
    expect(found('все елка')).toEqual({ 'ru.txt': ['Всё', 'ёлка'] });
    expect(found('Google')).toEqual({ 'zh.txt': ['Ｇｏｏｇｌｅ'] });
  });

  it('keeps snippet marks exact in code points after emoji', () => {
    const hit = run('DeepMind').results[0]!;
    expect(hit.snippet.text.startsWith('😀 谷歌')).toBe(true);
    expect(hit.snippet.marks.map((m) => cover(hit.snippet.text, m))).toEqual(['DeepMind']);
    expect(hit.hits).toEqual([[7, 15]]);
  });

  it('gives the reader the same hits for one document', async () => {
    const hit = run('人工智能 OR 腾讯').results[0]!;
    const inDocument = await call(project, 'findInDocument', { id: hit.document.id, query: '人工智能 OR 腾讯' });
    expect(inDocument.hits).toEqual(hit.hits);
    expect(inDocument.hits.map((h) => cover(bodyOf(hit.document.id), h))).toEqual(['腾讯', '人工智能', '人工智能']);
  });

  it('finds nothing for a word that is not there, and does not match part of a Chinese word as a word', () => {
    expect(found('北京')).toEqual({});
    expect(found('γνωρίζεις')).toEqual({});
  });
});
