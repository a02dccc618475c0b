// What would make an image smaller, each with the bytes it saves, from what its layer index
// shows (issue #13: `imgsh layers --advice`). Every figure is a sum of file sizes in the image:
// - files a later step replaced or removed: the copies that step made dead (join the steps);
// - package-manager caches in the final filesystem (apt lists and archives, apk, pip, npm, yarn);
// - compilers and build tools in the final filesystem, which a multi-stage build leaves behind;
// - the same contents under several paths of the final filesystem (by the files' digests), per
//   set of layers that wrote them: all copies but one. A later step rewriting the same path is
//   the first kind.
import { shortInstruction, type TracedWaste } from './layer-report.js';
import type { LayerEntry } from './layer-entry.js';

export type AdviceKind = 'join-steps' | 'package-cache' | 'build-tools' | 'duplicates';

export interface Advice {
  kind: AdviceKind;
  /** Bytes the change would save. */
  bytes: number;
  /** One line: what to change. */
  text: string;
  /** The paths it is about, largest first (at most 10). */
  paths: string[];
  /** The layers (0-based) it is about. */
  layers: number[];
}

/** Package managers' caches: where they are (`home`: also in each user's home folder, for a USER other than root) and how to leave them out. */
const CACHES: { prefix: string; home?: string; name: string; fix: string }[] = [
  { prefix: 'var/lib/apt/lists/', name: 'apt lists', fix: 'end the RUN that installs with `&& rm -rf /var/lib/apt/lists/*`' },
  { prefix: 'var/cache/apt/', name: 'apt archives', fix: 'add `&& apt-get clean` to the RUN that installs' },
  { prefix: 'var/cache/apk/', name: 'apk cache', fix: 'install with `apk add --no-cache`' },
  { prefix: 'root/.cache/pip/', home: '.cache/pip/', name: 'pip cache', fix: 'install with `pip install --no-cache-dir`' },
  { prefix: 'root/.npm/', home: '.npm/', name: 'npm cache', fix: 'end the RUN with `&& npm cache clean --force`' },
  { prefix: 'usr/local/share/.cache/yarn/', home: '.cache/yarn/', name: 'yarn cache', fix: 'end the RUN with `&& yarn cache clean`' },
  { prefix: 'var/cache/yum/', name: 'yum cache', fix: 'end the RUN with `&& yum clean all`' },
  { prefix: 'var/cache/dnf/', name: 'dnf cache', fix: 'end the RUN with `&& dnf clean all`' },
  { prefix: 'var/cache/libdnf5/', name: 'dnf5 cache', fix: 'end the RUN with `&& dnf clean all`' },
];

/** The cache's folder `path` is in (`root/.npm/`, `home/node/.npm/`), or null. */
function cacheFolder(cache: (typeof CACHES)[number], path: string): string | null {
  if (path.startsWith(cache.prefix)) return cache.prefix;
  const home = cache.home && /^home\/[^/]+\//.exec(path)?.[0];
  return home && path.startsWith(home + cache.home) ? home + cache.home : null;
}

/** Compilers and build tools: folders and binaries a runtime image rarely needs. */
const BUILD_TOOLS: { match: (path: string) => boolean; name: string }[] = [
  { match: (p) => p.startsWith('usr/lib/gcc/') || p.startsWith('usr/libexec/gcc/') || /^usr\/bin\/(gcc|g\+\+|cc|c\+\+|cpp)(-\d+)?$/.test(p) || /^usr\/bin\/[\w-]+-linux-(gnu|musl)\w*-(gcc|g\+\+|cpp)(-\d+)?$/.test(p), name: 'gcc' },
  { match: (p) => /^usr\/(lib\/llvm-\d+|bin\/clang(-\d+)?)(\/|$)/.test(p), name: 'clang' },
  { match: (p) => p.startsWith('usr/local/go/') || p.startsWith('usr/lib/go-') || p.startsWith('usr/lib/go/') || p.startsWith('usr/lib/golang/'), name: 'the Go toolchain' },
  { match: (p) => /^usr\/bin\/(make|cmake|ld|ld\.bfd|ld\.gold|as|ar)$/.test(p) || /^usr\/bin\/[\w-]+-linux-(gnu|musl)\w*-(ld|as|ar)(\.bfd|\.gold)?$/.test(p), name: 'make and binutils' },
  { match: (p) => p.startsWith('usr/include/') || p.startsWith('usr/local/include/'), name: 'C headers' },
];

const top = (paths: [string, number][]) => paths.sort((a, b) => b[1] - a[1]).slice(0, 10).map(([p]) => p);

type FinalFiles = ReadonlyMap<string, { entry: LayerEntry; layer: number }>;

/** A layer named by its step, and its Dockerfile line when known: `layer 3 (line 7: RUN rm /f)`. */
const stepName = (layer: number, instruction: string, line?: number | null) => `layer ${layer + 1} (${line ? `line ${line}: ` : ''}${shortInstruction(instruction)})`;

