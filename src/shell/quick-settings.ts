// config.json's settings that the first frame depends on (theme, keys, mouse), read before the
// app and its validation (zod) load. Anything this reading is not sure the app will accept as it
// is (an unknown field, a wrong type, a theme file of the user's) gives null: then the app alone
// draws, and reports what is wrong as it always does.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_THEMES } from './builtin-themes.js';
import { configDir } from './config-dir.js';
import { applyKeyOverrides, DEFAULT_KEYMAP, KEY_ACTIONS, type Binding, type KeyOverrides } from './keymap.js';
import type { Theme } from './theme.js';

export interface QuickSettings {
  theme: Theme;
  keymap: Binding[];
  mouse: boolean;
}

const FIELDS = new Set(['theme', 'keys', 'toolbox', 'mouse']);

function readConfig(path: string): Record<string, unknown> | null {
  if (!existsSync(path)) return {};
  try {
    const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function keysOf(value: unknown): KeyOverrides | null {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  for (const [action, keys] of Object.entries(value)) {
    if (!(action in KEY_ACTIONS) || !Array.isArray(keys) || keys.length === 0 || keys.some((k) => typeof k !== 'string' || k === '')) return null;
  }
  return value as KeyOverrides;
}

export function quickSettings(env: NodeJS.ProcessEnv = process.env): QuickSettings | null {
  const dir = configDir(env);
  const config = readConfig(join(dir, 'config.json'));
  if (!config || Object.keys(config).some((k) => !FIELDS.has(k))) return null;
  const { theme = 'dark', mouse = true, toolbox } = config;
  if (typeof theme !== 'string' || !BUILTIN_THEMES[theme] || existsSync(join(dir, 'themes', `${theme}.json`))) return null;
  if (typeof mouse !== 'boolean' || (toolbox !== undefined && (typeof toolbox !== 'string' || toolbox === ''))) return null;
  const keys = keysOf(config.keys);
  if (!keys) return null;
  return { theme: BUILTIN_THEMES[theme] as Theme, keymap: applyKeyOverrides(DEFAULT_KEYMAP, keys), mouse };
}
