#!/usr/bin/env node
// Node 22.1+ can keep the compiled program between runs (in its own cache folder); an older
// Node has no such call, and starts as before.
import module from 'node:module';

module.enableCompileCache?.();
// `imgsh` alone on a terminal: the image list is drawn before the app loads (src/first-frame.ts).
if (process.argv.length === 2 && process.stdin.isTTY && process.stdout.isTTY) await (await import('../dist/first-frame.js')).paintFirst([]);
await import('../dist/cli.js');
