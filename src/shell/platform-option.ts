import { parsePlatform, type Platform } from '../domain/images/platform.js';
import { UsageError, type OptionDecl } from './command.js';

/** `--platform OS/ARCH[/VARIANT]`, as docker takes it on inspect, history, save and pull. */
export const platformOption = (description: string): OptionDecl => ({ name: 'platform', type: 'string', value: 'OS/ARCH', description });

export function platformFrom(options: Record<string, unknown>): Platform | undefined {
  const text = options.platform as string | undefined;
  if (text === undefined) return undefined;
  try {
    return parsePlatform(text);
  } catch (e) {
    throw new UsageError(`bad --platform: ${(e as Error).message}`);
  }
}
