import './force-color.js';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { cleanup } from 'ink-testing-library';
import type { ContextInfo } from '../../src/engine/transport/contexts.js';
import { KEYS, press, renderApp } from './fixtures.js';

afterEach(() => cleanup());

const CONTEXTS: ContextInfo[] = [
  { name: 'default', description: 'Current DOCKER_HOST based configuration', endpoint: 'unix:///var/run/docker.sock', error: '' },
  { name: 'remote', description: 'the build server', endpoint: 'ssh://ops@build.example', error: '' },
  { name: 'staging', description: '', endpoint: 'tcp://10.1.2.3:2376', error: '' },
];

async function withContexts(context = 'default') {
  const version = { version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64' };
  const app = await renderApp({ connection: { status: 'connected', context, endpoint: 'unix:///var/run/docker.sock (default socket)', version, error: null } });
  app.services.contexts = () => CONTEXTS;
  return app;
}

test('the status bar always shows the context, before the endpoint', async () => {
  const { text, store, until } = await withContexts('remote');
  const status = () => text().split('\n').at(-1)!;
  assert.match(status(), /^ remote │ unix:\/\/\//);
  // even when the endpoint is long and the engine is away
  store.dispatch({ type: 'connection/switched', context: 'staging', endpoint: `tcp://${'very-long-host-name.'.repeat(6)}example:2376` });
  store.dispatch({ type: 'connection/lost', error: 'cannot reach the Docker engine at tcp://… (ETIMEDOUT) — check the address' });
  await until(() => status().includes('disconnected'));
  assert.match(status(), /^ staging │ tcp:\/\/\S*…\S*:2376 +disconnected — retrying/);
});

test('c opens the switcher on the current context; ↓ Enter switches through :context switch', async () => {
  const { text, stdin, calls, store } = await withContexts('default');
  await press(stdin, 'c');
  const screen = text();
  assert.match(screen, /Docker contexts/);
  assert.match(screen, /› default \*\s+Current DOCKER_HOST based configuration\s+unix:\/\/\/var\/run\/docker\.sock/);
  assert.match(screen, /remote\s+the build server\s+ssh:\/\/ops@build\.example/);
  assert.match(screen, /Enter switch · Esc close/);
  await press(stdin, KEYS.down, 'j', 'k', KEYS.enter);
  assert.deepEqual(calls.runLine, ['context switch remote']);
  assert.equal(store.getState().overlay, null);
});

test('keys typed ahead of the overlay reach it (c, ↓, Enter in one write)', async () => {
  const { stdin, calls, until } = await withContexts('default');
  stdin.write(`c${KEYS.down}${KEYS.down}\r`);
  await until(() => calls.runLine.length > 0);
  assert.deepEqual(calls.runLine, ['context switch staging']);
});

test('Esc or c closes the switcher without switching; picking the current context does nothing', async () => {
  const { text, stdin, calls, store } = await withContexts('remote');
  await press(stdin, 'c');
  assert.match(text(), /› remote \*/);
  await press(stdin, KEYS.escape);
  assert.equal(store.getState().overlay, null);
  await press(stdin, 'c', 'c');
  assert.equal(store.getState().overlay, null);
  await press(stdin, 'c', KEYS.enter);
  assert.deepEqual(calls.runLine, []);
  assert.equal(store.getState().overlay, null);
});

test('in the Build pane c stays the debugger\'s continue: the switcher does not open', async () => {
  const { stdin, store } = await withContexts();
  await press(stdin, '3', 'c');
  assert.equal(store.getState().overlay, null);
  await press(stdin, '2', 'c');
  assert.equal(store.getState().overlay, 'contexts', 'the Layers pane has no c of its own');
});

test('a switch resets the old engine\'s rows and marks, and shows the new context', async () => {
  const { text, store, stdin, until } = await withContexts('default');
  await press(stdin, ' ');
  assert.equal(store.getState().marked.length, 1);
  store.dispatch({ type: 'connection/switched', context: 'remote', endpoint: 'ssh://ops@build.example' });
  await until(() => text().split('\n').at(-1)!.startsWith(' remote │'));
  assert.deepEqual([store.getState().rows, store.getState().marked], [[], []]);
  assert.match(text().split('\n').at(-1)!, /^ remote │ ssh:\/\/ops@build\.example +connecting…/);
});
