import type { Key } from 'ink';
import { useKeyConsumer } from './key-router.js';
import { keyName } from './keys.js';

export type KeyHandler = (name: string | null, input: string, key: Key) => void;

/**
 * The one place input becomes key names. Each consumer (app, line editors, overlays) passes
 * `active` so only one of them handles a key; the KeyRouter delivers keys one at a time.
 * Line editors pass `onPaste`: pasted text reaches them whole, and no one else.
 */
export function useKeys(handler: KeyHandler, active: boolean, onPaste?: (text: string) => void): void {
  useKeyConsumer((input, key, raw) => handler(keyName(input, key, raw), input, key), active, onPaste);
}