/** Files of the same contents at several paths: per set of layers that wrote them, the copies beyond the first. */
function duplicates(final: FinalFiles, instructions: readonly string[], lines?: readonly (number | null)[] | null): Advice[] {
  const byDigest = new Map<string, [string, number][]>();
  for (const [path, { entry, layer }] of final) {
    if (entry.kind !== 'file' || !entry.digest) continue;
    const copies = byDigest.get(entry.digest);
    if (copies) copies.push([path, layer]);
    else byDigest.set(entry.digest, [[path, layer]]);
  }
  const sets = new Map<string, { layers: number[]; bytes: number; paths: [string, number][] }>();
  for (const copies of byDigest.values()) {
    if (copies.length < 2) continue;
    const size = final.get(copies[0][0])!.entry.size;
    const layers = [...new Set(copies.map(([, l]) => l))].sort((a, b) => a - b);
    const key = layers.join(',');
    let set = sets.get(key);
    if (!set) sets.set(key, (set = { layers, bytes: 0, paths: [] }));
    // the copy kept: the one the lowest layer wrote (then the first path)
    copies.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    for (const [path] of copies.slice(1)) set.paths.push([path, size]);
    set.bytes += size * (copies.length - 1);
  }
  return [...sets.values()].map((set) => {
    const step = (l: number) => stepName(l, instructions[l] ?? '', lines?.[l]);
    const who = set.layers.length === 1 ? `${step(set.layers[0])} writes` : `${set.layers.slice(0, -1).map(step).join(', ')} and ${step(set.layers.at(-1)!)} write`;
    return { kind: 'duplicates' as const, bytes: set.bytes, text: `${who} the same contents under ${set.paths.length + 1 > 2 ? 'several paths' : 'two paths'}: keep one copy (COPY or make it once, link the others)`, paths: top(set.paths), layers: set.layers };
  });
}

/**
 * `final`: the final filesystem (path → entry and the layer that wrote it); `waste`: the wasted
 * copies traced to their steps; `instructions`: each layer's. Largest saving first; nothing with 0 bytes.
 */
export function imageAdvice(final: FinalFiles, waste: readonly TracedWaste[], instructions: readonly string[] = [], lines?: readonly (number | null)[] | null): Advice[] {
  const out: Advice[] = duplicates(final, instructions, lines);
  // join-steps: per pair of steps (the one that wrote, the one that undid)
  const pairs = new Map<string, { written: number; gone: number; bytes: number; paths: [string, number][]; instr: [string, string]; how: Set<string> }>();
  for (const w of waste) {
    for (const c of w.copies) {
      const key = `${c.written.layer}>${c.gone.layer}`;
      let p = pairs.get(key);
      if (!p) pairs.set(key, (p = { written: c.written.layer, gone: c.gone.layer, bytes: 0, paths: [], instr: [c.written.instruction, c.gone.instruction], how: new Set() }));
      p.bytes += c.bytes;
      p.paths.push([w.path, c.bytes]);
      p.how.add(c.how);
    }
  }
  for (const p of pairs.values()) {
    const what = p.how.size > 1 ? 'replaces or removes' : p.how.has('removed') ? 'removes' : 'replaces';
    out.push({
      kind: 'join-steps',
      bytes: p.bytes,
      text: `${stepName(p.gone, p.instr[1], lines?.[p.gone])} ${what} files ${stepName(p.written, p.instr[0], lines?.[p.written])} wrote: make and remove them in one step (or set their mode there: a chmod copies the file)`,
      paths: top(p.paths),
      layers: [p.written, p.gone],
    });
  }
  for (const cache of CACHES) {
    const paths: [string, number][] = [];
    const layers = new Set<number>();
    const folders = new Set<string>();
    let bytes = 0;
    for (const [path, { entry, layer }] of final) {
      const folder = entry.kind === 'file' ? cacheFolder(cache, path) : null;
      if (!folder) continue;
      folders.add(folder);
      bytes += entry.size;
      paths.push([path, entry.size]);
      layers.add(layer);
    }
    if (bytes > 0) out.push({ kind: 'package-cache', bytes, text: `${cache.name} left in the image (${[...folders].sort().map((f) => `/${f}`).join(', ')}): ${cache.fix}`, paths: top(paths), layers: [...layers].sort((a, b) => a - b) });
  }
  for (const tool of BUILD_TOOLS) {
    const paths: [string, number][] = [];
    const layers = new Set<number>();
    let bytes = 0;
    for (const [path, { entry, layer }] of final) {
      if (entry.kind !== 'file' || !tool.match(path)) continue;
      bytes += entry.size;
      paths.push([path, entry.size]);
      layers.add(layer);
    }
    if (bytes > 0) out.push({ kind: 'build-tools', bytes, text: `${tool.name} in the final image: build in a stage of its own and COPY --from it only what runs`, paths: top(paths), layers: [...layers].sort((a, b) => a - b) });
  }
  return out.sort((a, b) => b.bytes - a.bytes);
}
