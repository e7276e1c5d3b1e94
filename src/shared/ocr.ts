// The languages Quire can read by OCR: the tesseract language data installed
// with it (npm packages @tesseract.js-data/<code>), by their tesseract codes.

export const OCR_LANGUAGES = { eng: 'English', deu: 'German', fra: 'French', ukr: 'Ukrainian' } as const;

export type OcrLanguage = keyof typeof OCR_LANGUAGES;

export const OCR_LANGUAGE_CODES = Object.keys(OCR_LANGUAGES) as [OcrLanguage, ...OcrLanguage[]];

/** "English and German". */
export function languageNames(codes: readonly OcrLanguage[]): string {
  return new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(codes.map((c) => OCR_LANGUAGES[c]));
}
