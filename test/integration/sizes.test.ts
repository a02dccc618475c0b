// One size per image, as `docker images` shows it on the engine under test: the list, inspect
// (text and --json) and the details agree with the docker CLI's SIZE column. On the containerd
// store `docker image inspect` counts the compressed content only, so it is not the reference.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, docker, engineUnderTest, fixtureRef, makeTestImage, testLabelValue } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';

const built = `imgsh-test/sizes:${testLabelValue()}`;

describe(`one size per image (${engineUnderTest().label})`, () => {
  after(cleanup);

  for (const which of ['the fixture', 'a built image'] as const) {
    it(`${which}: imgsh's list, inspect and --json say what docker images says`, async () => {
      const ref = which === 'the fixture' ? fixtureRef() : built;
      if (which === 'a built image') await makeTestImage(built, { steps: ['RUN head -c 300000 /dev/urandom > /r'] });
      const dockerSize = (await docker(['images', '--format', '{{.Size}}', ref])).trim().split('\n')[0];
      const [repo, tag] = [ref.slice(0, ref.lastIndexOf(':')), ref.slice(ref.lastIndexOf(':') + 1)];

      const list = await runImgsh(['images', '--json', repo]);
      assert.equal(list.code, 0, list.stderr);
      const row = (JSON.parse(list.stdout) as { repository: string; tag: string; size: number }[]).find((r) => r.repository === repo && r.tag === tag);
      assert.ok(row, list.stdout);
      const table = await runImgsh(['images', repo]);
      assert.match(table.stdout, new RegExp(`^${repo.replace(/[/.]/g, '\\$&')}\\s+${tag}\\s+\\S+\\s+.*\\s${dockerSize.replace('.', '\\.')}\\s`, 'm'), `docker says ${dockerSize}:\n${table.stdout}`);

      const text = await runImgsh(['inspect', '--pretty', ref]);
      assert.match(text.stdout, new RegExp(`^Size\\s+${dockerSize.replace('.', '\\.')}$`, 'm'), `docker says ${dockerSize}:\n${text.stdout}`);
      const json = await runImgsh(['inspect', '--json', ref]);
      assert.equal((JSON.parse(json.stdout) as { size: number }).size, row.size, 'inspect --json and the list: the same bytes');
    });
  }
});
