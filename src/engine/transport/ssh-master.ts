import { type ChildProcess } from 'node:child_process';
import { existsSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Endpoint } from '../../domain/connection/endpoint.js';

type SshEndpoint = Extract<Endpoint, { kind: 'ssh' }>;

/**
 * An ssh login costs ~200–300 ms (key exchange, auth) and every session on the remote another
 * ~100+ ms (the user's shell starts): the app opens several connections at once (list,
 * containers, disk usage, events). So, per endpoint, the first connection logs in as an ssh
 * ControlMaster and carries HTTP itself; the connections after it wait for it and ride on it
 * as sessions of the same login. When the master goes (or never came up: ssh refused it), the
 * next connection becomes the master, and ssh's own error reaches the user from there.
 */
export type MasterPlan =
  | { role: 'master'; args: string[]; started(child: ChildProcess): void }
  | { role: 'rider'; args: Promise<string[]> };

interface Master {
  path: string;
  ready: Promise<string[]>;
  child: ChildProcess | null;
}

const masters = new Map<string, Master>();
let count = 0;
const READY_TIMEOUT_MS = 35_000;

export function claimMaster(endpoint: SshEndpoint): MasterPlan {
  const current = masters.get(endpoint.url);
  if (current) return { role: 'rider', args: current.ready };
  if (masters.size === 0) process.once('exit', stopMasters);
  // a worker thread (the layer indexer) has masters of its own: the thread id keeps paths apart
  const path = join(tmpdir(), `imgsh-ssh-${process.pid}-${threadId}-${++count}`);
  let settle: (args: string[]) => void = () => {};
  const master: Master = { path, child: null, ready: new Promise((r) => (settle = r)) };
  masters.set(endpoint.url, master);
  const forget = () => {
    if (masters.get(endpoint.url) === master) masters.delete(endpoint.url);
  };
  return {
    role: 'master',
    args: ['-o', 'ControlMaster=yes', '-o', `ControlPath=${path}`, '-o', 'ControlPersist=no'],
    started(child) {
      master.child = child;
      const startedAt = Date.now();
      const poll = setInterval(() => {
        if (existsSync(path)) done(['-o', 'ControlMaster=no', '-o', `ControlPath=${path}`]);
        else if (Date.now() - startedAt > READY_TIMEOUT_MS) done([]);
      }, 10);
      poll.unref();
      const done = (args: string[]) => {
        clearInterval(poll);
        settle(args);
      };
      child.on('error', () => (forget(), done([])));
      child.on('close', () => (forget(), done([])));
    },
  };
}

function stopMasters() {
  for (const { child, path } of masters.values()) {
    child?.kill();
    try {
      unlinkSync(path);
    } catch {
      // ssh removed it
    }
  }
  masters.clear();
}
