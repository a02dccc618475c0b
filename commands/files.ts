// Each command's names (name, then aliases) and the file that declares it, in the order `imgsh
// help` lists them: a one-shot command loads its own file only (issue #12: the other commands
// were a third of what `imgsh images` compiled before it ran). commands/index.ts has them all,
// and test/unit/command-files.test.ts checks this table against it.
import type { CommandDecl } from '../src/shell/command.js';

type Load = () => Promise<{ default: CommandDecl }>;

const FILES: [names: readonly string[], load: Load][] = [
  [['images', 'ls'], () => import('./images.js')],
  [['inspect'], () => import('./inspect.js')],
  [['history'], () => import('./history.js')],
  [['layers'], () => import('./layers.js')],
  [['diff'], () => import('./diff.js')],
  [['cp'], () => import('./cp.js')],
  [['pull'], () => import('./pull.js')],
  [['push'], () => import('./push.js')],
  [['tag'], () => import('./tag.js')],
  [['rmi'], () => import('./rmi.js')],
  [['save'], () => import('./save.js')],
  [['load'], () => import('./load.js')],
  [['prune'], () => import('./prune.js')],
  [['df'], () => import('./df.js')],
  [['commit'], () => import('./commit.js')],
  [['build'], () => import('./build.js')],
  [['debug'], () => import('./debug.js')],
  [['shell'], () => import('./shell.js')],
  [['search'], () => import('./search.js')],
  [['login'], () => import('./login.js')],
  [['logout'], () => import('./logout.js')],
  [['context'], () => import('./context.js')],
  [['help'], () => import('./help.js')],
  [['details'], () => import('./details.js')],
  [['refresh'], () => import('./refresh.js')],
  [['step'], () => import('./step.js')],
  [['theme'], () => import('./theme.js')],
  [['quit', 'q', 'exit'], () => import('./quit.js')],
];

/** Every command's names, in help's order. */
export const COMMAND_NAMES: readonly (readonly string[])[] = FILES.map(([names]) => names);

/** Every command, in help's order. */
export async function loadCommands(): Promise<CommandDecl[]> {
  return Promise.all(FILES.map(async ([, load]) => (await load()).default));
}

/**
 * The commands a one-shot `name …` needs: the one it names, alone; every one for `help` (it
 * lists them) and for a name no command has (the error suggests the nearest).
 */
export async function commandsFor(name: string): Promise<CommandDecl[]> {
  const file = name === 'help' ? undefined : FILES.find(([names]) => names.includes(name));
  return file ? [(await file[1]()).default] : loadCommands();
}
