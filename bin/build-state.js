// Whether the build of the command line (out/main/cli.js, made by `npm run build`, `npm test` and `npm run web`)
// can be run: it is there and no source it is made from has changed since. Shared by bin/quire.js and the tests.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const BUILT_CLI = join(root, 'out', 'main', 'cli.js');
const SOURCES = ['src/main', 'src/shared'];
/** The workbench's page as the browser harness serves it, and what it is made from. */
export const BUILT_RENDERER = join(root, 'out', 'renderer', 'index.html');
export const RENDERER_SOURCES = ['src/renderer', 'src/shared'];
const CONFIG = 'electron.vite.config.ts';

const modified = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs;

/**
 * Why the build cannot be run, in words ("there is no build yet", "src/main/cli/search.ts changed after it"),
 * or null when it is up to date: of the command line, or of another part built from other sources.
 */
export function staleBuild(output = BUILT_CLI, sources = SOURCES) {
  const built = modified(output);
  if (built === undefined) return 'there is no build of it yet';
  const files = [
    join(root, CONFIG),
    ...sources.flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true }).map((name) => join(root, dir, String(name))),
    ),
  ];
  for (const file of files)
    if ((modified(file) ?? 0) > built) return `${relative(root, file)} changed after it was built`;
  return null;
}
