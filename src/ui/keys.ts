import type { Key } from 'ink';

/**
 * Ink's (input, key) → a key name as keymap.ts spells them: `j`, `G`, `?`, `up`, `pagedown`,
 * `enter`, `escape`, `tab`, `shift+tab`, `space`, `backspace`, `ctrl+c`. Null for anything
 * else (pasted text, unknown sequences); line editors still get the raw input.
 */
export function keyName(input: string, key: Key): string | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return || input === '\r' || input === '\n') return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  // Most terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  if (key.meta && input.length === 1) return `meta+${input}`;
  if (input === ' ') return 'space';
  if (input.length === 1 && input >= ' ') return input;
  return null;
}
