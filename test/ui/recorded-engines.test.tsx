// The app on each engine of the matrix, as recorded (test/fixtures/engine): what the Images list
// and the status bar show of Docker 20.10, Docker 28 with the containerd store, and Podman, and
// how the list follows an engine event — in milliseconds, with no daemon.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { cleanup } from 'ink-testing-library';
import type { ApiEvent } from '../../src/engine/api/convert.js';
import { startEngineSync } from '../../src/store/effects.js';
import { App } from '../../src/ui/app.js';
import { createFakeEngine, RECORDED_ENGINES } from '../support/fake-engine.js';
import { fakeServices, mount, stripAnsi, until, untilState } from './fixtures.js';

afterEach(() => cleanup());

const STATUS: Record<(typeof RECORDED_ENGINES)[number], RegExp> = {
  'docker-20': /Docker 20\.10\.\S+, API 1\.41, BuildKit │/,
  'docker-28-containerd': /Docker 28\.\S+, API 1\.\d+, containerd store, BuildKit │/,
  podman: /Podman 4\.\S+, API 1\.\d+, no BuildKit │/,
};

for (const name of RECORDED_ENGINES) {
  describe(`the app on ${name} (recorded)`, () => {
    test('lists every tag the engine has, says which engine it is, and follows an untag', async () => {
      const engine = createFakeEngine(name, { replayEvents: false });
      const { made } = engine.recording.index;
      const { services, store } = fakeServices({
        size: { columns: 160, rows: 30 },
        connection: { status: 'connecting', context: 'default', endpoint: engine.endpoint.url, version: null, error: null },
        rows: [],
        loaded: false,
        disk: null,
      });
      const sync = startEngineSync(engine, store, { debounceMs: 1 });
      try {
        const ui = await mount(<App services={services} />);
        const text = () => stripAnsi(ui.lastFrame() ?? '');
        await untilState(store, (s) => s.loaded && s.connection.capabilities != null && s.disk !== null, 'connected, listed, capabilities found');
        for (const ref of [...made.fixture.tags, ...made.app.tags]) {
          const at = ref.lastIndexOf(':');
          const [repo, tag] = [ref.slice(0, at), ref.slice(at + 1)];
          assert.ok(text().split('\n').some((l) => l.includes(repo) && l.includes(tag)), `${ref} listed:\n${text()}`);
        }
        assert.match(text().split('\n').at(-1)!, STATUS[name]);

        const [kept, gone] = made.app.tags;
        engine.setImages((images) => images.map((i) => (i.Id === made.app.id ? { ...i, RepoTags: [kept] } : i)));
        engine.emit(engine.recording.events().find((e) => (e.Action ?? e.status) === 'untag') as ApiEvent);
        const goneRepo = gone.slice(0, gone.lastIndexOf(':'));
        await until(() => !text().includes(goneRepo), { what: `${gone} no longer listed`, frame: text });
        ui.unmount();
      } finally {
        sync.stop();
        engine.close();
      }
    });
  });
}
