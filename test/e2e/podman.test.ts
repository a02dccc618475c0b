// The app on Podman's Docker-compatible socket, in a real terminal: its images, a status bar
// that says Podman, and `:build --buildkit` answered plainly; q restores the terminal.
import { describe, it } from 'node:test';
import { firstLegOnly } from '../support/engine.js';
import { podman5Host, podmanHost } from '../support/remote.js';
import { assertRestored, kill, sendKeys, sendText, startTmux, tmuxAvailable, waitFor } from '../support/tmux.js';

const userEngine = Boolean(process.env.IMGSH_TEST_DOCKER_HOST) && !process.env.IMGSH_TEST_PROVISIONED;
const podmen = [
  { name: 'Podman 4.3', host: podmanHost, skip: !podmanHost && 'no podman service (provision.sh starts one unless IMGSH_TEST_DOCKER_HOST is set)' },
  // a provisioned run has it (provision-podman5.sh), or fails below saying so
  { name: 'Podman 5', host: podman5Host, skip: !podman5Host && userEngine && 'IMGSH_TEST_DOCKER_HOST is given without IMGSH_TEST_PODMAN5_HOST' },
];

for (const p of podmen) describe(`the app on ${p.name}`, { skip: firstLegOnly || p.skip || (!tmuxAvailable() && 'tmux is not installed') }, () => {
  it('lists its images, names Podman in the status bar, and says it has no BuildKit', async () => {
    if (!p.host) throw new Error(`${p.name} did not start (test/support/provision-podman5.sh says why)`);
    const s = await startTmux({ env: { DOCKER_HOST: p.host } });
    try {
      await waitFor(s, /imgsh-fixture\/busybox/, 15_000);
      // the version comes just after the list (the list is asked first)
      await waitFor(s, /Podman \d+\.\d+\.\d+, API/, 5000);
      await sendText(s, ':build --buildkit .');
      await sendKeys(s, 'Enter');
      await waitFor(s, /Podman has no BuildKit \(it builds with Buildah\): build without --buildkit/, 15_000);
      await sendText(s, 'q');
      await assertRestored(s, 0, 10_000);
    } finally {
      await kill(s);
    }
  });
});
