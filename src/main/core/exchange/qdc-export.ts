// Codebook export: a REFI-QDA .qdc file (Codebook-mrt2019.xsd). Codes nest
// as in Quire's tree, with colour and description; code groups become sets.
import { QuireError } from '../../../shared/errors.ts';
import type { Db } from '../db/open.ts';
import { visibleCodeMemoCount } from '../db/queries/memos.ts';
import { viewerParam, type Viewer } from '../viewer.ts';
import { codeScope, setsNode, type ExportOptions, type ScopeCode } from './scope.ts';
import { buildXml, CODEBOOK_NS, type XmlNode } from './xml.ts';

/** The codebook as .qdc XML, with plain-language notes on what it cannot carry. */
export function codebookQdc(
  db: Db,
  options: Pick<ExportOptions, 'codeIds'> & { viewer?: Viewer } = {},
): { xml: string; notes: string[] } {
  const scope = codeScope(db, options);
  if (!scope.codes.length)
    throw new QuireError('invalid_input', 'There are no codes to export: a REFI-QDA codebook holds at least one code.');
  const root: XmlNode = { '@_xmlns': CODEBOOK_NS, '@_origin': 'Quire', Codes: { Code: codeTree(scope.codes, null) } };
  if (scope.groups.length) {
    root.Sets = setsNode(scope.groups, '@_guid');
  }
  const notes = [...scope.notes];
  const memos = visibleCodeMemoCount(db).get({ viewer: options.viewer ? viewerParam(options.viewer) : null })!;
  if (memos)
    notes.push(
      `A codebook file has no place for memos: the ${memos === 1 ? 'memo' : `${memos} memos`} on codes ${memos === 1 ? 'is' : 'are'} left out (a .qdpx project keeps them).`,
    );
  return { xml: buildXml('CodeBook', root), notes };
}

export function codebookXml(db: Db, options: Pick<ExportOptions, 'codeIds'> = {}): string {
  return codebookQdc(db, options).xml;
}

/** The codes under `parent`, each with its own children, as <Code> elements (shared with the project export). */
export function codeTree(
  codes: readonly ScopeCode[],
  parent: number | null,
  extra?: (code: ScopeCode) => XmlNode,
): XmlNode[] {
  return codes
    .filter((c) => c.parentId === parent)
    .map((c) => {
      const kids = codeTree(codes, c.id, extra);
      return {
        '@_guid': c.guid,
        '@_name': c.name,
        // Every Quire code can be applied to passages.
        '@_isCodable': 'true',
        '@_color': c.colour.toUpperCase(),
        Description: c.description || undefined,
        ...extra?.(c),
        Code: kids.length ? kids : undefined,
      };
    });
}
