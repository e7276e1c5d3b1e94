#!/usr/bin/env node
// The `quire` command. It runs the compiled command line (out/main/cli.js), which starts in a fraction of the
// time the TypeScript sources take to load. Where that build is missing or older than the sources, it runs the
// sources instead (Node >= 22.12 runs them directly) and says so, so no one runs code older than what they see;
// QUIRE_FROM_SOURCES=1 chooses the sources on purpose, without the note.
import { enableCompileCache } from 'node:module';
import { pathToFileURL } from 'node:url';
import { BUILT_CLI, staleBuild } from './build-state.js';

// V8 keeps what it compiled of the modules a command loads on disk (node-compile-cache in the system's temporary
// folder, or NODE_COMPILE_CACHE), so the next command starts without compiling them again: `quire list` on the
// sample project took 167 ms against 191 without it (ten runs each, in turns). Node checks each module against
// what it cached, and a cache it cannot write is left unused. A thread the command starts (an import's parse worker)
// is a Node instance of its own, which uses the cache only when told where it is, as NODE_COMPILE_CACHE: its first
// file was then read 7 ms sooner, at the median of twelve starts each way.
const { directory } = enableCompileCache();
if (directory) process.env.NODE_COMPILE_CACHE = directory;

const fromSources = process.env.QUIRE_FROM_SOURCES === '1';
const stale = fromSources ? null : staleBuild();
if (stale)
  process.stderr.write(
    `quire: note: running from the sources, which is slower to start: the compiled command line is not used because ${stale}. \`npm run build\` compiles it again.\n`,
  );
const { main } = await import(fromSources || stale ? '../src/main/cli.ts' : pathToFileURL(BUILT_CLI).href);

process.exitCode = await main(process.argv.slice(2));
