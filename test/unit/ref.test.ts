import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkRefOrId,
  familiarRef,
  normalizedRef,
  parseRef,
  parseRegistryHost,
  registryLabel,
  type ImageRef,
} from '../../src/domain/images/ref.js';

const HEX = 'a'.repeat(64);

describe('parseRef: valid references', () => {
  const table: [string, ImageRef, string][] = [
    ['busybox', { domain: 'docker.io', path: 'library/busybox', tag: null, digest: null }, 'docker.io/library/busybox:latest'],
    ['busybox:1.36', { domain: 'docker.io', path: 'library/busybox', tag: '1.36', digest: null }, 'docker.io/library/busybox:1.36'],
    ['user/app:v_1.0-rc', { domain: 'docker.io', path: 'user/app', tag: 'v_1.0-rc', digest: null }, 'docker.io/user/app:v_1.0-rc'],
    ['127.0.0.1:5055/imgsh-test/x:1', { domain: '127.0.0.1:5055', path: 'imgsh-test/x', tag: '1', digest: null }, '127.0.0.1:5055/imgsh-test/x:1'],
    ['localhost/app', { domain: 'localhost', path: 'app', tag: null, digest: null }, 'localhost/app:latest'],
    ['index.docker.io/busybox', { domain: 'docker.io', path: 'library/busybox', tag: null, digest: null }, 'docker.io/library/busybox:latest'],
    [`a/b@sha256:${HEX}`, { domain: 'docker.io', path: 'a/b', tag: null, digest: `sha256:${HEX}` }, `docker.io/a/b@sha256:${HEX}`],
    ['ghcr.io/o/r/deep__name.x-y:t', { domain: 'ghcr.io', path: 'o/r/deep__name.x-y', tag: 't', digest: null }, 'ghcr.io/o/r/deep__name.x-y:t'],
    // docker's rule: a first component with capitals is a registry host
    ['Registry/app', { domain: 'Registry', path: 'app', tag: null, digest: null }, 'Registry/app:latest'],
  ];
  for (const [input, parsed, normal] of table) {
    it(input, () => {
      assert.deepEqual(parseRef(input), parsed);
      assert.equal(normalizedRef(parsed), normal);
    });
  }

  it('familiar forms match what the engine lists', () => {
    assert.equal(familiarRef(parseRef('busybox')), 'busybox:latest');
    assert.equal(familiarRef(parseRef('docker.io/library/busybox:1')), 'busybox:1');
    assert.equal(familiarRef(parseRef('docker.io/user/app')), 'user/app:latest');
    assert.equal(familiarRef(parseRef('127.0.0.1:5055/a:1')), '127.0.0.1:5055/a:1');
  });
});

describe('parseRef: each mistake gets its own message', () => {
  const table: [string, RegExp][] = [
    ['Foo:bar', /invalid reference "Foo:bar": repository names must be lowercase \(try "foo:bar"\)/],
    ['user/App', /must be lowercase \(try "user\/app"\)/],
    // every component lowercased at once, the registry host and the tag as typed (issue 20)
    ['UX/Bad:1', /must be lowercase \(try "ux\/bad:1"\)/],
    ['127.0.0.1:5055/UX/Bad:Tag1', /must be lowercase \(try "127\.0\.0\.1:5055\/ux\/bad:Tag1"\)/],
    ['Example.COM/A/B', /must be lowercase \(try "Example\.COM\/a\/b"\)/],
    ['a::b', /"::" is not allowed/],
    ['x@sha256:short', /a sha256 digest must be 64 lowercase hex digits, this one has 5 characters/],
    [`x@sha256:${'A'.repeat(64)}`, /a sha256 digest must be 64 lowercase hex digits$/],
    [`x@md5:${HEX}`, /unsupported digest algorithm "md5"/],
    ['x@abc', /a digest is ALGORITHM:HEX/],
    ['busybox:', /nothing after ":"/],
    ['busybox:-x', /bad tag "-x"/],
    [`busybox:${'t'.repeat(129)}`, /bad tag/],
    ['', /it is empty/],
    ['bad name', /contains a space/],
    ['a//b', /empty path component/],
    ['a/', /empty path component/],
    ['a_-b', /bad name component "a_-b"/],
    [HEX, /an image id, not a name/],
    [`${'a'.repeat(256)}`, /longer than 255/],
    ['bad_host:5000/app', /bad registry host "bad_host:5000"/],
  ];
  for (const [input, message] of table) {
    it(JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input), () => {
      assert.throws(() => parseRef(input), message);
    });
  }
});

describe('refs or ids', () => {
  it('accepts ids and id prefixes where commands take either', () => {
    for (const ok of [HEX, `sha256:${HEX}`, 'sha256:4d5d', '4d5d3336d163', 'busybox:latest']) assert.doesNotThrow(() => checkRefOrId(ok), ok);
    assert.throws(() => checkRefOrId('Foo:bar'), /lowercase/);
  });
});

describe('registry hosts', () => {
  it('accepts host, host:port, URLs and Docker Hub spellings', () => {
    assert.equal(parseRegistryHost('127.0.0.1:5056'), '127.0.0.1:5056');
    assert.equal(parseRegistryHost('https://registry.example.com/v2/'), 'registry.example.com');
    for (const hub of ['', 'docker.io', 'index.docker.io', 'https://index.docker.io/v1/']) assert.equal(parseRegistryHost(hub), 'docker.io');
    assert.throws(() => parseRegistryHost('bad host'), /give HOST or HOST:PORT/);
    assert.equal(registryLabel('docker.io'), 'Docker Hub');
    assert.equal(registryLabel('127.0.0.1:5055'), '127.0.0.1:5055');
  });
});
