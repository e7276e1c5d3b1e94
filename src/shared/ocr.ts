// The languages Quire can read by OCR: the tesseract language data installed
// with it (npm packages @tesseract.js-data/<code>), by their tesseract codes.

export const OCR_LANGUAGES = { eng: 'English', deu: 'German', fra: 'French', ukr: 'Ukrainian' } as const;

export type OcrLanguage = keyof typeof OCR_LANGUAGES;

export const OCR_LANGUAGE_CODES = Object.keys(OCR_LANGUAGES) as [OcrLanguage, ...OcrLanguage[]];

/** "English and German". */
export function languageNames(codes: readonly OcrLanguage[]): string {
  return new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(codes.map((c) => OCR_LANGUAGES[c]));
}

/** Import notes that say a document's text may differ from its original: read by OCR, or from a broken text layer (shown in the reader). */
export const CAUTION_NOTE =
  /\bread by OCR\b|^Read by OCR\b|broken text layer|^OCR (?:was unsure|found no text)|could not read as words/;
