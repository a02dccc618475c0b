// `imgsh layers --advice` (issue #13): every package cache and build tool the advice knows, on a
// layer index written by hand. Each must be found with exactly the bytes of its files in the
// final filesystem, in the layers that wrote them; paths that only look like them must not count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexAdvice } from '../../src/domain/layers/image-advice-text.js';
import type { Advice } from '../../src/domain/layers/image-advice.js';
import type { LayerEntry } from '../../src/domain/layers/layer-entry.js';
import { LAYER_INDEX_VERSION, type LayerIndex } from '../../src/domain/layers/layer-index.js';

interface Case {
  kind: 'package-cache' | 'build-tools';
  /** The name the advice's text starts with. */
  name: string;
  /** Real paths of this cache or tool: each must count. */
  hits: string[];
  /** Paths that only look like it: none may count, here or under another kind. */
  misses: string[];
}

const CASES: Case[] = [
  { kind: 'package-cache', name: 'apt lists', hits: ['var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4', 'var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease'], misses: ['var/lib/apt/extended_states', 'var/lib/dpkg/status'] },
  { kind: 'package-cache', name: 'apt archives', hits: ['var/cache/apt/archives/curl_7.88.1-10_amd64.deb', 'var/cache/apt/pkgcache.bin', 'var/cache/apt/srcpkgcache.bin'], misses: ['var/cache/aptitude/pkgstates', 'var/cache/debconf/config.dat'] },
  { kind: 'package-cache', name: 'apk cache', hits: ['var/cache/apk/APKINDEX.5022a8a2.tar.gz', 'var/cache/apk/musl-1.2.4-r2.apk'], misses: ['lib/apk/db/installed', 'etc/apk/world'] },
  // a non-root USER's caches are in its home folder
  { kind: 'package-cache', name: 'pip cache', hits: ['root/.cache/pip/http-v2/a/b/c/d/e/0123abcd', 'root/.cache/pip/wheels/ab/cd/ef/pkg-1.0-py3-none-any.whl', 'home/app/.cache/pip/http-v2/1/2/3/4/5/89abcdef'], misses: ['root/.config/pip/pip.conf', 'usr/local/lib/python3.12/site-packages/pip/_internal/cache.py', 'home/app/.config/pip/pip.conf', 'home/app/src/.cache/pip/x'] },
  { kind: 'package-cache', name: 'npm cache', hits: ['root/.npm/_cacache/content-v2/sha512/ab/cd/0123', 'root/.npm/_cacache/index-v5/12/34/5678', 'home/node/.npm/_cacache/content-v2/sha512/ef/01/4567'], misses: ['root/.npmrc', 'home/node/.npmrc', 'usr/local/lib/node_modules/npm/package.json'] },
  { kind: 'package-cache', name: 'yarn cache', hits: ['usr/local/share/.cache/yarn/v6/npm-left-pad-1.3.0-5b8a3a7765dfe001261dde915589e782f8c94d1e-integrity/node_modules/left-pad/index.js', 'home/node/.cache/yarn/v6/npm-ms-2.1.3-574c8138ce1d2b5861f0b44579dbadd60c6615b2-integrity/node_modules/ms/index.js'], misses: ['usr/local/share/.config/yarn/global/package.json', 'home/node/.yarnrc', 'opt/yarn-v1.22.19/lib/cli.js'] },
  { kind: 'package-cache', name: 'yum cache', hits: ['var/cache/yum/x86_64/7/base/packages/curl-7.29.0-59.el7.x86_64.rpm', 'var/cache/yum/x86_64/7/base/repomd.xml'], misses: ['var/lib/yum/history/history-2024-01-01.sqlite', 'etc/yum.conf'] },
  { kind: 'package-cache', name: 'dnf cache', hits: ['var/cache/dnf/fedora-2d95c80a1fa0a67d/repodata/primary.xml.zst', 'var/cache/dnf/packages.db'], misses: ['var/lib/dnf/history.sqlite', 'etc/dnf/dnf.conf', 'var/cache/dnf-old/x'] },
  // Fedora 41 and later: dnf5
  { kind: 'package-cache', name: 'dnf5 cache', hits: ['var/cache/libdnf5/fedora-2d95c80a1fa0a67d/repodata/primary.xml.zst'], misses: ['usr/lib64/libdnf5.so.2', 'var/lib/libdnf5/nevras_in_logs.toml'] },
  {
    kind: 'build-tools',
    name: 'gcc',
    hits: [
      'usr/lib/gcc/x86_64-linux-gnu/12/cc1',
      'usr/libexec/gcc/x86_64-alpine-linux-musl/13.2.1/cc1',
      'usr/bin/x86_64-linux-gnu-gcc-12',
      'usr/bin/x86_64-linux-gnu-g++-12',
      'usr/bin/x86_64-linux-gnu-cpp-12',
      'usr/bin/gcc',
      // Debian armhf and Alpine name theirs by other triplets
      'usr/bin/arm-linux-gnueabihf-gcc-12',
      'usr/bin/x86_64-alpine-linux-musl-gcc',
    ],
    misses: ['usr/lib/x86_64-linux-gnu/libgcc_s.so.1', 'usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30', 'usr/share/doc/gcc-12-base/copyright', 'usr/bin/gccx'],
  },
  { kind: 'build-tools', name: 'clang', hits: ['usr/lib/llvm-15/bin/clang-15', 'usr/lib/llvm-15/lib/clang/15.0.6/include/stddef.h', 'usr/bin/clang-17'], misses: ['usr/lib/x86_64-linux-gnu/libLLVM-15.so.1', 'usr/share/doc/llvm-15/README', 'usr/lib/llvm-15.conf'] },
  // the golang image, Debian's golang-1.19-go, Alpine's go, Fedora's golang
  { kind: 'build-tools', name: 'the Go toolchain', hits: ['usr/local/go/bin/go', 'usr/local/go/pkg/tool/linux_amd64/compile', 'usr/lib/go-1.19/bin/go', 'usr/lib/go/bin/go', 'usr/lib/golang/pkg/tool/linux_amd64/compile'], misses: ['usr/local/go-app/server', 'usr/local/bin/gosu', 'usr/lib/gopher/x'] },
  {
    kind: 'build-tools',
    name: 'make and binutils',
    hits: ['usr/bin/make', 'usr/bin/cmake', 'usr/bin/ld', 'usr/bin/x86_64-linux-gnu-ld.bfd', 'usr/bin/x86_64-linux-gnu-ld.gold', 'usr/bin/x86_64-linux-gnu-as', 'usr/bin/x86_64-linux-gnu-ar', 'usr/bin/arm-linux-gnueabihf-ld.bfd', 'usr/bin/x86_64-alpine-linux-musl-as'],
    misses: ['usr/bin/arch', 'usr/bin/ldd', 'usr/sbin/ldattach', 'usr/bin/x86_64-linux-gnu-ldd'],
  },
  { kind: 'build-tools', name: 'C headers', hits: ['usr/include/stdio.h', 'usr/include/x86_64-linux-gnu/bits/types.h', 'usr/local/include/python3.12/Python.h'], misses: ['usr/includes/x.h', 'opt/usr/include/y.h', 'usr/lib/x86_64-linux-gnu/libc.so.6'] },
];

