// Preloaded with `node --import`: writes, when the process exits, every package (from node_modules) the
// process loaded, one a line, to the file QUIRE_LOADED_PACKAGES names. Used to prove a command loads only what it needs.
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';

const loaded = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    const at = result.url.lastIndexOf('/node_modules/');
    if (at >= 0) {
      const [scope, name] = result.url.slice(at + '/node_modules/'.length).split('/');
      loaded.add(scope.startsWith('@') ? `${scope}/${name}` : scope);
    }
    return result;
  },
});
process.on('exit', () => writeFileSync(process.env.QUIRE_LOADED_PACKAGES, [...loaded].sort().join('\n')));
