// Things named on the command line (codes, groups, attributes, sets, documents) found in the project,
// or refused naming what there is.
import { QuireError } from '../../shared/errors.ts';
import { findDocument } from '../core/documents/documents.ts';
import { setIdNamed } from '../core/documents/sets.ts';
import { call } from '../core/engine.ts';
import type { ProjectHandle } from '../core/project.ts';

export async function groupsNamed(project: ProjectHandle, list: string): Promise<number[]> {
  const { groups } = await call(project, 'getCodebook', {});
  return list.split(',').map((name) => {
    const group = groups.find((g) => g.name.toLowerCase() === name.trim().toLowerCase());
    if (!group)
      throw new QuireError(
        'invalid_input',
        `There is no code group “${name.trim()}”. The groups are: ${groups.map((g) => `“${g.name}”`).join(', ') || 'none'}.`,
      );
    return group.id;
  });
}

/** Codes by name (any case) or number, comma-separated. */
export async function codesNamed(project: ProjectHandle, list: string): Promise<number[]> {
  const { codes } = await call(project, 'getCodebook', {});
  return list.split(',').map((ref) => {
    const wanted = ref.trim();
    const code = codes.find((c) => String(c.id) === wanted || c.name.toLowerCase() === wanted.toLowerCase());
    if (!code) throw new QuireError('not_found', `There is no code “${wanted}”.`);
    return code.id;
  });
}

/** A set chosen by name with --set (any case); a name the project has no set of is refused, naming it and the sets there are. */
export function setChosen(project: ProjectHandle, name: string | undefined): number | undefined {
  return name === undefined ? undefined : setIdNamed(project.db, name);
}

/** Documents by number, GUID, file name or title, as arguments or a comma-separated list. */
export const documentsNamed = (project: ProjectHandle, refs: readonly string[]) =>
  refs
    .flatMap((r) => r.split(','))
    .map((ref) => ref.trim())
    .filter(Boolean)
    .map((ref) => findDocument(project.db, ref));

// ---------------------------------------------------------------- analyst's toolkit: helpers
/** --attr "Outlet type=state": an attribute by its name (any case) and a value; nothing after "=" chooses documents without a value. */
export async function attributeFilterNamed(
  project: ProjectHandle,
  given: string,
): Promise<{ id: number; value: string | null }> {
  const at = given.indexOf('=');
  if (at < 0)
    throw new QuireError(
      'invalid_input',
      `“${given}”: write an attribute and a value as name=value, such as "Outlet type=state".`,
    );
  const [name, value] = [given.slice(0, at).trim(), given.slice(at + 1).trim()];
  const { attributes } = await call(project, 'listAttributes', {});
  const attribute = attributes.find((a) => a.name.toLowerCase() === name.toLowerCase());
  if (!attribute)
    throw new QuireError(
      'invalid_input',
      `There is no attribute “${name}”. The attributes are: ${attributes.map((a) => `“${a.name}”`).join(', ') || 'none'}.`,
    );
  return { id: attribute.id, value: value === '' ? null : value };
}
