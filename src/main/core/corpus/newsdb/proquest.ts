// ProQuest text and RTF exports: articles between lines of underscores, each
// its title, "Author:", "Publication info:", links, "Abstract:", then "Full
// text:" and the text, then labelled fields ("Subject:", "Publication title:",
// "Publication date:", "Section:", "Language of publication:", "ProQuest
// document ID:", "Document URL:", "Copyright:"…).
import { bare, emptyArticle, bodyText, labelled, labelSet, type NewsArticle } from './fields.ts';

const SEPARATOR = /^_{20,}[\s\u00a0]*$/m;
const FULL_TEXT = /^Full text:[\s\u00a0]*/;
const TRAILER = labelSet([
  'Subject',
  'Location',
  'People',
  'Company / organization',
  'Title',
  'Publication title',
  'First page',
  'Publication year',
  'Publication date',
  'Year',
  'Section',
  'Publisher',
  'Place of publication',
  'Country of publication',
  'Publication subject',
  'ISSN',
  'Source type',
  'Language of publication',
  'Document type',
  'ProQuest document ID',
  'Document URL',
  'Copyright',
  'Last updated',
  'Database',
  'Credit',
  'Identifier / keyword',
  'Dateline',
  'Column',
  'Edition',
  'Number of pages',
  'Accession number',
  'Document feature',
  'Links',
]);
const HEAD = labelSet(['Author', 'Publication info', 'Abstract', 'Links']);

// Every text an import reads is asked: "Full text:" is first looked for plainly, far quicker than line by line.
export const isProQuest = (text: string) =>
  text.includes('Full text:') &&
  SEPARATOR.test(text) &&
  /^Full text:/m.test(text) &&
  /^(ProQuest document ID|Document URL|Database):/m.test(text);

export function readProQuest(text: string): NewsArticle[] {
  return text
    .split(new RegExp(SEPARATOR.source, 'gm'))
    .filter((chunk) => /^Full text:/m.test(chunk) || /^Title:/m.test(chunk))
    .map(proQuestArticle);
}

function proQuestArticle(chunk: string): NewsArticle {
  const article = emptyArticle();
  const lines = chunk.split('\n');
  const textAt = lines.findIndex((l) => FULL_TEXT.test(bare(l)));
  // The trailer: from the end back, labelled lines (and blank ones) only.
  let end = lines.length;
  for (let i = lines.length - 1; i > textAt; i--) {
    const l = bare(lines[i]!);
    if (l && !labelled(l, TRAILER)) break;
    if (l) end = i;
  }
  const head = lines.slice(0, Math.max(textAt, 0)).map(bare).filter(Boolean);
  article.headline =
    head.find((l) => !labelled(l, HEAD) && !/^(ProQuest document link|https?:|Document \d+ of \d+$)/.test(l)) ?? null;
  for (const l of head) {
    const f = labelled(l, HEAD);
    if (f && /^author$/i.test(f.label)) article.byline = f.value;
    else if (f && /^publication info$/i.test(f.label))
      article.details.push({ name: 'Publication info', value: f.value });
    else if (f && /^abstract$/i.test(f.label)) article.details.push({ name: 'Abstract', value: f.value });
  }
  if (textAt < 0) {
    article.error = 'This ProQuest record has no full text (only its citation): ProQuest gives no “Full text:” for it.';
    return article;
  }
  article.body = bodyText([bare(lines[textAt]!).replace(FULL_TEXT, ''), ...lines.slice(textAt + 1, end)]);
  for (const l of lines.slice(end).map(bare).filter(Boolean)) {
    const { label, value } = labelled(l, TRAILER)!;
    const key = label.toLowerCase();
    if (key === 'title') article.headline = value || article.headline;
    else if (key === 'publication title') article.outlet = value.split(';')[0]!.trim();
    else if (key === 'publication date') article.date = value;
    else if (key === 'language of publication') article.language = value;
    else if (key === 'document url') article.url = value;
    else if (!['publication year', 'year', 'database', 'last updated'].includes(key))
      article.details.push({ name: label, value });
  }
  return article;
}
