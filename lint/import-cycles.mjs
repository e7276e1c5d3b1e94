// quire/no-import-cycles: an import may not lead, through the modules it imports, back to the file that makes it.
// import-x/no-cycle does the same but re-parses every module with the ESTree parser (about 14 s of CPU on this code,
// a fifth of the whole lint); this reads each module once with the TypeScript scanner's parser (about 1 s) and keeps
// what it read until the file changes on disk, so an editor's lint stays true as files are saved.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const EXTENSIONS = ['.ts', '.tsx', '.mjs', '.js'];

/** Each module's value imports (resolved paths), and the modification time they were read at. */
const modules = new Map();
/** Each file is checked against the disk at most once per linted file, so the walk stays cheap. */
let pass = 0;
const checkedIn = new Map();

const modified = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? null;

/** The file a relative specifier names, or null for a package or a file that is not there. */
function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => join(base, `index${e}`))];
  return candidates.find((path) => statSync(path, { throwIfNoEntry: false })?.isFile()) ?? null;
}

/** Whether an import or re-export brings in only types (erased when compiled, so it cannot close a circle at run time). */
function typeOnly(node) {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return false;
    if (clause.isTypeOnly) return true;
    const named = clause.namedBindings;
    return (
      !clause.name &&
      !!named &&
      ts.isNamedImports(named) &&
      named.elements.length > 0 &&
      named.elements.every((e) => e.isTypeOnly)
    );
  }
  const clause = node.exportClause;
  return (
    node.isTypeOnly ||
    (!!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly))
  );
}

/** The specifiers of a module's value imports: static imports, re-exports and dynamic `import()`. */
function valueSpecifiers(source) {
  const specifiers = [];
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!typeOnly(node)) specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** A module's value imports as it is on disk now (read again only when it changed). */
function importsOf(path) {
  const cached = modules.get(path);
  if (cached && checkedIn.get(path) === pass) return cached.imports;
  checkedIn.set(path, pass);
  const mtime = modified(path);
  if (cached && cached.mtime === mtime) return cached.imports;
  const text = mtime === null ? '' : readFileSync(path, 'utf8');
  const source = ts.createSourceFile(
    path,
    text,
    ts.ScriptTarget.Latest,
    false,
    path.endsWith('.tsx') ? ts.ScriptKind.TSX : undefined,
  );
  const imports = valueSpecifiers(source)
    .map((s) => resolveImport(path, s))
    .filter((p) => p !== null);
  modules.set(path, { mtime, imports });
  return imports;
}

/**
 * The way from `start` back to `file` through value imports, or null. `cleared` holds modules already known not to
 * lead back (shared between the imports of one file, so each module is walked once per file).
 */
function wayBack(start, file, cleared) {
  const cameFrom = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift();
    if (at === file) {
      const way = [];
      for (let step = at; step !== null; step = cameFrom.get(step)) way.unshift(step);
      return way;
    }
    for (const next of importsOf(at)) {
      if (cameFrom.has(next) || cleared.has(next)) continue;
      cameFrom.set(next, at);
      queue.push(next);
    }
  }
  for (const walked of cameFrom.keys()) cleared.add(walked);
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
const noImportCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'An import may not lead back to the file that makes it (type-only imports aside).' },
    messages: {
      cycle: 'Import circle: {{way}}. Move what both need into a module of its own, or import only its type.',
    },
    schema: [],
  },
  create(context) {
    const file = context.physicalFilename;
    if (!isAbsolute(file)) return {};
    pass += 1;
    const cleared = new Set();
    const check = (node, specifier) => {
      const target = typeof specifier === 'string' ? resolveImport(file, specifier) : null;
      if (target === null || target === file) return;
      const way = wayBack(target, file, cleared);
      if (way)
        context.report({
          node,
          messageId: 'cycle',
          data: { way: [file, ...way].map((p) => relative(context.cwd, p)).join(' → ') },
        });
    };
    const allTypes = (specifiers, kind) => specifiers.length > 0 && specifiers.every((s) => s[kind] === 'type');
    return {
      ImportDeclaration(node) {
        if (node.importKind !== 'type' && !allTypes(node.specifiers, 'importKind')) check(node, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source && node.exportKind !== 'type' && !allTypes(node.specifiers, 'exportKind'))
          check(node, node.source.value);
      },
      ExportAllDeclaration(node) {
        if (node.exportKind !== 'type') check(node, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value);
      },
    };
  },
};

export default { rules: { 'no-import-cycles': noImportCycles } };
