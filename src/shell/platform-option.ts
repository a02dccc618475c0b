import { parsePlatform, type Platform } from '../domain/images/platform.js';
import { apiAtLeast } from '../engine/api/convert.js';
import { requirePlatforms } from '../engine/platforms.js';
import type { Engine } from '../engine/types.js';
import { CommandError, UsageError, type CommandContext, type OptionDecl } from './command.js';

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

/** docker's repeatable `--platform` (each may list several, comma-separated), as rmi takes it. */
export function platformsFrom(options: Record<string, unknown>): Platform[] {
  const texts = ((options.platform as string[] | undefined) ?? []).flatMap((t) => t.split(','));
  return texts.map((text) => platformFrom({ platform: text })!);
}

/**
 * `--platform` of rmi (API 1.50), load (1.48) and push (1.46) on an engine too old for it: outside
 * the app docker's line; in the app imgsh's, which says what the engine lacks.
 */
export async function requirePlatformApi(ctx: CommandContext, engine: Engine, min: string): Promise<void> {
  if (ctx.mode === 'app') await requirePlatforms(engine);
  const { apiVersion } = await engine.version();
  if (apiAtLeast(apiVersion, min)) return;
  // an engine that does not read the query would act on every platform
  if (ctx.mode === 'app') throw new CommandError(`--platform here needs Docker API ${min}+; the engine speaks ${apiVersion}: leave --platform out`);
  throw new CommandError(`"--platform" requires API version ${min}, but the Docker daemon API version is ${apiVersion}`);
}
