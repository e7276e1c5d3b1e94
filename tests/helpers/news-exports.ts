// News database exports as the databases write them, built from articles so a
// test knows what each must give back: Nexis Uni (Word, RTF, text; a cover page
// for a download of many; labels followed by a no-break space), the older
// LexisNexis Academic text ("1 of 3 DOCUMENTS"), Factiva with field codes (text,
// RTF, HTML) and without, and ProQuest's text export.
import { Document, Packer, Paragraph, TextRun } from 'docx';

export interface FixtureArticle {
  headline: string;
  outlet: string;
  /** The date as the database writes it. */
  date: string;
  /** The day it means. */
  day: string;
  byline: string;
  /** The people the byline names, as Quire keeps them. */
  author: string;
  section: string;
  words: number;
  language: string;
  paragraphs: string[];
}

export const ARTICLES: FixtureArticle[] = [
  {
    headline: 'Belarus says its troops will not join the war',
    outlet: 'The Guardian (London)',
    date: 'March 3, 2022 Thursday 10:30 PM GMT',
    day: '2022-03-03',
    byline: 'Andrew Roth and Pjotr Sauer in Moscow',
    author: 'Andrew Roth and Pjotr Sauer',
    section: 'WORLD NEWS; Version:2',
    words: 412,
    language: 'ENGLISH',
    paragraphs: [
      'Alexander Lukashenko said on Thursday that Belarusian troops would not take part in the invasion of Ukraine.',
      // A line of the text that looks like a field label: it stays in the text.
      'Length: of the border with Ukraine, 1,084 km, is now guarded by Belarusian units.',
      'Opposition leaders in exile called the statement a smokescreen.',
    ],
  },
  {
    headline: 'Lukaschenko bestreitet Beteiligung am Krieg',
    outlet: 'Süddeutsche Zeitung',
    date: '3. März 2022 Donnerstag',
    day: '2022-03-03',
    byline: 'Silke Bigalke',
    author: 'Silke Bigalke',
    section: 'Politik; S. 7',
    words: 388,
    language: 'GERMAN',
    paragraphs: [
      'Der Machthaber in Minsk bestreitet jede Beteiligung.',
      'Kritiker sprechen von einer Mitkriegspartei.',
    ],
  },
  {
    headline: 'Minsk hosts the first round of talks',
    outlet: 'Reuters News',
    date: '28 February 2022',
    day: '2022-02-28',
    byline: 'By Andrew Osborn, Matthias Williams',
    author: 'Andrew Osborn and Matthias Williams',
    section: 'World',
    words: 530,
    language: 'English',
    paragraphs: [
      'Ukrainian and Russian delegations met near the Belarusian border on Monday.',
      'IN Minsk, officials said the talks would continue.',
      'RE the ceasefire, no agreement was reached.',
    ],
  },
];

const NBSP = '\u00a0';

/** One article as Nexis Uni writes it, line by line (a Word or RTF file has a paragraph per line). */
export function nexisUniLines(a: FixtureArticle, options: { graphic?: string } = {}): string[] {
  return [
    a.headline,
    a.outlet,
    a.date,
    `Copyright 2022 ${a.outlet} All Rights Reserved`,
    `Section:${NBSP}${a.section}`,
    `Length:${NBSP}${a.words} words`,
    `Byline:${NBSP}${a.byline}`,
    'Body',
    ...a.paragraphs,
    ...(options.graphic ? ['Graphic', options.graphic] : []),
    'Classification',
    `Language:${NBSP}${a.language}`,
    `Publication-Type:${NBSP}Newspaper`,
    `Subject:${NBSP}ARMED FORCES (90%); WAR & CONFLICT (89%)`,
    `Load-Date:${NBSP}March 4, 2022`,
    'End of Document',
  ];
}

/** The cover page of a download of many: the list of results with the search's details. */
export function nexisCover(articles: readonly FixtureArticle[], count = articles.length): string[] {
  return [
    'User Name: =researcher',
    'Date and Time: Thursday, March 10, 2022 9:30:00 AM CET',
    'Job Number: 166301542',
    `Documents (${count})`,
    ...articles.flatMap((a, i) => [
      `${i + 1}. ${a.headline}`,
      'Client/Matter: -None-',
      'Search Terms: Belarus AND (Lukashenko OR Lukashenka)',
      'Search Type: Boolean',
      'Narrowed by:',
      'Content Type Narrowed by',
      'News Sources: The Guardian (London)',
    ]),
  ];
}

/** A Word file with a paragraph per line, as Nexis Uni's DOCX download is. */
export async function wordFile(lines: readonly string[]): Promise<Buffer> {
  const doc = new Document({
    sections: [{ children: lines.map((l) => new Paragraph({ children: [new TextRun(l)] })) }],
  });
  return Packer.toBuffer(doc);
}

/** An RTF file with a paragraph per line, non-ASCII characters as \u escapes (as Word writes them). */
export function rtfFile(lines: readonly string[]): Buffer {
  const escape = (s: string) =>
    [...s]
      .map((ch) => {
        const code = ch.codePointAt(0)!;
        if (ch === '\\' || ch === '{' || ch === '}') return `\\${ch}`;
        if (code < 128) return ch;
        if (code === 0xa0) return '\\~';
        return `\\u${code > 32767 ? code - 65536 : code}?`;
      })
      .join('');
  const body = lines.map((l) => `{\\pard ${escape(l)}\\par}`).join('\n');
  return Buffer.from(
    `{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1{\\fonttbl{\\f0\\froman Times New Roman;}}\n${body}\n}`,
    'latin1',
  );
}