// every file its own size, so a sum tells which files made it
let nextSize = 1000;
const sizes = new Map<string, number>();
for (const c of CASES) for (const p of [...c.hits, ...c.misses]) sizes.set(p, (nextSize += 7));
const file = (path: string): LayerEntry => ({ path, kind: 'file', size: sizes.get(path) ?? 0, mode: 0o644 });

/** Which layer (0-based) writes a hit: they alternate between layers 1 and 2, the misses are all in layer 0. */
const layerOf = (c: Case, path: string) => 1 + (c.hits.indexOf(path) % 2);

function index(layers: LayerEntry[][]): LayerIndex {
  return {
    version: LAYER_INDEX_VERSION,
    imageId: 'sha256:advice',
    format: 'docker',
    layers: layers.map((entries, i) => ({ digest: `sha256:${i}`, archivePath: `${i}/layer.tar`, entries })),
    history: layers.map((_, i) => ({ createdBy: `/bin/sh -c step ${i}`, empty: false })),
  };
}

// folders and links where the caches and tools are: no bytes, no paths of the advice
const notFiles: LayerEntry[] = [
  { path: 'var/cache/apt/archives', kind: 'dir', size: 0, mode: 0o755 },
  { path: 'usr/include/x86_64-linux-gnu', kind: 'dir', size: 0, mode: 0o755 },
  { path: 'usr/bin/cc', kind: 'symlink', size: 0, mode: 0o777, target: '/etc/alternatives/cc' },
  { path: 'root/.npm/_cacache/content-v2/sha512/ab/cd/link', kind: 'hardlink', size: 0, mode: 0o644, target: 'root/.npm/_cacache/content-v2/sha512/ab/cd/0123' },
];
const layers: LayerEntry[][] = [[], [...notFiles], []];
for (const c of CASES) {
  for (const p of c.misses) layers[0].push(file(p));
  for (const p of c.hits) layers[layerOf(c, p)].push(file(p));
}
const advice = indexAdvice(index(layers));
const named = (c: Case): Advice[] => advice.filter((a) => a.kind === c.kind && a.text.startsWith(c.kind === 'package-cache' ? `${c.name} left in the image (` : `${c.name} in the final image:`));
const sum = (paths: string[]) => paths.reduce((s, p) => s + sizes.get(p)!, 0);

