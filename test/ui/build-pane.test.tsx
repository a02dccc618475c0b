// The Build pane on fake services: a failed build's steps and report, and its keys
// (x/Enter and f hand the terminal to a shell, r builds again, j/k select a step).
import './force-color.js';
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { failureReport } from '../../src/domain/builds/build-report.js';
import { BuildTracker } from '../../src/domain/builds/build-steps.js';
import { EMPTY_BUILD, type BuildView } from '../../src/store/build.js';
import { KEYS, fakeServices, mount, press, stripAnsi, type, until } from './fixtures.js';

afterEach(() => cleanup());

const DOCKERFILE = 'FROM busybox\nRUN echo good > /marker\nRUN echo partial > /partial && exit 3\n';

function failedBuild() {
  const t = new BuildTracker(() => 0);
  for (const stream of ['Step 1/3 : FROM busybox\n', ' ---> 111111111111\n', 'Step 2/3 : RUN echo good > /marker\n', ' ---> Running in aaaaaaaaaaaa\n',
    ' ---> 222222222222\n', 'Step 3/3 : RUN echo partial > /partial && exit 3\n', ' ---> Running in cccccccccccc\n', '\x1b[91moops\n\x1b[0m']) t.apply({ stream });
  t.apply({ errorDetail: { code: 3, message: "The command '/bin/sh -c echo partial > /partial && exit 3' returned a non-zero code: 3" } });
  const snapshot = t.snapshot();
  return { snapshot, report: failureReport(snapshot, DOCKERFILE) };
}

/** The app on fake services with the Build pane's state in the store, shown (3). */
async function renderPane(build: Partial<BuildView>) {
  const fake = fakeServices({ build: { ...EMPTY_BUILD, ...build } }, undefined, {});
  const ui = await mount(<App services={fake.services} />);
  await press(ui.stdin, '3');
  return { ...fake, ui, stdin: ui.stdin, text: () => stripAnsi(ui.lastFrame() ?? '') };
}

async function renderBuild(failedStateId: string | null) {
  const shells: [string, string | null][] = [];
  const { snapshot, report } = failedBuild();
  const fake = await renderPane({ line: 'build -t app .', snapshot, report, failedStateId, dockerfilePath: '/tmp/ctx/Dockerfile', selected: 2 });
  fake.services.shellInLayer = async (image, failedCmd) => void shells.push([image, failedCmd]);
  return { ...fake, shells };
}

