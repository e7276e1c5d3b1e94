// Schema 9: how a document's text was read by OCR, kept with it so the reader
// can mark what OCR was unsure of: the languages, the mean confidence, the
// pages read (of a PDF), and the words read with low confidence as code point
// spans of the stored text. JSON; null for a text not read by OCR.
export const sql = /* sql */ `
ALTER TABLE documents ADD COLUMN ocr TEXT;
`;
