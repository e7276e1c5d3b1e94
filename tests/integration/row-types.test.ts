// The row types of db/types.ts are the schema the migrations leave, column by
// column (a nullable column nullable, INTEGER number, TEXT string, BLOB Buffer),
// and the query modules' statements are prepared once per connection.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { openProject } from '../../src/main/core/db/open.ts';
import { statement, values } from '../../src/main/core/db/statement.ts';
import { ROOT } from '../helpers/project.ts';

interface Column {
  name: string;
  type: string;
  nullable: boolean;
}

/** Each interface named in `Tables` of db/types.ts, with its properties as the type text says them. */
function declaredTables(): Map<string, Column[]> {
  const file = `${ROOT}/src/main/core/db/types.ts`;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const aliases = new Map<string, string>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
    if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, node.type.getText());
  });
  const members = (name: string) =>
    interfaces
      .get(name)!
      .members.filter(ts.isPropertySignature)
      .map((p) => ({ name: p.name.getText(), type: p.type!.getText() }));
  const tables = new Map<string, Column[]>();
  for (const { name: table, type } of members('Tables')) {
    tables.set(
      table,
      members(type).map(({ name, type: text }) => {
        const parts = text.split('|').map((t) => t.trim());
        const nullable = parts.includes('null');
        const kinds = new Set(parts.filter((t) => t !== 'null').map((t) => kindOf(aliases.get(t) ?? t)));
        expect(kinds.size, `${table}.${name}: ${text}`).toBe(1);
        return { name, type: [...kinds][0]!, nullable };
      }),
    );
  }
  return tables;
}

/** The storage class a TypeScript type stands for: number or a union of number literals is INTEGER, and so on. */
function kindOf(type: string): string {
  if (type === 'number' || /^\d+(\s*\|\s*\d+)*$/.test(type)) return 'INTEGER';
  if (type === 'string' || /^'[^']*'(\s*\|\s*'[^']*')*$/.test(type)) return 'TEXT';
  if (type === 'Buffer') return 'BLOB';
  return `unknown type ${type}`;
}

describe('row types', () => {
  it('name every table of a migrated project, each column with its type and nullability', () => {
    const db = openProject(':memory:');
    // The full-text index's own tables are SQLite's, not rows Quire reads.
    const stored = values<[], string>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'documents_fts%' AND sql NOT LIKE 'CREATE VIRTUAL%'",
    )(db).all();
    const declared = declaredTables();
    expect([...declared.keys()].sort()).toEqual(stored.sort());
    for (const table of stored) {
      const columns = db
        .prepare<[], { name: string; type: string; notnull: number; pk: number }>(
          `SELECT name, type, "notnull", pk FROM pragma_table_info('${table}')`,
        )
        .all()
        .map((c) => ({ name: c.name, type: c.type, nullable: c.notnull === 0 && c.pk === 0 }));
      expect(declared.get(table), table).toEqual(columns);
    }
    db.close();
  });
});

describe('query statements', () => {
  it('are prepared once per connection and give typed rows and values', () => {
    const a = openProject(':memory:');
    const b = openProject(':memory:');
    const key = statement<[string], { value: string }>('SELECT value FROM project WHERE key = ?');
    const keys = values<[], string>('SELECT key FROM project ORDER BY key');
    expect(key(a)).toBe(key(a));
    expect(key(a)).not.toBe(key(b));
    expect(key(a).get('guid')?.value).toMatch(/^[0-9a-f-]{36}$/);
    expect(key(a).get('guid')?.value).not.toBe(key(b).get('guid')?.value);
    expect(keys(a).all()).toContain('guid');
    a.close();
    b.close();
  });
});
