// Fix and replay (issue 11): the shell's record, what a proposed RUN keeps, the change as a diff,
// and the atomic write that keeps the file's mode and line endings and refuses a changed file.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { proposeFix, unifiedDiff } from '../../src/domain/builds/fix-change.js';
import { parseShellRecord, sortShellCommands } from '../../src/domain/builds/shell-record.js';
import { ChangedOnDiskError, replaceDockerfile } from '../../src/shell/dockerfile-write.js';

describe('the shell record', () => {
  it('keeps the last status of a history entry and joins lines of a command over several', () => {
    const log = '0\t0\tmkdir -p /app && cd /app\n1\t1\tmake\n1\t0\tmake\n2\t0\techo "a\nb"\n3\t0\tls\n3\t0\tls\n';
    assert.deepEqual(parseShellRecord(log), [
      { command: 'mkdir -p /app && cd /app', status: 0 },
      { command: 'make', status: 0 },
      { command: 'echo "a\nb"', status: 0 },
      { command: 'ls', status: 0 },
    ]);
    assert.deepEqual(parseShellRecord(''), []);
  });

  it('keeps what changed the layer; leaves out what failed, what only looked, the retry and multi-line commands', () => {
    const sorted = sortShellCommands([
      { command: 'ls -la /app', status: 0 },
      { command: 'apk add curl', status: 1 },
      { command: 'echo ok > /app/config', status: 0 },
      { command: 'cat /etc/os-release | grep ID', status: 0 },
      { command: 'sh -c "$IMGSH_FAILED_CMD"', status: 0 },
      { command: 'cd /app', status: 0 },
      { command: 'echo "a\nb" > f', status: 0 },
      { command: 'ls; touch /x', status: 0 },
      { command: 'ls /partial 2>&1 || echo "N:$((1+1))" >/dev/null', status: 0 },
      { command: 'echo $(id -u) > /uid', status: 0 },
    ]);
    assert.deepEqual(sorted.kept, ['echo ok > /app/config', 'cd /app', 'ls; touch /x', 'echo $(id -u) > /uid']);
    assert.deepEqual(sorted.failed, [{ command: 'apk add curl', status: 1 }]);
    assert.deepEqual(sorted.looked, ['ls -la /app', 'cat /etc/os-release | grep ID', 'sh -c "$IMGSH_FAILED_CMD"', 'ls /partial 2>&1 || echo "N:$((1+1))" >/dev/null']);
    assert.deepEqual(sorted.multiline, ['echo "a\nb" > f']);
  });
});

describe('the proposed change', () => {
  const text = 'FROM busybox\nRUN mkdir /app\n  RUN cat /app/config \\\n    && echo ok\nCMD ["sh"]\n';

  it('inserts one RUN before the failing instruction, indented like it, commands joined by &&', () => {
    const p = proposeFix(text, 3, ['cd /app', 'echo ok > config', 'false || true']);
    assert.equal(p.line, 3);
    assert.equal(
      p.text,
      'FROM busybox\nRUN mkdir /app\n  RUN cd /app \\\n      && echo ok > config \\\n      && { false || true; }\n  RUN cat /app/config \\\n    && echo ok\nCMD ["sh"]\n',
    );
  });

  it('keeps CRLF line endings and the escape directive', () => {
    const crlf = '# escape=`\r\nFROM busybox\r\nRUN exit 1\r\n';
    const p = proposeFix(crlf, 3, ['a', 'b'], '`');
    assert.equal(p.text, '# escape=`\r\nFROM busybox\r\nRUN a `\r\n    && b\r\nRUN exit 1\r\n');
  });

  it('is shown as a unified diff', () => {
    const p = proposeFix(text, 3, ['echo ok > /app/config']);
    const diff = unifiedDiff('Dockerfile', text, p.text);
    assert.match(diff, /^--- a\/Dockerfile/m);
    assert.match(diff, /^\+\+\+ b\/Dockerfile/m);
    assert.match(diff, /^@@ -1,5 \+1,6 @@$/m);
    assert.match(diff, /^\+  RUN echo ok > \/app\/config$/m);
    assert.equal(diff.split('\n').filter((l) => /^[+-][^+-]/.test(l)).length, 1);
  });
});

describe('writing the change', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-fix-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the file atomically, keeping its mode; no temporary file is left', async () => {
    const path = join(dir, 'Dockerfile');
    writeFileSync(path, 'FROM a\r\n');
    chmodSync(path, 0o640);
    await replaceDockerfile(path, 'FROM a\r\n', 'FROM a\r\nRUN x\r\n');
    assert.equal(readFileSync(path, 'utf8'), 'FROM a\r\nRUN x\r\n');
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['Dockerfile']);
  });

  it('refuses a file that changed since the build, and leaves it as it is', async () => {
    const path = join(dir, 'Dockerfile');
    writeFileSync(path, 'FROM b\n');
    await assert.rejects(replaceDockerfile(path, 'FROM a\n', 'FROM a\nRUN x\n'), ChangedOnDiskError);
    assert.equal(readFileSync(path, 'utf8'), 'FROM b\n');
  });

  it('follows a symlink: the link stays, its target changes', async () => {
    const real = join(dir, 'real.Dockerfile');
    const link = join(dir, 'link.Dockerfile');
    writeFileSync(real, 'FROM a\n');
    symlinkSync(real, link);
    await replaceDockerfile(link, 'FROM a\n', 'FROM a\nRUN y\n');
    assert.equal(readFileSync(real, 'utf8'), 'FROM a\nRUN y\n');
    assert.ok(statSync(link).isFile());
    assert.ok(readdirSync(dir).every((n) => !n.includes('imgsh-')));
  });
});
