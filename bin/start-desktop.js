#!/usr/bin/env node
// `npm start`: the desktop app. Electron 45 downloads its binary the first time
// it is required; where that cannot happen, say so and point to the browser.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (command, args) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status;

function cannotStart(why) {
  console.error(`\nQuire's desktop app could not start: ${why}`);
  console.error('Use Quire in your browser instead, with the same project:\n\n    npm run web\n');
  process.exit(1);
}

if (run(process.execPath, ['-e', "require('electron')"]) !== 0) {
  cannotStart(
    'the Electron binary is not installed and could not be downloaded (it is fetched on first use from its download host).',
  );
}
const status = run('npx', ['electron-vite', 'preview']);
if (status !== 0) cannotStart(`Electron exited with code ${status}.`);
