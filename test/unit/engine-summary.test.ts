import assert from 'node:assert/strict';
import { test } from 'node:test';
import { engineShortSummary, engineSummary } from '../../src/domain/connection/engine-summary.js';
import type { EngineCapabilities } from '../../src/domain/images/details.js';

const caps = (over: Partial<EngineCapabilities>): EngineCapabilities => ({ apiVersion: '1.51', product: 'docker', containerdStore: false, buildkit: true, platforms: false, ...over });

test('the status bar names the store and BuildKit as found at connect', () => {
  const docker28 = { version: '28.5.2+dfsg3', apiVersion: '1.51', os: 'linux', arch: 'amd64' };
  assert.equal(engineSummary(docker28, caps({ containerdStore: true, platforms: true })), 'Docker 28.5.2+dfsg3, API 1.51, containerd store, BuildKit');
  assert.equal(engineSummary({ ...docker28, version: '20.10.24' , apiVersion: '1.41' }, caps({ apiVersion: '1.41' })), 'Docker 20.10.24, API 1.41, BuildKit');
  const podman = { product: 'Podman', version: '5.8.6', apiVersion: '1.41', os: 'linux', arch: 'amd64' };
  assert.equal(engineSummary(podman, caps({ product: 'podman', buildkit: false })), 'Podman 5.8.6, API 1.41, no BuildKit');
  // before the capabilities are in, only what /version said
  assert.equal(engineSummary(podman, null), 'Podman 5.8.6, API 1.41');
  assert.equal(engineShortSummary(docker28), 'Docker 28.5.2');
});
