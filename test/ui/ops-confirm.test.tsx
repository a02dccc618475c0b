// The confirmation overlay: what a command asks (rmi, prune, save over a file) shows with its
// details; y / Enter and n / Esc answer; it takes the keys; marks stay when the answer is no.
import './force-color.js';
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import type { JobContext } from '../../src/store/jobs.js';
import { KEYS, press, renderApp, untilState, type FakeCommand } from './fixtures.js';

afterEach(() => cleanup());

/** An rmi that asks first, as the real one does in the app, and reports what it decided. */
function fakeRmi(details: string[], answers: boolean[]): FakeCommand {
  return async (ctx, args) => {
    const yes = await ctx.confirm(`Remove ${args.join(', ')}? It deletes 1 image and frees 12MB.`, details);
    answers.push(yes);
    if (!yes) throw new Error('rmi cancelled: nothing removed');
    return `removed ${args.join(', ')}`;
  };
}

test('d: the confirmation shows the question and its details; y confirms', async () => {
  const answers: boolean[] = [];
  const details = Array.from({ length: 40 }, (_, i) => `detail ${i + 1}`);
  const { stdin, store, text, until } = await renderApp({ size: { columns: 100, rows: 24 } }, undefined, { rmi: fakeRmi(details, answers) });
  await press(stdin, 'd');
  await until(() => text().includes('y/Enter yes'));
  assert.ok(store.getState().confirm);
  let screen = text();
  assert.match(screen, /Confirm\s+y\/Enter yes · n\/Esc no/);
  assert.match(screen, /Remove busybox:latest\? It deletes 1 image and frees 12MB\./);
  assert.match(screen, /detail 1\b/);
  assert.doesNotMatch(screen, /detail 40/);
  // The details scroll; list keys do not reach the list meanwhile.
  const cursor = store.getState().cursorKey;
  await press(stdin, 'G');
  screen = text();
  assert.match(screen, /detail 40/);
  assert.equal(store.getState().cursorKey, cursor);
  await press(stdin, 'y');
  await until(() => text().includes('removed busybox:latest'));
  assert.deepEqual(answers, [true]);
  assert.equal(store.getState().confirm, null);
});

test('the confirmation: n and Esc decline, Enter confirms', async () => {
  const answers: boolean[] = [];
  const { stdin, store, text, calls, until } = await renderApp({}, undefined, { rmi: fakeRmi(['busybox:latest  untag'], answers) });
  const asked = () => untilState(store, (s) => s.confirm !== null);
  const ended = (n: number) => untilState(store, (s) => answers.length === n && s.job === null);
  await press(stdin, 'd');
  await asked();
  await press(stdin, 'n');
  await until(() => text().includes('rmi cancelled: nothing removed'));
  assert.deepEqual(answers, [false]);
  await press(stdin, 'd');
  await asked();
  await press(stdin, KEYS.escape);
  await ended(2);
  assert.deepEqual(answers, [false, false]);
  assert.equal(store.getState().job, null);
  assert.equal(calls.cancelJob, 0, 'Esc answered the question; it did not also cancel');
  await press(stdin, 'd');
  await asked();
  await press(stdin, KEYS.enter);
  await ended(3);
  assert.deepEqual(answers, [false, false, true]);
  assert.equal(store.getState().overlay, null, 'Enter did not also open the details');
});

test('a confirmation covers an open line editor and takes the keys; Ctrl-C cancels its job', async () => {
  const answers: boolean[] = [];
  let ask: (ctx: JobContext) => void = () => {};
  const slow: FakeCommand = (ctx) =>
    new Promise((resolve, reject) => {
      ask = () => ctx.confirm('Overwrite ./x.tar?', []).then((yes) => (answers.push(yes), yes ? resolve('saved') : reject(new Error('save cancelled'))));
      ctx.signal.addEventListener('abort', () => reject(new Error('save cancelled')));
      ask(ctx);
    });
  const { stdin, store, text, until } = await renderApp({}, undefined, { save: slow });
  await press(stdin, 's', KEYS.enter);
  await until(() => text().includes('Overwrite ./x.tar?'));
  await press(stdin, KEYS.ctrlC);
  await until(() => text().includes('save cancelled'));
  assert.deepEqual(answers, [false]);
  assert.equal(store.getState().confirm, null);
  assert.equal(store.getState().job, null);
  assert.equal(store.getState().quitting, false);
  assert.match(text(), /save cancelled/);
});

test('marks stay when a multi-row rmi is declined, and go when it is done', async () => {
  const asked: string[] = [];
  const rmi: FakeCommand = async (ctx, args) => {
    asked.push(args.join(' '));
    return (await ctx.confirm(`Remove ${args.length} images?`, args)) ? 'removed' : 'Nothing removed';
  };
  const { stdin, store } = await renderApp({}, undefined, { rmi });
  await press(stdin, ' ', ' ', 'd');
  await untilState(store, (s) => s.confirm !== null);
  await press(stdin, 'n');
  await untilState(store, (s) => s.job === null);
  assert.deepEqual(asked, ['busybox:latest alpine:3.19']);
  assert.equal(store.getState().marked.length, 2);
  await press(stdin, 'd');
  await untilState(store, (s) => s.confirm !== null);
  await press(stdin, 'y');
  await untilState(store, (s) => s.job === null);
  assert.deepEqual(store.getState().marked, []);
});

test('keys typed ahead of a question never answer it; neither does a paste', async () => {
  const answers: boolean[] = [];
  const { stdin, store, settle } = await renderApp({}, undefined, { rmi: fakeRmi([], answers) });
  // d and y in one read: the y was typed before the question was drawn
  stdin.write('dy');
  await untilState(store, (s) => s.confirm !== null);
  await settle(); // the y, queued behind d's render, is dropped or delivered by now
  assert.ok(store.getState().confirm, 'the question stays open');
  assert.deepEqual(answers, []);
  stdin.write('\x1b[200~y\x1b[201~');
  await settle();
  stdin.write('yyyyyyyy'); // five or more characters in one read: a paste, in a terminal without bracketed paste
  await settle();
  assert.ok(store.getState().confirm, 'a paste answers nothing');
  assert.deepEqual(answers, []);
  // the first answer the command gets is the n typed for it
  await press(stdin, 'n');
  await untilState(store, (s) => s.job === null);
  assert.deepEqual(answers, [false]);
});
