// Citation.js ships no types: the little Quire uses of it.
declare module '@citation-js/core' {
  export const plugins: {
    input: { chain(input: unknown, options: { target: string; generateGraph?: boolean }): unknown };
  };
}
declare module '@citation-js/plugin-bibtex';
