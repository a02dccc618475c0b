import type { CommandDecl } from '../src/shell/command.js';
import build from './build.js';
import context from './context.js';
import cp from './cp.js';
import debug from './debug.js';
import details from './details.js';
import help from './help.js';
import history from './history.js';
import images from './images.js';
import inspect from './inspect.js';
import layers from './layers.js';
import load from './load.js';
import login from './login.js';
import logout from './logout.js';
import prune from './prune.js';
import pull from './pull.js';
import push from './push.js';
import quit from './quit.js';
import refresh from './refresh.js';
import rmi from './rmi.js';
import save from './save.js';
import search from './search.js';
import shell from './shell.js';
import step from './step.js';
import tag from './tag.js';
import theme from './theme.js';

/** Every command, in the order `imgsh help` lists them. */
export const COMMANDS: CommandDecl[] = [images, inspect, history, layers, cp, pull, push, tag, rmi, save, load, prune, build, debug, shell, search, login, logout, context, help, details, refresh, step, theme, quit];
