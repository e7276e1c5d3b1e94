// Fields a file gives about a document that Quire has no column for: a news
// database's section, length, copyright line and accession number, a
// reference's DOI and tags. A JSON array of {name, value}, in the file's order.
export const sql = `
ALTER TABLE documents ADD COLUMN details TEXT;
`;
