import type { ReadStream } from 'node:tty';
import { parseRegistryHost, registryLabel } from '../src/domain/images/ref.js';
import { CancelledError } from '../src/engine/transport/op-errors.js';
import { CommandError, defineCommand, UsageError, type CommandContext } from '../src/shell/command.js';

export default defineCommand({
  name: 'login',
  asDocker: 'docker login\'s form and credential file',
  summary: 'Log in to a registry (checked by the engine, stored as docker stores it)',
  args: [{ name: 'REGISTRY', description: 'HOST[:PORT]; Docker Hub when left out' }],
  options: [
    { name: 'username', short: 'u', type: 'string', value: 'USER', description: 'User name' },
    { name: 'password-stdin', type: 'boolean', description: 'Read the password from stdin' },
  ],
  examples: ['imgsh login 127.0.0.1:5000 -u me', 'echo "$TOKEN" | imgsh login registry.example.com -u ci --password-stdin'],
  async run(ctx, { args, options }) {
    const { dockerConfigPath, storeCredentials } = await import('../src/engine/registry/credentials.js');
    const domain = registryArg(args[0]);
    const fromStdin = options['password-stdin'] === true;
    const given = options.username as string | undefined;
    if (fromStdin && !given) throw new UsageError('--password-stdin needs the user name too: -u USER');
    if (given === '') throw new UsageError('-u needs a user name');
    const { username, password } = fromStdin ? { username: given!, password: await stdinPassword(ctx, args[0]) } : await prompted(ctx, given, args[0]);
    const engine = await ctx.engine();
    const { identityToken } = await engine.login(domain, username, password, ctx.signal);
    const secret = identityToken ?? password;
    const where = await storeCredentials(domain, { username, secret, token: identityToken !== null });
    const store = where === 'helper' ? 'the credential helper' : dockerConfigPath();
    return {
      text: `Login Succeeded: ${username} at ${registryLabel(domain)} (stored in ${store})`,
      json: { registry: domain, username, store: where, config: dockerConfigPath() },
    };
  },
});

export function registryArg(text: string | undefined): string {
  try {
    return parseRegistryHost(text ?? '');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

async function stdinPassword(ctx: CommandContext, registry: string | undefined): Promise<string> {
  if (!ctx.stdio) throw new CommandError(`--password-stdin works in a one-shot command only: ${stdinHint(registry)}`);
  const password = (await readAll(ctx.stdio.input)).replace(/\r?\n$/, '');
  if (!password) throw new CommandError('no password on stdin');
  return password;
}

async function prompted(ctx: CommandContext, given: string | undefined, registry: string | undefined): Promise<{ username: string; password: string }> {
  const tty = terminal(ctx);
  if (!tty) throw new CommandError(`no terminal to ask for the password: pipe it in, e.g. ${stdinHint(registry)}`);
  const username = given ?? (await ask(tty, 'Username: ', false)).trim();
  if (!username) throw new CommandError('no user name given');
  const password = await ask(tty, 'Password: ', true);
  if (!password) throw new CommandError('no password given');
  return { username, password };
}

function stdinHint(registry: string | undefined): string {
  return `echo "$PASSWORD" | imgsh login ${registry ? `${registry} ` : ''}-u USER --password-stdin`;
}

/** The terminal to prompt on: one-shot commands on a TTY only (scripts read stdin, the app owns the screen). */
function terminal(ctx: CommandContext): ReadStream | null {
  const input = ctx.stdio?.input as ReadStream | undefined;
  return ctx.mode === 'cli' && input?.isTTY && process.stderr.isTTY ? input : null;
}

function readAll(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    input.setEncoding('utf8');
    input.on('data', (d: string) => (text += d));
    input.on('end', () => resolve(text));
    input.on('error', reject);
  });
}

/** Reads one line on the terminal in raw mode; `hidden` echoes nothing. Ctrl-C cancels. */
function ask(tty: ReadStream, prompt: string, hidden: boolean): Promise<string> {
  const out = process.stderr;
  out.write(prompt);
  tty.setRawMode(true);
  tty.setEncoding('utf8');
  tty.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (err: Error | null) => {
      tty.off('data', onData);
      tty.setRawMode(false);
      tty.pause();
      out.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(null);
        if (ch === '\u0003' || (ch === '\u0004' && !value)) return finish(new CancelledError('login'));
        if (ch === '\u007f' || ch === '\b') {
          if (value && !hidden) out.write('\b \b');
          value = value.slice(0, -1);
        } else if (ch === '\u0015') {
          if (!hidden) out.write('\b \b'.repeat(value.length));
          value = '';
        } else if (ch >= ' ') {
          value += ch;
          if (!hidden) out.write(ch);
        }
      }
    };
    tty.on('data', onData);
  });
}
