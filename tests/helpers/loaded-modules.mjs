// Preloaded with `node --import`: when the process exits, writes to the file QUIRE_LOADED_MODULES names every
// package (from node_modules) the process loaded, one a line, and each TypeScript source it loaded as
// "source: <path>". Used to prove a command loads only what it needs, and runs the build, not the sources.
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const loaded = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    const at = result.url.lastIndexOf('/node_modules/');
    if (at >= 0) {
      const [scope, name] = result.url.slice(at + '/node_modules/'.length).split('/');
      loaded.add(scope.startsWith('@') ? `${scope}/${name}` : scope);
    } else if (result.url.startsWith('file:') && result.url.endsWith('.ts'))
      loaded.add(`source: ${fileURLToPath(result.url)}`);
    return result;
  },
});
process.on('exit', () => writeFileSync(process.env.QUIRE_LOADED_MODULES, [...loaded].sort().join('\n')));
