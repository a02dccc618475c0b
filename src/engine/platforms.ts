import type { ImageDetails } from '../domain/images/details.js';
import { defaultPlatform, formatPlatform, hostPlatform, type Platform } from '../domain/images/platform.js';
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

/** The engine's 404 for a platform an image does not hold (inspect, history, save). */
export const isPlatformMissing = (e: unknown): boolean => e instanceof Error && /does not provide the specified platform/.test(e.message);

/** One line for a platform `what` does not hold: the ones it does when known, else where to see them. */
export function platformMissing(what: string, platform: Platform, held?: readonly Platform[]): PlatformError {
  const has = held ? ` (it has ${held.map(formatPlatform).join(', ') || 'none available'})` : ': imgsh inspect shows its platforms';
  return new PlatformError(`${what} holds no ${formatPlatform(platform)} image${has}`);
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
