// Folding: the form a word takes in the search index, so that a query typed
// without accents, in another case or in another compatibility form finds the
// word as it is written. The same fold runs over the documents when they are
// indexed and over every query, and never touches the stored text. What is
// folded is listed in the README ("What search folds").

/**
 * Scripts whose combining marks are accents on a letter (Latin, Greek tonos
 * and dialytika, Cyrillic stress marks and ё, Arabic harakat and hamza, Hebrew
 * niqqud). In other scripts a combining mark is part of the letter or the
 * syllable (Thai and Devanagari vowel signs, the kana voicing marks), and
 * folding it away would merge different words, so it stays.
 */
const ACCENTED_SCRIPT = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Hebrew}]/u;

/** Cyrillic letters written with a mark that are letters of their own (й, ў, ї), not accented forms: base + mark. */
const CYRILLIC_LETTERS = new Set([
  '\u0438\u0306',
  '\u0418\u0306',
  '\u0443\u0306',
  '\u0423\u0306',
  '\u0456\u0308',
  '\u0406\u0308',
]);

/** Letters that are one letter for a reader: Greek final sigma, Arabic alef maksura and ta marbuta (as Lucene's Arabic normaliser), ß. */
const SAME_LETTER: Record<string, string> = { ς: 'σ', ى: 'ي', ة: 'ه', ß: 'ss' };
const SAME_LETTER_RE = /[ςىةß]/g;

/** Arabic-Indic and Extended (Persian) digits, written as 0–9 in the index. */
const ARABIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** What the index keeps of a word: letters, digits, marks and private-use characters (no joiners, soft hyphens or tatweel). */
const NOT_KEPT = /[^\p{L}\p{N}\p{M}\p{Co}]|\u0640/gu;

/**
 * A word as the index holds it: compatibility forms to their plain letters
 * (full-width Latin, Arabic presentation forms, ligatures), accents off in the
 * scripts that have accents, lower case, one form for letters that differ only
 * by position, soft hyphens, joiners and tatweel left out. The empty string
 * when nothing of it can be searched.
 */
export function foldWord(word: string): string {
  // Most words of most corpora are plain ASCII letters and digits, for which folding is lower case.
  if (ASCII_WORD.test(word)) return word.toLowerCase();
  let folded = foldedWords.get(word);
  if (folded === undefined) {
    const f = fold(word);
    folded = SEARCHABLE.test(f) ? f : '';
    if (foldedWords.size >= FOLDED_KEPT) foldedWords.clear();
    foldedWords.set(word, folded);
  }
  return folded;
}

/**
 * Words beyond ASCII as foldWord folded them, kept for the next time (each thread its own). A text's words repeat,
 * and folding one (lower case, decomposing, the marks each script keeps or drops) took most of cutting a Russian
 * text into its index words: the BBC folder's texts written in Cyrillic letters took eight times as long as in
 * Latin ones. Bounded: past FOLDED_KEPT words the list starts afresh.
 */
const foldedWords = new Map<string, string>();
const FOLDED_KEPT = 20_000;

const ASCII_WORD = /^[A-Za-z0-9]+$/;

/** A mark alone (after a space or a symbol) is nothing to search for. */
const SEARCHABLE = /[\p{L}\p{N}\p{Co}]/u;

/** A character and the combining marks written on it. */
const MARKED = /(\P{M})(\p{M}+)/gu;
const HAS_MARK = /\p{M}/u;
const HAS_NOT_KEPT = /[^\p{L}\p{N}\p{M}\p{Co}]|\u0640/u;
const HAS_SAME_LETTER = /[ςىةß\u0660-\u0669\u06F0-\u06F9]/;

/** A letter without its accents, when its script writes accents; else as it is. */
function withoutAccents(group: string, base: string, marks: string): string {
  if (!ACCENTED_SCRIPT.test(base)) return group;
  let kept = base;
  for (const m of marks) if (CYRILLIC_LETTERS.has(base + m)) kept += m;
  return kept;
}

function fold(word: string): string {
  // Lower case first, so that a capital's own dot (Turkish İ) is folded with the other marks.
  const lower = word.toLowerCase();
  let s = lower.normalize('NFKD');
  // Each step runs only where it has something to do: most words of most scripts need none of them.
  const marked = HAS_MARK.test(s);
  if (marked) s = s.replace(MARKED, withoutAccents);
  if (HAS_NOT_KEPT.test(s)) s = s.replace(NOT_KEPT, '');
  // Composed again (kana voicing, Hangul, й), and lower case again: a compatibility form can stand for a capital (ℍ, ㎒).
  if (marked || s !== lower) s = s.normalize('NFC').toLowerCase();
  if (HAS_SAME_LETTER.test(s))
    s = s
      .replace(SAME_LETTER_RE, (c) => SAME_LETTER[c]!)
      .replace(ARABIC_DIGITS, (c) => String((c.charCodeAt(0) - 0x0660) % 0x90));
  return s;
}
