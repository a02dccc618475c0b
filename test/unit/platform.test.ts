import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPlatform, formatPlatform, hostPlatform, parsePlatform, platformQuery, platformsText, samePlatform } from '../../src/domain/images/platform.js';
import { pickManifest, resolveLayout } from '../../src/domain/layers/layer-layout.js';

describe('platforms', () => {
  it('parses what docker takes for --platform, and refuses the rest in words', () => {
    assert.deepEqual(parsePlatform('linux/arm64'), { os: 'linux', architecture: 'arm64' });
    assert.deepEqual(parsePlatform('linux/arm/v7'), { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.deepEqual(parsePlatform('Linux/AMD64'), { os: 'linux', architecture: 'amd64' });
    for (const bad of ['', 'linux', 'arm64', 'linux/', 'a/b/c/d', 'linux/arm 64']) assert.throws(() => parsePlatform(bad), /is not a platform: write OS\/ARCH\[\/VARIANT\]/);
    assert.equal(formatPlatform(parsePlatform('linux/arm/v7')), 'linux/arm/v7');
    assert.equal(platformQuery({ os: 'linux', architecture: 'arm64' }), '{"os":"linux","architecture":"arm64"}');
  });

  it("names this machine's platform as the engine does", () => {
    assert.deepEqual(hostPlatform('x64'), { os: 'linux', architecture: 'amd64' });
    assert.deepEqual(hostPlatform('arm64'), { os: 'linux', architecture: 'arm64' });
    assert.deepEqual(hostPlatform('arm'), { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.ok(samePlatform({ os: 'linux', architecture: 'arm64', variant: 'v8' }, { os: 'linux', architecture: 'arm64' }));
    assert.ok(!samePlatform({ os: 'linux', architecture: 'arm', variant: 'v6' }, { os: 'linux', architecture: 'arm', variant: 'v7' }));
  });

  it("picks this machine's platform of several, else the first", () => {
    const amd = { os: 'linux', architecture: 'amd64' };
    const arm = { os: 'linux', architecture: 'arm64' };
    assert.deepEqual(defaultPlatform([arm, amd], amd), amd);
    assert.deepEqual(defaultPlatform([arm], amd), arm);
    assert.equal(platformsText([{ ...amd, available: true }, { ...arm, available: false }], amd), 'linux/amd64 (this machine), linux/arm64 (not pulled)');
  });

  it("follows an OCI index to this machine's manifest, past attestations and other platforms", () => {
    const entries = [
      { digest: 'sha256:aa', platform: { os: 'unknown', architecture: 'unknown' } },
      { digest: 'sha256:bb', platform: { os: 'linux', architecture: 'arm64' } },
      { digest: 'sha256:cc', platform: { os: 'linux', architecture: 'amd64' } },
    ];
    assert.equal(pickManifest(entries, { os: 'linux', architecture: 'amd64' })?.digest, 'sha256:cc');
    assert.equal(pickManifest(entries, { os: 'linux', architecture: 's390x' })?.digest, 'sha256:bb');
    const manifest = (layer: string) => JSON.stringify({ config: { digest: `sha256:c${layer}` }, layers: [{ digest: `sha256:${layer}` }] });
    const small = new Map([
      ['index.json', JSON.stringify({ manifests: [{ digest: 'sha256:0a' }] })],
      ['blobs/sha256/0a', JSON.stringify({ manifests: [{ digest: 'sha256:1a', platform: { os: 'linux', architecture: 'arm64' } }, { digest: 'sha256:2a', platform: { os: 'linux', architecture: hostPlatform().architecture } }] })],
      ['blobs/sha256/1a', manifest('a1')],
      ['blobs/sha256/2a', manifest('a2')],
    ]);
    const layout = resolveLayout(small);
    assert.ok(!('error' in layout));
    assert.deepEqual(layout.layers.map((l) => l.digest), hostPlatform().architecture === 'arm64' ? ['sha256:a1'] : ['sha256:a2']);
  });
});