/** The LexisNexis Academic text download: centred header lines, upper-case labels. */
export function lexisAcademic(articles: readonly FixtureArticle[]): string {
  return articles
    .map((a, i) =>
      [
        `                              ${i + 1} of ${articles.length} DOCUMENTS`,
        '',
        '',
        `                          ${a.outlet}`,
        '',
        `                    ${a.date}`,
        '                       Late Edition - Final',
        '',
        a.headline,
        '',
        `BYLINE: ${a.byline}`,
        '',
        `SECTION: ${a.section}`,
        '',
        `LENGTH: ${a.words} words`,
        '',
        ...a.paragraphs.flatMap((p) => [p, '']),
        `LOAD-DATE: March 4, 2022`,
        '',
        `LANGUAGE: ${a.language}`,
        '',
        'PUBLICATION-TYPE: Newspaper',
        '',
        `Copyright 2022 ${a.outlet}`,
        '',
        '',
      ].join('\r\n'),
    )
    .join('\r\n');
}

const AN = (i: number) => `LBA00000202203${String(i + 1).padStart(2, '0')}ei3300abc`;

/** Factiva's "full article and indexing" form: a field code and its value per line or paragraph. */
export function factivaCoded(articles: readonly FixtureArticle[]): string {
  return articles
    .map((a, i) =>
      [
        `HD ${a.headline}`,
        `BY ${a.byline}`,
        `WC ${a.words} words`,
        `PD ${a.date}`,
        'ET 10:23',
        `SN ${a.outlet}`,
        'SC LBA',
        `LA ${a.language}`,
        `CY Copyright 2022 ${a.outlet}.`,
        `LP ${a.paragraphs[0]}`,
        '',
        `TD ${a.paragraphs.slice(1).join('\n\n')}`,
        'NS gvio : Military Action | gpol : Domestic Politics',
        'RE bela : Belarus | ukrn : Ukraine',
        'IPD Russia-Ukraine conflict',
        `AN Document ${AN(i)}`,
        '',
      ].join('\n'),
    )
    .join('\n');
}

/** Factiva's HTML export of the same: each article a <div class="article enArticle"> with a table of fields. */
export function factivaHtml(articles: readonly FixtureArticle[]): string {
  const row = (code: string, value: string) =>
    `<tr><td class="index" align="right" valign="top"><b>${code}</b>&nbsp;</td><td>${value}</td></tr>`;
  const paras = (ps: readonly string[]) =>
    ps.map((p) => `<p class="articleParagraph enarticleParagraph">${p}</p>`).join('');
  const divs = articles.map(
    (a, i) => `<div class="article enArticle"><table border="0">
${row('HD', `<b>${a.headline}</b>`)}${row('BY', a.byline)}${row('WC', `${a.words} words`)}${row('PD', a.date)}${row('SN', a.outlet)}${row('SC', 'LBA')}${row('LA', a.language)}
${row('CY', `Copyright 2022 ${a.outlet}.`)}${row('LP', paras(a.paragraphs.slice(0, 1)))}${row('TD', paras(a.paragraphs.slice(1)))}
${row('RE', 'bela : Belarus | ukrn : Ukraine')}${row('AN', `Document ${AN(i)}`)}</table></div>`,
  );
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Factiva</title></head><body>
<div id="navbar">Factiva · Search · Alerts</div>
${divs.join('\n<br/>\n')}
<div class="footer">© 2022 Factiva, Inc. All rights reserved.</div></body></html>`;
}

/** Factiva's default display without field codes: header lines, the text, and the "Document …" line. */
export function factivaPlain(articles: readonly FixtureArticle[]): string {
  return articles
    .map((a, i) =>
      [
        a.headline,
        a.byline.startsWith('By ') ? a.byline : `By ${a.byline}`,
        `${a.words} words`,
        a.date,
        '10:23',
        a.outlet,
        'LBA',
        a.language,
        `Copyright 2022 ${a.outlet}.`,
        '',
        ...a.paragraphs.flatMap((p) => [p, '']),
        `Document ${AN(i)}`,
        '',
        '',
      ].join('\n'),
    )
    .join('\n');
}

/** ProQuest's text export: articles between lines of underscores, the text after "Full text:", then labelled fields. */
export function proQuest(articles: readonly FixtureArticle[]): string {
  const line = '_'.repeat(60);
  return [
    line,
    '',
    ...articles.flatMap((a, i) => [
      'Document ' + (i + 1) + ' of ' + articles.length,
      '',
      a.headline,
      '',
      `Author: ${a.byline}`,
      '',
      `Publication info: ${a.outlet} ; London (UK) [London (UK)]. ${a.date}: 7.`,
      '',
      'ProQuest document link',
      '',
      `Abstract: ${a.paragraphs[0]}`,
      '',
      `Full text: ${a.paragraphs[0]}`,
      '',
      ...a.paragraphs.slice(1).flatMap((p) => [p, '']),
      `Title: ${a.headline}`,
      '',
      `Publication title: ${a.outlet}; London (UK)`,
      '',
      `Publication date: ${a.date}`,
      '',
      `Section: ${a.section}`,
      '',
      `Language of publication: ${a.language}`,
      '',
      `ProQuest document ID: 26350${i}1234`,
      '',
      `Document URL: https://www.proquest.com/newspapers/doc/26350${i}1234`,
      '',
      `Copyright: Copyright ${a.outlet} 2022`,
      '',
      'Database: Global Newsstream',
      '',
      line,
      '',
    ]),
  ].join('\n');
}
