// The app on Podman's Docker-compatible socket, in a real terminal: its images, a status bar
// that says Podman, and `:build --buildkit` answered plainly; q restores the terminal.
import { describe, it } from 'node:test';
import { podmanHost } from '../support/remote.js';
import { assertRestored, kill, sendKeys, sendText, startTmux, tmuxAvailable, waitFor } from '../support/tmux.js';

const skip = !podmanHost ? 'no podman service (provision.sh starts one unless IMGSH_TEST_DOCKER_HOST is set)' : !tmuxAvailable() && 'tmux is not installed';

describe('the app on Podman', { skip }, () => {
  it('lists its images, names Podman in the status bar, and says it has no BuildKit', async () => {
    const s = await startTmux({ env: { DOCKER_HOST: podmanHost! } });
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
