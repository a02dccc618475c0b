#!/usr/bin/env node
// Node 22.1+ can keep the compiled program between runs (in its own cache folder); an older
// Node has no such call, and starts as before.
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/cli.js');
