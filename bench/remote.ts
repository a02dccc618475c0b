// First frame of the app with 100 images: on the local socket, over ssh:// (the test sshd on
// loopback, through the system ssh client) and over tcp:// with TLS (the second test engine).
// Target (issue #6): over ssh under 2× the local figure.
import { execFileSync } from 'node:child_process';
import { timeCommand, timeToScreen, type Timing } from './measure.js';
import { fixtureRef, testDockerHost } from '../test/support/engine.js';
import { secondEngine, sshBin, sshHost, sshSocketHost, tlsCerts, tlsHost } from '../test/support/remote.js';

const IMAGES = 100;
const REPO = 'imgsh-bench/remote';
const fmt = (t: Timing) => `${t.median.toFixed(0)} ms (p90 ${t.p90.toFixed(0)}, ${t.runs} runs)`;

function docker(host: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  return execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: host, ...extra }, stdio: ['ignore', 'pipe', 'inherit'] });
}

/** The first frame shows "N of N" once the list is in. */
const framed = /\b(\d{3,}) of \1\b/;

export async function remoteFirstFrame(): Promise<void> {
  const local = testDockerHost();
  const ssh = sshHost;
  const tls = tlsHost;
  const tlsEngine = secondEngine;
  if (!ssh || !sshBin) {
    console.log('remote first frame: skipped (no test sshd: IMGSH_TEST_SSH_HOST unset)');
    return;
  }
  const tags = Array.from({ length: IMAGES }, (_, i) => `${REPO}${i}:bench`);
  const engines = [local, ...(tls && tlsEngine ? [tlsEngine] : [])];
  for (const host of engines) for (const t of tags) docker(host, ['tag', fixtureRef(), t]);
  try {
    const base = { ...process.env, NO_COLOR: '1', PATH: `${sshBin}:${process.env.PATH}` };
    const onLocal = await timeToScreen('node bin/imgsh.js', framed, { ...base, DOCKER_HOST: local });
    const onSsh = await timeToScreen('node bin/imgsh.js', framed, { ...base, DOCKER_HOST: ssh });
    console.log(`first frame, ${IMAGES}+ images: local ${fmt(onLocal)} | ssh:// (dial-stdio) ${fmt(onSsh)} | ratio ${(onSsh.median / onLocal.median).toFixed(2)}× (target < 2×)`);
    if (sshSocketHost) {
      const onFwd = await timeToScreen('node bin/imgsh.js', framed, { ...base, DOCKER_HOST: sshSocketHost });
      console.log(`  ssh:// with the socket's path (forwarded): ${fmt(onFwd)} | ratio ${(onFwd.median / onLocal.median).toFixed(2)}× (target < 2×)`);
    }
    if (tls && tlsEngine) {
      const certs = { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tlsCerts };
      const onTls = await timeToScreen('node bin/imgsh.js', framed, { ...base, ...certs, DOCKER_HOST: tls });
      console.log(`  tcp:// with TLS: ${fmt(onTls)} (${(onTls.median / onLocal.median).toFixed(2)}× local)`);
    }
    // the docker CLI over the same ssh, for scale: its own ssh cost against its local figure
    const dockerLocal = timeCommand('docker', ['images'], { ...base, DOCKER_HOST: local }, 9);
    const dockerSsh = timeCommand('docker', ['images'], { ...base, DOCKER_HOST: ssh }, 9);
    const oursSsh = timeCommand('node', ['bin/imgsh.js', 'images'], { ...base, DOCKER_HOST: ssh }, 9);
    console.log(`  one-shot \`images\` over ssh: imgsh ${fmt(oursSsh)} | docker ${fmt(dockerSsh)} (docker local ${fmt(dockerLocal)}: ${(dockerSsh.median / dockerLocal.median).toFixed(1)}× for docker's own ssh)`);
    if (sshSocketHost) {
      const oursFwd = timeCommand('node', ['bin/imgsh.js', 'images'], { ...base, DOCKER_HOST: sshSocketHost }, 9);
      console.log(`  one-shot \`images\` over ssh with the socket forwarded: imgsh ${fmt(oursFwd)} (${(oursFwd.median / dockerSsh.median).toFixed(2)}× docker's ssh)`);
    }
    const sshAlone = timeSsh(sshBin, ssh.replace(/^ssh:\/\//, ''));
    console.log(`  (one \`ssh HOST true\` alone: ${sshAlone.toFixed(0)} ms)`);
  } finally {
    for (const host of engines) docker(host, ['rmi', '--no-prune', ...tags]);
  }
}

function timeSsh(bin: string, host: string): number {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    execFileSync(`${bin}/ssh`, [host, 'true']);
    runs.push(performance.now() - t);
  }
  return runs.sort((a, b) => a - b)[2];
}

if (import.meta.url === `file://${process.argv[1]}`) await remoteFirstFrame();