test('a failed build: its steps, the failing instruction with line and exit code, the last good layer', async () => {
  const { text } = await renderBuild('sha256:f00d');
  const shown = text();
  assert.match(shown, /build -t app \./);
  assert.match(shown, /✓ 1\/3 FROM busybox/);
  assert.match(shown, /✗ 3\/3 RUN echo partial/);
  assert.match(shown, /oops/);
  assert.match(shown, /✗ RUN echo partial > \/partial && exit 3\s+\(line 3/);
  assert.match(shown, /exit code 3: The command/);
  assert.match(shown, /last good layer 222222222222 {2}· failed state kept/);
  assert.match(shown, /x\/Enter shell in the last good layer · f shell in the failed state · r rebuild/);
});

test('x and Enter open a shell in the last good layer, f in the failed state, with the failed command', async () => {
  const { stdin, shells } = await renderBuild('sha256:f00d');
  await press(stdin, 'x', KEYS.enter, 'f');
  const cmd = 'echo partial > /partial && exit 3';
  assert.deepEqual(shells, [['222222222222', cmd], ['222222222222', cmd], ['sha256:f00d', cmd]]);
});

test('f without a failed state says so; r builds again; k selects the previous step', async () => {
  const { stdin, shells, calls, store } = await renderBuild(null);
  await press(stdin, 'f');
  assert.deepEqual(shells, []);
  assert.match(store.getState().message?.text ?? '', /no failed state was kept/);
  await press(stdin, 'r');
  assert.deepEqual(calls.runLine, ['build -t app .']);
  await press(stdin, 'k');
  assert.equal(store.getState().build.selected, 1);
});

test("the selected step's log scrolls (l focuses it, g/↓/PgDn) and / searches it: matches highlighted, n/N jump, Esc clears", async () => {
  const t = new BuildTracker(() => 0);
  t.apply({ stream: 'Step 1/1 : RUN seq 0 59\n' });
  t.apply({ stream: ' ---> Running in aaaaaaaaaaaa\n' });
  for (let i = 0; i < 60; i++) t.apply({ stream: `row ${i}\n` });
  const { ui, text, ...fake } = await renderPane({ line: 'build .', snapshot: t.snapshot(), selected: 0 });
  assert.match(text(), /row 59/, 'the log follows its end');
  assert.doesNotMatch(text(), /row 0\b/);

  await press(ui.stdin, 'l', 'g');
  assert.match(text(), /\[log\]/);
  assert.match(text(), /^.*row 0\b/m, 'g: the top of the log');
  assert.doesNotMatch(text(), /row 59/);
  await press(ui.stdin, KEYS.down);
  assert.doesNotMatch(text(), /row 0\b/, '↓ scrolls by a line');
  assert.match(text(), /row 1\b/);
  await press(ui.stdin, KEYS.pageDown);
  assert.doesNotMatch(text(), /row 1\b/, 'PgDn scrolls by a page');
  assert.match(text(), /log \d+–\d+ of 6\d/);
  await press(ui.stdin, 'G');
  assert.match(text(), /row 59/);

  // `/` types into the pane's search, not the app's (`r` is text here, not rebuild)
  await press(ui.stdin, 'g', '/');
  await type(ui.stdin, 'row 3');
  assert.equal(fake.store.getState().search.editing, false, "the images search line did not open");
  assert.match(text(), /^\/row 3 +1\/11/m, 'row 3, row 30 … row 39, on the search line under the build');
  assert.match(text(), /›row 3\b/, 'the first match at or below the top of the view');
  assert.match(ui.lastFrame() ?? '', /\x1b\[7m/, 'matches are inverse');
  await press(ui.stdin, KEYS.enter);
  assert.match(text(), /\/row 3 {2}1\/11/);
  await press(ui.stdin, 'n', 'n');
  assert.match(text(), /3\/11/);
  assert.match(text(), /›row 31\b/);
  await press(ui.stdin, 'N');
  assert.match(text(), /›row 30\b/);
  assert.equal(fake.calls.runLine.length, 0);
  await press(ui.stdin, KEYS.escape);
  assert.doesNotMatch(text(), /\/row 3/);
  assert.doesNotMatch(text(), /›/);
  await press(ui.stdin, 'h', KEYS.up);
  assert.doesNotMatch(text(), /\[log\]/);
});

test('a multi-stage build names each step’s stage; a single-stage one does not', async () => {
  const { parseDockerfile, stepStages } = await import('../../src/domain/builds/dockerfile.js');
  const df = parseDockerfile('FROM busybox AS build\nRUN make\nFROM busybox\nCOPY --from=build /out /out\n');
  assert.deepEqual(stepStages(df), ['build', 'build', '1', '1']);
  assert.deepEqual(stepStages(df, 'build'), ['build', 'build']);
  const t = new BuildTracker(() => 0);
  for (const stream of ['Step 1/4 : FROM busybox AS build\n', ' ---> 111111111111\n', 'Step 2/4 : RUN make\n', ' ---> 222222222222\n',
    'Step 3/4 : FROM busybox\n', ' ---> 111111111111\n', 'Step 4/4 : COPY --from=build /out /out\n']) t.apply({ stream });
  const { store, text } = await renderPane({ line: 'build .', snapshot: t.snapshot(), selected: 3, stepStages: stepStages(df) });
  const shown = text();
  assert.match(shown, /✓ 2\/4 \[build\] RUN make/);
  assert.match(shown, /… 4\/4 \[1\] COPY --from=build/);
  // the build's Dockerfile was read again (one stage): the labels go
  store.dispatch({ type: 'build/dockerfile', stepStages: ['0', '0', '0', '0'] });
  await until(() => /✓ 2\/4 RUN make/.test(text()), { frame: text });
});

test('a build that missed the cache: = for the steps from the cache, ✓ for those that ran, and why under the build line (issue #13)', async () => {
  const t = new BuildTracker(() => 0);
  for (const stream of ['Step 1/3 : FROM busybox\n', ' ---> 111111111111\n', 'Step 2/3 : COPY src/ /app/\n', ' ---> Using cache\n', ' ---> 222222222222\n', 'Step 3/3 : RUN make\n', ' ---> Running in aaaaaaaaaaaa\n', ' ---> 333333333333\n']) t.apply({ stream });
  const miss = 'cache miss at step 3 (line 3) RUN make: build argument V 1 → 2';
  const { text } = await renderPane({ line: 'build -t app .', snapshot: t.snapshot(), cacheMiss: miss, selected: 2 });
  const screen = text();
  assert.match(screen, /^build -t app \.\s*$/m);
  assert.match(screen, new RegExp(`^${miss.replace(/[().→$]/g, '\\$&')}`, 'm'));
  assert.match(screen, /^= 2\/3 COPY src\/ \/app\//m);
  assert.match(screen, /✓ 3\/3 RUN make/);
});
