import type { ImageDetails } from '../domain/images/details.js';
import { defaultPlatform, hostPlatform, type Platform } from '../domain/images/platform.js';
import { PLATFORMS_API } from './api/convert.js';
import { PlatformError } from './transport/errors.js';
import type { Engine } from './types.js';

/** Throws one line saying what `--platform` needs when this engine cannot pick a platform. */
export async function requirePlatforms(engine: Engine): Promise<void> {
  const caps = await engine.capabilities();
  if (caps.platforms) return;
  const v = await engine.version().catch(() => null);
  const what = v ? `${v.product ?? 'Docker'} ${v.version} (API ${v.apiVersion}${caps.containerdStore ? '' : caps.product === 'docker' ? ', classic image store' : ''})` : `this engine (API ${caps.apiVersion})`;
  throw new PlatformError(`--platform needs Docker API ${PLATFORMS_API}+ with the containerd image store (Docker 28); the engine is ${what}: leave --platform out`);
}

/**
 * The platform to read of an image: the one asked for, else — for a multi-platform image — this
 * machine's (the engine's default); undefined when the image holds one platform.
 */
export function platformToRead(asked: Platform | undefined, details: ImageDetails, host: Platform = hostPlatform()): Platform | undefined {
  if (asked) return asked;
  const held = (details.platforms ?? []).filter((p) => p.available).map(({ os, architecture, variant }) => (variant ? { os, architecture, variant } : { os, architecture }));
  return held.length < 2 ? undefined : defaultPlatform(held, host);
}
