// commands/files.ts names each command and the file that declares it (a one-shot command loads
// its own file only): the table and the files agree, in help's order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMAND_NAMES, commandsFor, loadCommands } from '../../commands/files.js';
import { COMMANDS } from '../../commands/index.js';

test("the table's names are the files' names and aliases, in help's order", async () => {
  assert.deepEqual(COMMAND_NAMES, COMMANDS.map((c) => [c.name, ...(c.aliases ?? [])]));
  assert.deepEqual(await loadCommands(), COMMANDS);
});

test('a one-shot loads the command it names, by name or alias; help and unknown names get every one', async () => {
  assert.deepEqual((await commandsFor('ls')).map((c) => c.name), ['images']);
  assert.deepEqual((await commandsFor('exit')).map((c) => c.name), ['quit']);
  assert.equal((await commandsFor('help')).length, COMMANDS.length);
  assert.equal((await commandsFor('imagse')).length, COMMANDS.length);
});
