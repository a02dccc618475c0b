// The header walker the layer index reads exports with, against archives written by tar-stream
// (pax) and GNU tar (ustar prefixes, GNU long names), fed whole and cut at awkward places.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import tar from 'tar-stream';
import { TarFormatError, TarWalker, type TarHeader } from '../../src/domain/layers/tar-walker.js';

type Seen = { header: TarHeader; body: string };

function walk(archive: Buffer, chunk: number): Seen[] {
  const seen: Seen[] = [];
  let body: Buffer[] = [];
  const w = new TarWalker({
    header: (header) => seen.push({ header, body: '' }),
    data: (b) => body.push(Buffer.from(b)),
    end: () => {
      seen.at(-1)!.body = Buffer.concat(body).toString();
      body = [];
    },
  });
  for (let at = 0; at < archive.length; at += chunk) w.push(archive.subarray(at, at + chunk));
  w.end();
  assert.ok(w.finished, 'the end-of-archive block was read');
  return seen;
}

function packed(entries: { name: string; body?: string; type?: 'symlink' | 'directory'; linkname?: string; size?: number }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.type) pack.entry({ name: e.name, type: e.type, linkname: e.linkname, mode: 0o755 });
    else pack.entry({ name: e.name, mode: 0o640 }, e.body ?? '');
  }
  pack.finalize();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    pack.on('data', (c) => chunks.push(c as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

const long = `${'d'.repeat(120)}/${'f'.repeat(130)}`;
const dir = mkdtempSync(join(tmpdir(), 'imgsh-tar-walker-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('TarWalker', () => {
  it('reads names, types, sizes, modes, link targets and bodies, however the input is cut', async () => {
    const archive = await packed([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/hosts', body: 'x'.repeat(700) },
      { name: long, body: 'long one' },
      { name: 'bin/sh', type: 'symlink', linkname: `/${long}` },
      { name: 'empty' },
    ]);
    for (const chunk of [archive.length, 1, 7, 511, 512, 513, 4096]) {
      const seen = walk(archive, chunk);
      assert.deepEqual(
        seen.map((s) => [s.header.name, s.header.type, s.header.size, s.header.linkname, s.body.length]),
        [
          ['etc/', 'directory', 0, '', 0],
          ['etc/hosts', 'file', 700, '', 700],
          [long, 'file', 8, '', 8],
          ['bin/sh', 'symlink', 0, `/${long}`, 0],
          ['empty', 'file', 0, '', 0],
        ],
        `cut every ${chunk} bytes`,
      );
      assert.equal(seen[1].header.mode, 0o640);
      assert.equal(seen[2].body, 'long one');
    }
  });

  for (const format of ['gnu', 'ustar', 'pax']) {
    it(`reads GNU tar's ${format} format, long names and links included`, () => {
      const root = join(dir, format);
      const deep = join('a'.repeat(60), 'b'.repeat(60));
      mkdirSync(join(root, deep), { recursive: true });
      writeFileSync(join(root, deep, 'c'.repeat(30)), 'deep');
      symlinkSync('../target', join(root, 'link'));
      const archive = execFileSync('tar', ['-C', root, `--format=${format}`, '-cf', '-', '.']);
      const seen = walk(archive, 1000);
      const file = seen.find((s) => s.header.name.endsWith('c'.repeat(30)));
      assert.equal(file?.header.name, `./${deep}/${'c'.repeat(30)}`);
      assert.equal(file?.body, 'deep');
      assert.equal(seen.find((s) => s.header.type === 'symlink')?.header.linkname, '../target');
    });
  }

  it('says so when the archive stops inside an entry, or a header is not one', async () => {
    const archive = await packed([{ name: 'a', body: 'x'.repeat(2000) }]);
    const cut = new TarWalker({ header() {}, data() {}, end() {} });
    cut.push(archive.subarray(0, 1200));
    assert.throws(() => cut.end(), (e: Error) => e instanceof TarFormatError && /unexpected end of data/.test(e.message));
    const bad = new TarWalker({ header() {}, data() {}, end() {} });
    assert.throws(() => bad.push(Buffer.alloc(512, 'hello ')), (e: Error) => e instanceof TarFormatError && /bad checksum/.test(e.message));
  });

  it('reads a GNU base-256 size (files of 8 GB and more)', async () => {
    const archive = await packed([{ name: 'big', body: 'abc' }]);
    const header = Buffer.from(archive.subarray(0, 512));
    // 3 in base-256: the high bit marks it, the number sits in the field's last bytes
    header.fill(0, 124, 136);
    header[124] = 0x80;
    header[135] = 3;
    header.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    const seen = walk(Buffer.concat([header, archive.subarray(512)]), 100);
    assert.deepEqual([seen[0].header.size, seen[0].body], [3, 'abc']);
  });
});
