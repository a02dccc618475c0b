// The ssh command line imgsh runs (as the docker CLI does) and how ssh's own words become one
// line that says what to do. The real sshd cases are in test/integration/engine-ssh.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHostUrl } from '../../src/domain/connection/endpoint.js';
import { EngineUnreachableError, sshMessage } from '../../src/engine/transport/errors.js';
import { sshArgs } from '../../src/engine/transport/ssh-dial.js';
import { forwardArgs } from '../../src/engine/transport/ssh-forward.js';

const ep = (url: string) => {
  const e = parseHostUrl(url, { from: 'flag' });
  assert.equal(e.kind, 'ssh');
  return e as Extract<typeof e, { kind: 'ssh' }>;
};

describe('ssh command line', () => {
  it('runs docker system dial-stdio in batch mode, with user and port only when given', () => {
    assert.deepEqual(sshArgs(ep('ssh://ops@box:2222')), [
      '-o', 'ConnectTimeout=30', '-o', 'BatchMode=yes', '-T', '-l', 'ops', '-p', '2222', '--', 'box', 'docker', 'system', 'dial-stdio',
    ]);
    assert.deepEqual(sshArgs(ep('ssh://box')).slice(-5), ['-T', '--', 'box', 'docker', 'system', 'dial-stdio'].slice(-5));
    assert.ok(!sshArgs(ep('ssh://box')).includes('-l'), 'the user comes from ~/.ssh/config when the URL has none');
  });
});

describe('ssh command line with the socket in the URL', () => {
  it('forwards the socket (no remote command), exits if it cannot, and ignores any ControlMaster of the user', () => {
    const e = ep('ssh://ops@box:2222/var/run/docker.sock');
    const args = forwardArgs({ ...e, socket: e.socket! }, '/tmp/imgsh-fwd-x/docker.sock');
    assert.deepEqual(args.slice(args.indexOf('-N')), [
      '-N', '-T', '-L', '/tmp/imgsh-fwd-x/docker.sock:/var/run/docker.sock', '-l', 'ops', '-p', '2222', '--', 'box',
    ]);
    for (const o of ['BatchMode=yes', 'ExitOnForwardFailure=yes', 'ControlMaster=no', 'ControlPath=none']) assert.ok(args.includes(o), o);
    assert.ok(!args.includes('docker'), 'nothing runs on the remote');
  });

  it('explains a socket that is not there, and a server that forbids forwarding', () => {
    const e = ep('ssh://ops@box/srv/d.sock');
    const missing = sshMessage(e, 'channel 1: open failed: connect failed: open failed');
    assert.match(missing, /ssh works, but no engine answered at \/srv\/d\.sock on box — check the path after the host in the URL/);
    const refused = sshMessage(e, 'channel 2: open failed: administratively prohibited: open failed');
    assert.match(refused, /does not allow socket forwarding \(AllowStreamLocalForwarding\) — allow it there, or leave \/srv\/d\.sock out of the URL/);
    for (const m of [missing, refused]) assert.ok(!m.includes('\n'));
  });
});

describe('ssh failures in plain words', () => {
  const box = ep('ssh://ops@box:2222');
  const cases: [string, RegExp][] = [
    ['Host key verification failed.', /does not trust the host key of box .* run `ssh -p 2222 ops@box` once/],
    ['ops@box: Permission denied (publickey).', /ssh login as ops@box was refused .*ssh-agent .*password prompts/],
    ['ssh: connect to host box port 2222: Connection refused', /ssh could not connect to box:2222 .*sshd runs there/],
    ['ssh: Could not resolve hostname box: Name or service not known', /unknown host box/],
    ['bash: line 1: docker: command not found', /box has no docker CLI/],
    ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', /ssh works, but the engine on box did not answer/],
    ['ssh: command not found', /no ssh client here/],
    ['something else', /over ssh \(ssh: something else\) — check that `ssh -p 2222 ops@box docker version` works/],
  ];
  for (const [said, re] of cases) {
    it(said, () => {
      const msg = sshMessage(box, said);
      assert.match(msg, re);
      assert.ok(msg.startsWith('cannot reach the Docker engine at ssh://ops@box:2222'));
      assert.ok(!msg.includes('\n'));
    });
  }
  it('is what EngineUnreachableError says for an ssh failure', () => {
    const err = new EngineUnreachableError(box, 'ESSH', 'Host key verification failed.');
    assert.match(err.message, /does not trust the host key/);
  });
});

describe('the docker CLI that opens shells reaches the same engine', () => {
  it('by context name for a context (its TLS files stay with it), else by DOCKER_HOST', async () => {
    const { cliEnv } = await import('../../src/engine/debug/debug-shell.js');
    const ctx = parseHostUrl('tcp://10.0.0.2:2376', { from: 'context', name: 'prod' });
    const env = cliEnv(ctx, { DOCKER_HOST: 'unix:///elsewhere.sock', HOME: '/h' });
    assert.equal(env.DOCKER_CONTEXT, 'prod');
    assert.equal(env.DOCKER_HOST, undefined);
    assert.equal(env.HOME, '/h');
    assert.equal(cliEnv(ep('ssh://ops@box:2222'), {}).DOCKER_HOST, 'ssh://ops@box:2222');
  });
});
