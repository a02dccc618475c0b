/** An OCI platform, as `--platform os/arch[/variant]` names it. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const NODE_ARCH: Record<string, Platform['architecture']> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64', mips: 'mips', mipsel: 'mipsle' };

/** `linux/arm64`, `linux/arm/v7`: both the os and the architecture, so nothing is guessed. */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.some((p) => !/^[a-z0-9._-]+$/.test(p)) || parts.length < 2 || parts.length > 3) {
    throw new Error(`"${text}" is not a platform: write OS/ARCH[/VARIANT], e.g. linux/arm64`);
  }
  const [os, architecture, variant] = parts;
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** The platform of the machine imgsh runs on (what docker picks from a multi-platform image). */
export function hostPlatform(arch: string = process.arch): Platform {
  const architecture = NODE_ARCH[arch] ?? arch;
  return architecture === 'arm' ? { os: 'linux', architecture, variant: 'v7' } : { os: 'linux', architecture };
}

/** Same os and architecture, and the variant when both name one (arm64 = arm64/v8). */
export function samePlatform(a: Platform, b: Platform): boolean {
  return a.os === b.os && a.architecture === b.architecture && (!a.variant || !b.variant || a.variant === b.variant);
}

/** The engine's `platform` query parameter (API 1.48+): the OCI platform as JSON. */
export function platformQuery(p: Platform): string {
  return JSON.stringify(p.variant ? { os: p.os, architecture: p.architecture, variant: p.variant } : { os: p.os, architecture: p.architecture });
}

/** Of the platforms an image holds, the one to show when none was asked for: this machine's, else the first. */
export function defaultPlatform(available: readonly Platform[], host: Platform = hostPlatform()): Platform | undefined {
  return available.find((p) => samePlatform(p, host)) ?? available[0];
}

/** `linux/amd64 (this machine), linux/arm64, linux/riscv64 (not pulled)` */
export function platformsText(platforms: readonly (Platform & { available: boolean })[], host: Platform = hostPlatform()): string {
  return platforms
    .map((p) => `${formatPlatform(p)}${samePlatform(p, host) ? ' (this machine)' : ''}${p.available ? '' : ' (not pulled)'}`)
    .join(', ');
}
