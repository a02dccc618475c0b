// `:build` in the app on the real engine fills the Build pane with each step's stage (read from
// the Dockerfile the build packed), so a multi-stage build's step list says which stage runs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { COMMANDS } from '../../commands/index.js';
import { parseHostUrl } from '../../src/domain/connection/endpoint.js';
import { createEngine } from '../../src/engine/engine.js';
import type { AppControls } from '../../src/shell/command.js';
import { execute } from '../../src/shell/execute.js';
import { Registry } from '../../src/shell/registry.js';
import { buildControls } from '../../src/store/build-controls.js';
import { initialState } from '../../src/store/state.js';
import { createStore } from '../../src/store/store.js';
import { TEST_LABEL, docker, fixtureRef, testDockerHost, testLabelValue } from '../support/engine.js';

const run = testLabelValue();
const ctxDir = mkdtempSync(join(tmpdir(), 'imgsh-build-stages-'));
const engine = createEngine(parseHostUrl(testDockerHost(), { from: 'flag' }));

after(async () => {
  engine.close();
  rmSync(ctxDir, { recursive: true, force: true });
  const ids = (await docker(['images', '-aq', '--filter', `label=${TEST_LABEL}=${run}`])).split('\n').filter(Boolean);
  if (ids.length) await docker(['rmi', '-f', ...new Set(ids)]).catch(() => '');
});

it('a multi-stage build: the pane knows each step’s stage', async () => {
  writeFileSync(
    join(ctxDir, 'Dockerfile'),
    [`FROM ${fixtureRef()} AS tools`, `LABEL ${TEST_LABEL}=${run}`, 'RUN echo t > /t', `FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, 'COPY --from=tools /t /t'].join('\n') + '\n',
  );
  // the app's one store: the build reports its steps there as actions
  const store = createStore(initialState('unix:///x'));
  const app = { build: buildControls(store) } as unknown as AppControls;
  const out = await execute(new Registry(COMMANDS), ['build', ctxDir], {
    engine: async () => engine,
    mode: 'app',
    app,
    commands: COMMANDS,
    confirm: async () => false,
    signal: new AbortController().signal,
    progress: () => {},
    stdio: null,
  });
  assert.equal(out.code, 0, out.stderr);
  const { build } = store.getState();
  assert.deepEqual(build.stepStages, ['tools', 'tools', 'tools', '1', '1', '1']);
  assert.equal(build.snapshot?.steps.length, 6);
  assert.equal(build.running, false);
  assert.equal(build.line, `build ${ctxDir}`);
  assert.equal(build.report, null);
});
