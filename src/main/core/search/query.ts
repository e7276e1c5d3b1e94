// The user query language: parseQuery (query-parse.ts) reads what a person
// typed; compileQuery (query-compile.ts) turns it into a safe FTS5 expression.
export type { Field, ParsedQuery, QueryNode } from './query-parse.ts';
export { parseQuery } from './query-parse.ts';
export type { CompiledQuery, CompileOptions, Phrase, VariantResolver } from './query-compile.ts';
export { compileQuery, ftsString } from './query-compile.ts';
