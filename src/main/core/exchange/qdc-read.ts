// Reading a REFI-QDA codebook (.qdc), and the Codes and Sets elements a
// project file shares with it.
import { emptyInput, type RefiCode, type RefiInput, type RefiSet } from './model.ts';
import { readSetDescription } from './scope.ts';
import { attr, child, children, cleanColour, cleanGuid, text, type XmlElement } from './xml.ts';

export function readCodebook(root: XmlElement): RefiInput {
  const input = emptyInput();
  input.codes = readCodes(child(root, 'Codes'));
  input.sets = readSets(child(root, 'Sets'));
  return input;
}

/** The codes in a <Codes> element (or under a <Code>), nested. */
export function readCodes(parent: XmlElement | undefined): RefiCode[] {
  return children(parent, 'Code').map((el) => ({
    guid: cleanGuid(attr(el, 'guid')),
    name: (attr(el, 'name') ?? '').trim(),
    colour: cleanColour(attr(el, 'color')),
    description: ownText(child(el, 'Description')),
    codable: !/^(false|0)$/i.test(attr(el, 'isCodable')?.trim() ?? ''),
    noteRefs: refs(el, 'NoteRef'),
    children: readCodes(el),
  }));
}

export function readSets(parent: XmlElement | undefined): RefiSet[] {
  return children(parent, 'Set').map((el) => {
    const { description, exclusive } = readSetDescription(ownText(child(el, 'Description')));
    return {
      guid: cleanGuid(attr(el, 'guid')),
      name: (attr(el, 'name') ?? '').trim(),
      description,
      exclusive,
      // A codebook names the member by `guid`, a project by `targetGUID`: take either.
      codeGuids: children(el, 'MemberCode').flatMap((m) => cleanGuid(attr(m, 'targetGUID') ?? attr(m, 'guid')) ?? []),
      sourceGuids: children(el, 'MemberSource').flatMap(
        (m) => cleanGuid(attr(m, 'targetGUID') ?? attr(m, 'guid')) ?? [],
      ),
      noteMembers: children(el, 'MemberNote').length,
    };
  });
}

/** The GUIDs that `name` elements (NoteRef, CodeRef…) under `el` point at. */
export function refs(el: XmlElement | undefined, name: string): string[] {
  return children(el, name).flatMap((r) => cleanGuid(attr(r, 'targetGUID')) ?? []);
}

/** An element's text, or '' when it holds only white space. */
export function ownText(el: XmlElement | undefined): string {
  const t = text(el);
  return t.trim() ? t : '';
}
