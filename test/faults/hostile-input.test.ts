// Fault: hostile input — references with shell metacharacters, 300-character and non-ASCII
// names, a Dockerfile that is not there, DOCKER_HOST pointing nowhere or at a TLS engine whose
// certificate we do not trust, a registry nobody answers at. Each is one line and a non-zero
// exit; nothing is run through a shell (no file appears), and nothing on the engine changes.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { docker, fixtureRef, testLabelValue } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';
import { secondEngine, tlsHost, tlsWrongCa } from '../support/remote.js';

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

  // destructive commands, so that "nothing changed" means something; a registry on port 1 never answers
  const unreachable = `127.0.0.1:1/imgsh-fault/x:${testLabelValue().slice(-8)}`;
  const connections: [string, string[], Record<string, string>][] = [
    ['DOCKER_HOST at a socket that is not there', ['rmi', '-f', fixtureRef()], { DOCKER_HOST: `unix://${join(dir, 'no-engine.sock')}` }],
    ['DOCKER_HOST at a port nobody listens on', ['save', '-o', join(dir, 'nowhere.tar'), fixtureRef()], { DOCKER_HOST: 'tcp://127.0.0.1:1' }],
    ['a registry nobody answers at (pull)', ['pull', unreachable], {}],
    ['a registry nobody answers at (push)', ['push', unreachable], {}],
  ];
  if (tlsHost && tlsWrongCa && secondEngine) {
    connections.push(['a TLS engine whose certificate we do not trust', ['rmi', '-f', fixtureRef()], { DOCKER_HOST: tlsHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tlsWrongCa }]);
  }

  for (const [what, args, env] of connections) {
    it(`${what}: one line, exit 1, nothing touched`, async (t) => {
      const before = await images();
      const second = secondEngine ? await docker(['images', '-q'], { env: { DOCKER_HOST: secondEngine } }) : '';
      if (args[0] === 'push') await docker(['tag', fixtureRef(), unreachable]);
      try {
        const r = await runImgsh(args, { env, timeoutMs: 30_000 });
        t.diagnostic(r.stderr.trim());
        assert.equal(r.code, 1, r.stderr);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        assert.match(r.stderr, /^imgsh: .*(cannot reach|certificate|connection refused|registry)/i);
        assert.doesNotMatch(r.stderr, /\n\s+at |Error: /, 'no stack trace');
      } finally {
        if (args[0] === 'push') await docker(['rmi', unreachable]);
      }
      assert.equal(await images(), before, 'the engine has the same images');
      if (secondEngine) assert.equal(await docker(['images', '-q'], { env: { DOCKER_HOST: secondEngine } }), second, 'the TLS engine has the same images');
      assert.equal(existsSync(join(dir, 'nowhere.tar')), false, 'no file written');
    });
  }

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
