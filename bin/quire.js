#!/usr/bin/env node
// The `quire` command: Node >= 22.12 runs the TypeScript sources directly.
import { main } from '../src/main/cli.ts';

process.exitCode = await main(process.argv.slice(2));
