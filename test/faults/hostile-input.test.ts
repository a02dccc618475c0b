// Fault: hostile input — references with shell metacharacters, 300-character and non-ASCII
// names, a Dockerfile that is not there. Each is one line and a non-zero exit; nothing is run
// through a shell (no file appears), and nothing on the engine changes.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { docker, fixtureRef } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';

describe('hostile input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-fault-input-'));
  const marker = join(dir, 'pwned');
  after(() => rmSync(dir, { recursive: true, force: true }));

  const images = async () => (await docker(['images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}'])).split('\n').sort().join('\n');

  const cases: [string, string[]][] = [
    ['a ; in a reference', ['pull', `busybox;touch ${marker}`]],
    ['$(…) in a reference', ['pull', `busybox$(touch ${marker})`]],
    ['backticks in a tag target', ['tag', fixtureRef(), `x:\`touch ${marker}\``]],
    ['a pipe in rmi', ['rmi', `busybox|touch ${marker}`]],
    ['&& in inspect', ['inspect', `busybox&&touch ${marker}`]],
    ['a 300-character name', ['pull', `${'a'.repeat(300)}:1`]],
    ['a 300-character tag', ['tag', fixtureRef(), `imgsh-fault/x:${'t'.repeat(300)}`]],
    ['a non-ASCII name', ['pull', 'bücher/überall:1']],
    ['a non-ASCII tag', ['tag', fixtureRef(), 'imgsh-fault/x:ü']],
    ['a newline in a reference', ['pull', `busybox\ntouch ${marker}`]],
    ['a Dockerfile that is not there', ['build', '-f', join(dir, 'no-such', 'Dockerfile'), dir]],
    ['a context that is not there', ['build', join(dir, 'no-such-context')]],
    ['save to a folder that is not there', ['save', '-o', join(dir, 'no-such', 'x.tar'), fixtureRef()]],
  ];

  for (const [what, args] of cases) {
    it(`${what}: one line, non-zero, nothing run, nothing changed`, async () => {
      const before = await images();
      const r = await runImgsh(args);
      assert.ok(r.code === 1 || r.code === 2, `exit ${r.code}: ${r.stderr}`);
      const lines = r.stderr.trim().split('\n');
      // a usage error adds the usage line; anything else is one line
      assert.ok(lines.length === 1 || (r.code === 2 && lines.length === 2 && /^usage: /.test(lines[1])), r.stderr);
      assert.match(lines[0], /^imgsh: /);
      assert.doesNotMatch(r.stderr, /\n\s+at |Error: /, 'no stack trace');
      assert.equal(existsSync(marker), false, 'nothing ran through a shell');
      assert.equal(await images(), before, 'the engine has the same images');
    });
  }
});
