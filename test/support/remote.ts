// The remote endpoints provision.sh puts in front of the test engines: an sshd on 127.0.0.1
// (reached as ssh://imgsh-test-ssh through an `ssh` wrapper that adds the test's ssh config)
// and a second engine on tcp:// with TLS. Unset when IMGSH_TEST_DOCKER_HOST names an engine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker, fixtureRef, setting, testDockerHost } from './engine.js';

export const sshHost = setting('IMGSH_TEST_SSH_HOST');
export const sshBin = setting('IMGSH_TEST_SSH_BIN');
export const tlsHost = setting('IMGSH_TEST_TLS_HOST');
export const tlsCerts = setting('IMGSH_TEST_TLS_CERTS');
export const tlsWrongCa = setting('IMGSH_TEST_TLS_WRONG_CA');
export const secondEngine = setting('IMGSH_TEST_DOCKER_HOST2');

/**
 * The same sshd with the engine's socket in the URL (`ssh://imgsh-test-ssh/…/docker.sock`): the
 * socket is forwarded, no remote command runs. The "remote" is this machine, so it is the test
 * engine's own socket.
 */
export const sshSocketHost = sshHost && testDockerHost().startsWith('unix://') ? `${sshHost}${testDockerHost().slice('unix://'.length)}` : undefined;

export const skipSsh = !sshHost || !sshBin ? 'no test sshd (provision.sh starts one unless IMGSH_TEST_DOCKER_HOST is set)' : false;
export const skipTls = !tlsHost || !tlsCerts || !secondEngine ? 'no TLS test engine (provision.sh starts one unless IMGSH_TEST_DOCKER_HOST is set)' : false;

/** PATH with the test's ssh wrapper first (or another folder holding an `ssh`). */
export function pathWith(bin = sshBin!): string {
  return `${bin}:${process.env.PATH}`;
}

/**
 * A folder with an `ssh` wrapper whose config differs from the test's by `edit` (e.g. an empty
 * known_hosts), for the failure messages.
 */
export function sshVariant(edit: (config: string, dir: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-ssh-variant-'));
  const original = readFileSync(join(sshBin!, '..', 'config'), 'utf8');
  writeFileSync(join(dir, 'config'), edit(original, dir));
  writeFileSync(join(dir, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F '${join(dir, 'config')}' "$@"\n`);
  chmodSync(join(dir, 'ssh'), 0o755);
  return dir;
}

/** The ssh processes whose command line mentions `text` (to check none are left). */
export function sshProcesses(text: string): string[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-af', '^/usr/bin/ssh|^ssh '], { encoding: 'utf8' });
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  return out.split('\n').filter((l) => l.includes(text));
}
export const podmanHost = setting('IMGSH_TEST_PODMAN_HOST');
export const podman5Host = setting('IMGSH_TEST_PODMAN5_HOST');

/** Processes whose command line mentions `text` (pgrep -af lines). */
export function processesWith(text: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', text], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** Processes of socket forwards (the guarding sh and its ssh), by their socket folder's name. */
export const forwardProcesses = () => processesWith('imgsh-fwd-');

/** Tags the fixture as `tag` and waits (10 s at most) for its tag event on `events`. */
export async function tagEventArrives(events: AsyncIterable<{ action: string; name?: string }>, tag: string): Promise<boolean> {
  const got = (async () => {
    for await (const e of events) if (e.action === 'tag' && e.name === tag) return true;
    return false;
  })();
  await docker(['tag', fixtureRef(), tag]);
  const timeout = new Promise<false>((r) => setTimeout(() => r(false), 10_000).unref());
  return Promise.race([got, timeout]);
}
