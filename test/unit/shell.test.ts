import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../commands/index.js';
import type { CommandContext } from '../../src/shell/command.js';
import { complete } from '../../src/shell/complete.js';
import { execute } from '../../src/shell/execute.js';
import { parseGlobalOptions } from '../../src/shell/global-options.js';
import { parseArgs } from '../../src/shell/parse-args.js';
import { Registry } from '../../src/shell/registry.js';
import { tokenize } from '../../src/shell/tokenize.js';

const registry = new Registry(COMMANDS);
const images = registry.find('images')!;
const ctx: Omit<CommandContext, 'json'> = {
  engine: async () => {
    throw new Error('no engine in unit tests');
  },
  mode: 'cli',
  app: null,
  commands: COMMANDS,
  confirm: async () => false,
  signal: new AbortController().signal,
  progress: () => {},
  stdio: null,
};

describe('tokenize', () => {
  it('splits words with quotes and escapes', () => {
    assert.deepEqual(tokenize(`images --filter "label=a b" 'x y' z\\ w`), ['images', '--filter', 'label=a b', 'x y', 'z w']);
    assert.throws(() => tokenize('images "oops'), /unclosed " quote/);
  });
});

describe('parseArgs', () => {
  it('reads long, short, bundled, repeated and = options', () => {
    const p = parseArgs(images, ['-a', '--filter', 'dangling=true', '-f', 'label=x', '--format=json', 'busy']);
    assert.deepEqual(p.options, { all: true, filter: ['dangling=true', 'label=x'], format: 'json' });
    assert.deepEqual(p.args, ['busy']);
  });
  it('rejects unknown options, bad choices and extra arguments as usage errors', () => {
    assert.throws(() => parseArgs(registry.find('layers')!, ['--bogus']), { name: 'UsageError', message: /unknown option --bogus/ });
    assert.throws(() => parseArgs(registry.find('history')!, ['-H=nope', 'x']), { message: 'invalid argument "nope" for "-H, --human" flag: strconv.ParseBool: parsing "nope": invalid syntax', exitCode: 125 });
    assert.deepEqual(parseArgs(registry.find('history')!, ['-H=false', 'x']).options, { human: false });
    // a docker form: docker's words and exit codes
    assert.throws(() => parseArgs(images, ['--bogus']), { message: 'unknown flag: --bogus', exitCode: 125 });
    assert.throws(() => parseArgs(images, ['-qz']), { message: "unknown shorthand flag: 'z' in -z", exitCode: 125 });
    assert.throws(() => parseArgs(images, ['-f']), { message: "flag needs an argument: 'f' in -f", exitCode: 125 });
    assert.throws(() => parseArgs(images, ['a', 'b']), { message: "'imgsh images' requires at most 1 argument", exitCode: 1 });
    const chooser = { ...images, options: [{ name: 'format', type: 'string' as const, choices: ['table', 'json'], description: 'x' }] };
    assert.throws(() => parseArgs(chooser, ['--format', 'xml']), /must be one of table, json/);
    assert.throws(() => parseArgs(registry.find('layers')!, ['a', 'b']), /unexpected argument "b"/);
    assert.throws(() => parseArgs(registry.find('layers')!, []), /missing REF/);
  });
});

describe('execute', () => {
  it('exits 2 with a suggestion for an unknown command', async () => {
    const o = await execute(registry, ['imags'], ctx);
    assert.equal(o.code, 2);
    assert.match(o.stderr, /unknown command "imags": did you mean "images"\?/);
  });
  it('exits 2 with the usage line for bad words', async () => {
    const o = await execute(registry, ['layers'], ctx);
    assert.equal(o.code, 2);
    assert.match(o.stderr, /missing REF\nusage: imgsh layers \[--lowest-efficiency RATIO\] .*REF/);
  });
  it('exits 1 with one line when the command fails', async () => {
    const o = await execute(registry, ['inspect', 'x'], ctx);
    assert.deepEqual([o.code, o.stderr], [1, 'imgsh: no engine in unit tests']);
  });
  it('refuses app-only commands outside the app', async () => {
    assert.equal((await execute(registry, ['quit'], ctx)).code, 2);
  });
  it('prints help for a command', async () => {
    const o = await execute(registry, ['help', 'images'], ctx);
    assert.equal(o.code, 0);
    assert.match(o.stdout, /Usage: {2}imgsh images/);
    assert.match(o.stdout, /--filter list/);
  });
});

describe('complete', () => {
  const refs = () => ['busybox:latest', 'busybox:1', 'alpine:3'];
  it('completes command names and image refs', () => {
    assert.deepEqual(complete(registry, 'ins', refs).line, 'inspect ');
    assert.deepEqual(complete(registry, 'inspect bu', refs), { candidates: ['busybox:1', 'busybox:latest'], line: 'inspect busybox:' });
    assert.equal(complete(registry, 'inspect al', refs).line, 'inspect alpine:3 ');
    assert.equal(complete(registry, 'help im', refs).line, 'help images ');
    assert.ok(complete(registry, 'images --fi', refs).candidates.includes('--filter'));
  });
});

describe('global options', () => {
  it('takes imgsh options before the command and leaves the rest', () => {
    const g = parseGlobalOptions(['-H', 'unix:///x.sock', '--theme=light', 'images', '--all']);
    assert.deepEqual([g.host, g.theme, g.words], ['unix:///x.sock', 'light', ['images', '--all']]);
    assert.throws(() => parseGlobalOptions(['--nope']), /unknown option --nope/);
  });
});
