// Runs the full-screen app on fake services under a real terminal, for run-app.test.ts.
// argv: PIDFILE [quit | throw | reject | render-error]
import { writeFileSync } from 'node:fs';
import { runApp } from '../../src/ui/run-app.js';
import { fakeServices } from './fixtures.js';

const [pidFile, mode = 'quit'] = process.argv.slice(2);
const { services, store } = fakeServices();
if (mode === 'render-error') services.theme = () => { throw new Error('no theme today'); };
writeFileSync(pidFile, String(process.pid));
if (mode === 'throw') setTimeout(() => { throw new Error('boom\nsecond line'); }, 500);
if (mode === 'reject') setTimeout(() => void Promise.reject(new Error('nope')), 500);
if (mode === 'message') setTimeout(() => store.dispatch({ type: 'message/set', message: { kind: 'info', text: 'hello there' } }), 300);
const code = await runApp(services, {});
process.stderr.write(`runApp resolved ${code}\n`);
process.exitCode = code;
