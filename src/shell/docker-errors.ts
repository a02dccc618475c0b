// A failed pull or push outside the app: the status lines docker would have printed before the
// failure stay on stdout; the failure itself is imgsh's one line that says what to do (the
// registry's raw words are docker's only difference here, see README).
import { RegistryError } from '../engine/transport/op-errors.js';
import { CommandError } from './command.js';

export function withLines(e: unknown, lines: string[]): unknown {
  if (!(e instanceof RegistryError)) return e;
  return new CommandError(e.message, { text: lines.join('\n') });
}
