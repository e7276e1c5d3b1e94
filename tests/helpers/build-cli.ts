// Before the tests: the command line they run (bin/quire.js) runs its build, out/main/cli.js, as it does for
// users, and the browser harness serves the workbench's build, out/renderer. Where either is missing or older than
// its sources, both are made again here once, so the tests never run stale code nor fall back to the sources
// (whose note on stderr would be in every run's output).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { BUILT_RENDERER, RENDERER_SOURCES, root, staleBuild } from '../../bin/build-state.js';

export default function buildCli(): void {
  const stale = staleBuild() ?? staleBuild(BUILT_RENDERER, RENDERER_SOURCES);
  if (!stale) return;
  process.stderr.write(`Building Quire before the tests (${stale}).\n`);
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'error'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
