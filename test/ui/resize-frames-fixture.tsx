// Counts the frames runApp writes for a resize, on fake services and a fake terminal, for
// resize.test.ts (a child process: Ink reads CI from the environment when it loads). A frame is
// what Ink writes inside one synchronized update (\x1b[?2026h … \x1b[?2026l).
// Prints JSON: { widerFrames, narrowerFrames, storeColumns, lastFrameWidth }.
import { EventEmitter } from 'node:events';
import { runApp } from '../../src/ui/run-app.js';
import { fakeServices } from './fixtures.js';

class FakeTty extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 30;
  writes: string[] = [];
  write(chunk: string | Uint8Array): boolean {
    this.writes.push(String(chunk));
    return true;
  }
  // stdin's side
  setRawMode() {}
  setEncoding() {}
  read() {
    return null;
  }
  ref() {}
  unref() {}
  resume() {}
  pause() {}
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const { services, store } = fakeServices();
const stdout = new FakeTty();
const stdin = new FakeTty();
const done = runApp(services, { stdout: stdout as never, stdin: stdin as never, stderr: process.stderr, mouse: false });
await pause(500);
const frames = (writes: string[]) => writes.filter((w) => w === '\x1b[?2026h').length;
const framesOf = async (columns: number, rows: number) => {
  const before = stdout.writes.length;
  stdout.columns = columns;
  stdout.rows = rows;
  stdout.emit('resize');
  await pause(400);
  return frames(stdout.writes.slice(before));
};
const widerFrames = await framesOf(120, 40);
const narrowerFrames = await framesOf(80, 24);
const last = stdout.writes[stdout.writes.lastIndexOf('\x1b[?2026h') + 1] ?? '';
// eslint-disable-next-line no-control-regex
const lastFrameWidth = Math.max(...last.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split('\n').map((l) => l.length));
const storeColumns = store.getState().size.columns;
store.dispatch({ type: 'quit' });
await done;
console.log(JSON.stringify({ widerFrames, narrowerFrames, storeColumns, lastFrameWidth }));
process.exit(0);
