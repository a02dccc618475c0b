import { checkContextName, contextNames, currentContextName, DEFAULT_CONTEXT, listContexts, useContext } from '../src/engine/transport/contexts.js';
import { CommandError, defineCommand, UsageError, type CommandContext } from '../src/shell/command.js';
import { formatTable } from '../src/shell/table.js';

const SUBCOMMANDS = ['ls', 'list', 'use', 'show', 'switch'];

export default defineCommand({
  name: 'context',
  asDocker: 'docker context\'s `ls`/`use` (read from docker\'s files)',
  summary: 'List docker contexts (ls), show the current one (show), make one current (use NAME); in the app, switch to one',
  args: [
    {
      name: 'ls|show|use|NAME',
      complete: (before) => (before.length === 0 ? [...SUBCOMMANDS, ...safeNames()] : []),
      description: 'ls (or list): the contexts, the current one marked *; show: the current one; use NAME: make NAME current, as `docker context use` does (in the app it also switches). In the app, NAME alone (or `switch NAME`) switches this session only; no word opens the switcher',
    },
    { name: 'NAME', complete: (before) => (['use', 'switch'].includes(before[0]) && before.length === 1 ? safeNames() : []), description: 'A context name (`default`: DOCKER_HOST or the default socket)' },
  ],
  options: [],
  examples: ['imgsh context ls', 'imgsh context use remote', 'imgsh context use default', ':context remote   (in the app: this session only)'],
  async run(ctx, { args }) {
    const [sub, name] = args;
    const inApp = ctx.mode === 'app' && ctx.app?.switchContext;
    if (!sub) {
      if (!inApp || !ctx.app?.openContexts) throw new UsageError('give a subcommand: ls, show or use NAME');
      return void ctx.app.openContexts();
    }
    if (sub === 'ls' || sub === 'list') return list(ctx, name);
    if (sub === 'show') {
      if (name) throw new UsageError('`context show` takes no NAME');
      const current = currentOf(ctx);
      return { text: current, json: { name: current } };
    }
    if (sub === 'use') return use(ctx, required(name, 'use'));
    if (!inApp) throw new UsageError(`unknown subcommand "${sub}": use ls, show or use NAME (NAME alone switches only inside the app)`);
    return switchApp(ctx, sub === 'switch' ? required(name, 'switch') : sub, name);
  },
});

function required(name: string | undefined, sub: string): string {
  if (!name) throw new UsageError(`\`context ${sub}\` needs a context NAME: see \`imgsh context ls\``);
  return name;
}

function safeNames(): string[] {
  try {
    return contextNames();
  } catch {
    return [];
  }
}

/** The context in use: the app's connection, or what --context / DOCKER_HOST / DOCKER_CONTEXT / config.json pick. */
function currentOf(ctx: CommandContext): string {
  try {
    const endpoint = ctx.endpoint?.();
    if (endpoint) return endpoint.source.from === 'context' ? endpoint.source.name : DEFAULT_CONTEXT;
  } catch {
    // a current context that is gone: the files say which it is
  }
  return currentContextName();
}

function list(ctx: CommandContext, extra: string | undefined) {
  if (extra) throw new UsageError('`context ls` takes no NAME');
  const current = currentOf(ctx);
  const contexts = listContexts();
  const anyError = contexts.some((c) => c.error);
  const headers = ['NAME', 'DESCRIPTION', 'DOCKER ENDPOINT', ...(anyError ? ['ERROR'] : [])];
  const rows = contexts.map((c) => [c.name === current ? `${c.name} *` : c.name, c.description, c.endpoint, ...(anyError ? [c.error] : [])]);
  const lines = [formatTable(headers, rows)];
  // As docker warns: the config's current context is not what is used while DOCKER_HOST is set.
  if (process.env.DOCKER_HOST?.trim() && ctx.mode !== 'app' && current === DEFAULT_CONTEXT)
    lines.push('Warning: DOCKER_HOST environment variable overrides the active context. To use a context, either set the global --context flag, or unset DOCKER_HOST environment variable.');
  return {
    text: lines.join('\n'),
    json: contexts.map((c) => ({ Name: c.name, Description: c.description, DockerEndpoint: c.endpoint, Current: c.name === current, Error: c.error })),
  };
}

async function use(ctx: CommandContext, name: string) {
  check(name);
  const switched = ctx.mode === 'app' && ctx.app?.switchContext ? await switchTo(ctx, name) : null;
  try {
    useContext(name);
  } catch (e) {
    throw new CommandError((e as Error).message);
  }
  const lines = [`Current context is now "${name}"`, ...overrideWarnings(name)];
  if (switched) lines.push(`the app is on ${switched.endpoint}`);
  return { text: lines.join(ctx.mode === 'app' ? '; ' : '\n'), json: { name, warnings: overrideWarnings(name) } };
}

/** docker warns when DOCKER_HOST overrides the context just made current; DOCKER_CONTEXT does the same, so that is said too. */
function overrideWarnings(name: string): string[] {
  const say = (variable: string) =>
    `Warning: ${variable} environment variable overrides the active context. To use "${name}", either set the global --context flag, or unset ${variable} environment variable.`;
  if (name !== DEFAULT_CONTEXT && process.env.DOCKER_HOST?.trim()) return [say('DOCKER_HOST')];
  const envContext = process.env.DOCKER_CONTEXT?.trim();
  if (envContext && envContext !== name) return [say('DOCKER_CONTEXT')];
  return [];
}

async function switchApp(ctx: CommandContext, name: string, extra: string | undefined) {
  if (extra && extra !== name) throw new UsageError(`one context at a time: \`context ${name}\``);
  check(name);
  const done = await switchTo(ctx, name);
  return { text: `Switched to context "${name}" (${done.endpoint}) for this session; \`context use ${name}\` keeps it`, json: done };
}

function check(name: string): void {
  try {
    checkContextName(name);
  } catch (e) {
    throw new CommandError((e as Error).message);
  }
}

async function switchTo(ctx: CommandContext, name: string) {
  const from = currentOf(ctx);
  try {
    return await ctx.app!.switchContext!(name, ctx.signal);
  } catch (e) {
    if (ctx.signal.aborted) throw new CommandError(`switch to context "${name}" cancelled; still on "${from}"`);
    throw new CommandError(`context "${name}" did not answer, still on "${from}": ${(e as Error).message}`);
  }
}
