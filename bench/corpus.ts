// Builds a benchmark corpus "from real text": sentences sampled from a folder
// of real articles (the BBC corpus when present, else the project's seeds/),
// arranged into N article files with a headline, sometimes a byline and a date
// line, and 4–15 paragraphs. Some articles get the spelling variants
// Lukashenko/Lukashenka/Lukashenkko and Kiev/Kyiv so fuzzy queries have work.
// Deterministic for a given source and seed.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bytesToText, prng } from './util.ts';

interface SourceArticle {
  headline: string;
  sentences: string[];
}

export interface GeneratedCorpus {
  dir: string;
  files: number;
  bytes: number;
  source: string;
  sourceArticles: number;
  sourceSentences: number;
  withLukashenko: number;
  withKiev: number;
}

export const FILES_PER_FOLDER = 1000;

/** Every .txt file under dir (recursively, sorted), README files left out. */
export function textFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...textFiles(path));
    else if (/\.txt$/i.test(name) && !/^readme/i.test(name)) out.push(path);
  }
  return out;
}

// A sentence ends at . ! or ? (maybe followed by a closing quote) before a space
// and a capital, a digit or an opening quote.
const SENTENCE_END = /(?<=[.!?]["”’']?)\s+(?=["“‘']?[A-Z0-9£$])/;

export function readSource(dir: string): SourceArticle[] {
  const articles: SourceArticle[] = [];
  for (const file of textFiles(dir)) {
    const text = bytesToText(readFileSync(file)).replace(/\r\n?/g, '\n');
    const lines = text.split('\n');
    const headline = (lines.shift() ?? '').trim();
    const sentences = lines
      .join('\n')
      .split(/\n\s*\n/)
      .flatMap((p) => p.replace(/\s+/g, ' ').trim().split(SENTENCE_END))
      .map((s) => s.trim())
      .filter((s) => s.length >= 20 && s.length <= 500 && /[.!?]["”’']?$/.test(s));
    if (headline && sentences.length >= 3) articles.push({ headline, sentences });
  }
  if (articles.length === 0) throw new Error(`No usable source articles under ${dir}.`);
  return articles;
}

const FIRST = [
  'Anna',
  'James',
  'Olga',
  'Peter',
  'Maria',
  'David',
  'Irina',
  'Thomas',
  'Sarah',
  'Mikhail',
  'Laura',
  'Andrew',
  'Elena',
  'Simon',
  'Natalia',
  'Robert',
];
const LAST = [
  'Walker',
  'Petrova',
  'Hughes',
  'Novak',
  'Bennett',
  'Kowalski',
  'Morgan',
  'Ivanova',
  'Fletcher',
  'Schmidt',
  'Harrison',
  'Sokolov',
  'Reid',
  'Marsh',
  'Lindqvist',
  'Doyle',
];
/** Month names as English-language outlets write dates. */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const BELARUS = [
  'Belarusian President Alexander {L} met senior officials in Minsk on {D}.',
  '{L} has ruled Belarus since 1994 and remains a close ally of Moscow.',
  'Opposition groups accused {L} of rigging the vote and jailing his critics.',
  'Western governments said they would not recognise {L} as the legitimate president.',
  'In a televised address, {L} warned that Belarus would answer any new sanctions.',
];
const UKRAINE = [
  'Talks between the two delegations were held in {K} on {D}.',
  'The government in {K} said it would respond to the proposal within days.',
  'Thousands of people gathered in the centre of {K} to protest against the decision.',
  'Flights to {K} were cancelled after the airport was closed.',
  'Officials in {K} and Moscow traded accusations over the gas supply.',
];

export function generateCorpus(options: {
  sourceDir: string;
  outDir: string;
  docs: number;
  seed: number;
}): GeneratedCorpus {
  const source = readSource(options.sourceDir);
  const random = prng(options.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const lukashenko = () => {
    const r = random();
    return r < 0.6 ? 'Lukashenko' : r < 0.9 ? 'Lukashenka' : 'Lukashenkko';
  };
  const kiev = () => (random() < 0.5 ? 'Kiev' : 'Kyiv');
  const fill = (template: string) =>
    template.replaceAll('{L}', lukashenko()).replaceAll('{K}', kiev()).replaceAll('{D}', pick(WEEKDAYS));

  mkdirSync(options.outDir, { recursive: true });
  let bytes = 0;
  let withLukashenko = 0;
  let withKiev = 0;
  for (let i = 0; i < options.docs; i++) {
    // Most sentences come from one article (a coherent topic), the rest from random ones.
    const main = pick(source);
    const from = () => (random() < 0.7 ? main : pick(source));
    const paragraphs: string[] = [];
    const count = int(4, 15);
    for (let p = 0; p < count; p++) {
      const sentences: string[] = [];
      const n = int(1, 4);
      for (let s = 0; s < n; s++) sentences.push(pick(from().sentences));
      paragraphs.push(sentences.join(' '));
    }
    const inject = (templates: readonly string[]) => {
      const p = int(0, paragraphs.length - 1);
      paragraphs[p] = `${paragraphs[p]} ${fill(pick(templates))}`;
    };
    if (random() < 0.04) {
      inject(BELARUS);
      if (random() < 0.5) inject(BELARUS);
      withLukashenko++;
    }
    if (random() < 0.04) {
      inject(UKRAINE);
      withKiev++;
    }

    const header = [main.headline];
    const byline = random() < 0.3;
    const dated = random() < 0.4;
    if (byline || dated) header.push('');
    if (byline) header.push(`By ${pick(FIRST)} ${pick(LAST)}`);
    if (dated) {
      const [y, m, d] = [int(2003, 2024), int(0, 11), int(1, 28)];
      header.push(random() < 0.5 ? `${d} ${MONTHS[m]} ${y}` : `${MONTHS[m]} ${d}, ${y}`);
    }
    const text = `${header.join('\n')}\n\n${paragraphs.join('\n\n')}\n`;

    const folder = join(options.outDir, String(Math.floor(i / FILES_PER_FOLDER)).padStart(3, '0'));
    if (i % FILES_PER_FOLDER === 0) mkdirSync(folder, { recursive: true });
    const buffer = Buffer.from(text, 'utf8');
    writeFileSync(join(folder, `${String(i).padStart(6, '0')}.txt`), buffer);
    bytes += buffer.length;
  }
  return {
    dir: options.outDir,
    files: options.docs,
    bytes,
    source: relative(process.cwd(), options.sourceDir) || '.',
    sourceArticles: source.length,
    sourceSentences: source.reduce((n, a) => n + a.sentences.length, 0),
    withLukashenko,
    withKiev,
  };
}

/** n article files of a corpus, taking the first file of each folder (a topic) in turn, then the second, and so on, so every topic is there. */
export function articleFiles(dir: string, n: number): string[] {
  const byFolder = new Map<string, string[]>();
  for (const file of textFiles(dir)) {
    const folder = relative(dir, join(file, '..'));
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  const folders = [...byFolder.values()];
  const out: string[] = [];
  for (let i = 0; out.length < n && folders.some((f) => i < f.length); i++)
    for (const f of folders) if (i < f.length && out.length < n) out.push(f[i]!);
  return out;
}
