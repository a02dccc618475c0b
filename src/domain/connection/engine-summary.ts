import type { EngineCapabilities, EngineVersion } from '../images/details.js';

/**
 * The status bar's engine: `Docker 28.5.2, API 1.51, containerd store, BuildKit`. The capabilities
 * found at connect are named, so what the engine lacks is visible before the user asks for it.
 */
export function engineSummary(version: EngineVersion, caps: EngineCapabilities | null | undefined): string {
  const parts = [`${version.product ?? 'Docker'} ${version.version}`, `API ${version.apiVersion}`];
  if (caps) {
    if (caps.containerdStore) parts.push('containerd store');
    parts.push(caps.buildkit ? 'BuildKit' : 'no BuildKit');
  }
  return parts.join(', ');
}

/** The narrow form: product and version without the build suffix (`Docker 28.5.2`). */
export function engineShortSummary(version: EngineVersion): string {
  return `${version.product ?? 'Docker'} ${version.version.replace(/[+~].*$/, '')}`;
}
