import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BUILTIN_THEMES } from './builtin-themes.js';
import { configDir } from './config-dir.js';
import { applyKeyOverrides, DEFAULT_KEYMAP, KEY_ACTIONS, type Binding, type KeyAction } from './keymap.js';
import { parseTheme, type Theme } from './theme.js';
import { withoutColor } from './theme-colorless.js';

export { configDir };
export const BUILTIN_THEME_NAMES = Object.keys(BUILTIN_THEMES);

const actionNames = Object.keys(KEY_ACTIONS) as [KeyAction, ...KeyAction[]];
const KeyOverridesSchema = z.record(z.enum(actionNames), z.array(z.string().min(1)).min(1));

const ConfigSchema = z
  .object({
    theme: z.string().optional(),
    keys: KeyOverridesSchema.optional(),
    /** A static busybox image whose shell goes into layers that have none. */
    toolbox: z.string().min(1).optional(),
    /** Clicks and the wheel in the app (false: the terminal keeps its own text selection). */
    mouse: z.boolean().optional(),
  })
  .strict();

export interface Config {
  theme: string;
  keymap: Binding[];
  toolbox?: string;
  mouse?: boolean;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message}) — fix or remove the file`);
  }
}

/** Reads `$XDG_CONFIG_HOME/imgsh/config.json` if present; throws one line on a bad file. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const path = join(configDir(env), 'config.json');
  if (!existsSync(path)) return { theme: 'dark', keymap: DEFAULT_KEYMAP };
  const r = ConfigSchema.safeParse(readJson(path));
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`${path}: ${issue.path.join('.') || 'file'}: ${issue.message} — fix or remove the file`);
  }
  return { theme: r.data.theme ?? 'dark', keymap: applyKeyOverrides(DEFAULT_KEYMAP, r.data.keys ?? {}), toolbox: r.data.toolbox, mouse: r.data.mouse };
}

/** The toolbox image for shells in layers without one: `$IMGSH_TOOLBOX`, else config.json's `toolbox` (the engine's default after that). */
export function toolboxImage(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.IMGSH_TOOLBOX) return env.IMGSH_TOOLBOX;
  try {
    return loadConfig(env).toolbox;
  } catch {
    return undefined; // a bad config.json is reported where the app starts; a shell still opens
  }
}

/** A built-in theme, or `$XDG_CONFIG_HOME/imgsh/themes/NAME.json`; NO_COLOR strips colour. */
export function loadTheme(name: string, env: NodeJS.ProcessEnv = process.env): Theme {
  const userPath = join(configDir(env), 'themes', `${name}.json`);
  let theme: Theme;
  if (existsSync(userPath)) theme = parseTheme(readJson(userPath), userPath);
  else if (BUILTIN_THEMES[name]) theme = parseTheme(BUILTIN_THEMES[name], name);
  else throw new Error(`unknown theme "${name}": use one of ${BUILTIN_THEME_NAMES.join(', ')} or add ${userPath}`);
  return env.NO_COLOR ? withoutColor(theme) : theme;
}
