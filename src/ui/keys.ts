import type { Key } from 'ink';

/** Sequences Ink reports alike (DEL and Delete are both `delete` to it), told apart from the raw bytes. */
const RAW_NAMES: Record<string, string> = {
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x1b[3~': 'delete',
  '\x1b\x7f': 'meta+backspace',
  '\x1b\b': 'meta+backspace',
};

function arrow(key: Key): string | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  return null;
}

/**
 * Ink's (input, key) and the raw sequence → a key name as keymap.ts spells them: `j`, `G`, `?`,
 * `up`, `ctrl+left`, `meta+b`, `pagedown`, `enter`, `escape`, `tab`, `shift+tab`, `space`,
 * `backspace`, `delete`, `meta+backspace`, `ctrl+c`. Null for anything else (unknown sequences).
 */
export function keyName(input: string, key: Key, raw = ''): string | null {
  if (RAW_NAMES[raw]) return RAW_NAMES[raw];
  const dir = arrow(key);
  if (dir) return key.ctrl ? `ctrl+${dir}` : key.meta ? `meta+${dir}` : dir;
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return || input === '\r' || input === '\n') return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  if (key.meta && input.length === 1) return `meta+${input}`;
  if (input === ' ') return 'space';
  if ([...input].length === 1 && input >= ' ') return input;
  return null;
}