for (const c of CASES) {
  test(`${c.kind === 'package-cache' ? 'package cache' : 'build tool'} "${c.name}": found with exactly its files' bytes, its paths and layers; its near misses not counted`, () => {
    const found = named(c);
    assert.equal(found.length, 1, `${c.name}: ${JSON.stringify(advice.map((a) => a.text))}`);
    const [a] = found;
    assert.equal(a.bytes, sum(c.hits));
    assert.deepEqual(a.paths, [...c.hits].sort((x, y) => sizes.get(y)! - sizes.get(x)!), 'every path, largest first');
    assert.deepEqual(a.layers, [...new Set(c.hits.map((p) => layerOf(c, p)))].sort());
    for (const p of c.misses) assert.ok(!advice.some((x) => x.paths.includes(p)), `${p} counted: ${JSON.stringify(advice.find((x) => x.paths.includes(p)))}`);
  });
}

test('nothing but the listed caches and tools is advised, and no file counts twice', () => {
  assert.deepEqual(advice.map((a) => a.kind).sort(), CASES.map((c) => c.kind).sort());
  assert.equal(advice.reduce((s, a) => s + a.bytes, 0), sum(CASES.flatMap((c) => c.hits)));
});

test('cache text names the folders it was found in: the usual one, or a user\'s home', () => {
  const text = (name: string) => named(CASES.find((c) => c.name === name)!)[0].text;
  assert.match(text('apt lists'), /^apt lists left in the image \(\/var\/lib\/apt\/lists\/\): end the RUN that installs with `&& rm -rf \/var\/lib\/apt\/lists\/\*`$/);
  assert.match(text('npm cache'), /^npm cache left in the image \(\/home\/node\/\.npm\/, \/root\/\.npm\/\): /);
  const home = indexAdvice(index([[file('home/app/.cache/pip/http-v2/1/2/3/4/5/89abcdef')]]));
  assert.match(home[0].text, /^pip cache left in the image \(\/home\/app\/\.cache\/pip\/\): install with `pip install --no-cache-dir`$/);
});

test('only what is left in the final filesystem counts: not a cache file a later layer removed, not links or folders', () => {
  const deb = file('var/cache/apt/archives/curl_7.88.1-10_amd64.deb');
  const pkgcache = file('var/cache/apt/pkgcache.bin');
  const got = indexAdvice(
    index([
      [{ path: 'var/cache/apt/archives', kind: 'dir', size: 0, mode: 0o755 }, deb, pkgcache, { path: 'usr/include/link.h', kind: 'symlink', size: 0, mode: 0o777, target: 'stdio.h' }],
      [{ path: 'var/cache/apt/archives/.wh.curl_7.88.1-10_amd64.deb', kind: 'file', size: 0, mode: 0 }],
    ]),
  );
  const caches = got.filter((a) => a.kind === 'package-cache');
  assert.deepEqual(caches.map((a) => [a.bytes, a.paths, a.layers]), [[pkgcache.size, [pkgcache.path], [0]]]);
  assert.ok(!got.some((a) => a.kind === 'build-tools'), 'a symlink has no bytes to save');
  assert.deepEqual(got.filter((a) => a.kind === 'join-steps').map((a) => [a.bytes, a.paths]), [[deb.size, [deb.path]]], 'the removed copy is a step to join instead');
});
