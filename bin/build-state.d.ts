export const root: string;
export const BUILT_CLI: string;
/** Why the build of the command line cannot be run, in words, or null when it is up to date. */
export function staleBuild(): string | null;
