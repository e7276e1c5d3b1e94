export const root: string;
export const BUILT_CLI: string;
export const BUILT_RENDERER: string;
export const RENDERER_SOURCES: string[];
/** Why a build (the command line's unless told another and its sources) cannot be run, in words, or null when it is up to date. */
export function staleBuild(output?: string, sources?: string[]): string | null;
