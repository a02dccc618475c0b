import { spawn } from 'node:child_process';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import {
  commitContainer,
  createContainer,
  getArchive,
  inspectContainer,
  inspectImageRaw,
  putArchive,
  removeContainerQuietly,
  removeImageQuietly,
  execAndWait,
  killContainerQuietly,
  startContainer,
  waitContainer,
  type ContainerSpec,
} from '../api/containers.js';
import { commitTemporary } from './debug-artifacts.js';
import { DEBUG_LABEL, debugLabelValue } from './debug-labels.js';
import { parseShellRecord } from '../../domain/builds/shell-record.js';
import { childStdio, stopReading } from '../../terminal/tty-input.js';
import { doneTar, readShellLog, RECORDER_DIR, RECORDER_RC, recorderTar } from './shell-recorder.js';
import { addToolbox, DEFAULT_TOOLBOX, TOOLBOX_DIR, ToolboxError } from './toolbox.js';
import type { CommitOptions, ShellRequest, ShellResult } from '../operation-types.js';
export type { ShellRequest, ShellResult };

/** The image has neither /bin/sh nor /bin/bash (FROM scratch): nothing to hand the terminal to. */
export class NoShellError extends Error {
  constructor(image: string) {
    super(`this layer has no shell (${image} has neither /bin/sh nor /bin/bash): add one to the image or pick a later step`);
    this.name = 'NoShellError';
  }
}

/** One line for a shell that could not be had: a missing shell or toolbox says what to do; anything else its first line. */
export function shellErrorLine(e: unknown): string {
  return e instanceof NoShellError || e instanceof ToolboxError ? e.message : `shell: ${(e as Error).message.split('\n')[0]}`;
}

/**
 * The shell's own variables come as arguments ($1–$3), not as the container's environment: a
 * committed shell container (`:commit` in the app) would carry its environment into the image.
 * Started again with RECORDER_DIR/done in place, the script waits while imgsh removes, as root
 * (the layer's user may be another), what it put into the container (the recorder, the
 * toolbox), and ends once they are gone: what is left is what the user did.
 */
const setUp = (sleep: string) => `if [ -e ${RECORDER_DIR}/done ]; then while [ -e ${RECORDER_DIR}/done ]; do ${sleep} 0.1 2>/dev/null; done; exit 0; fi
IMGSH_FAILED_CMD=$1 IMGSH_LAYER=$2 IMGSH_TOOLBOX=$3 ENV=${RECORDER_RC}
export IMGSH_FAILED_CMD IMGSH_LAYER IMGSH_TOOLBOX ENV
`;

// Says where the shell is and prints the failed command. The image's WORKDIR, ENV and USER apply as they are.
const SAY_WHERE = `printf '\\033[1mimgsh:\\033[0m shell in %s — exit to go back\\n' "$IMGSH_LAYER"
if [ -n "$IMGSH_FAILED_CMD" ]; then printf 'failed command (retry: sh -c "$IMGSH_FAILED_CMD"):\\n  %s\\n' "$IMGSH_FAILED_CMD"; fi`;
// bash when the layer has it; either reads the recorder's rc (bash by --rcfile, sh by $ENV)
const GREETING = `${setUp('sleep')}${SAY_WHERE}
if [ -x /bin/bash ]; then exec /bin/bash --rcfile ${RECORDER_RC} -i; fi
exec /bin/sh -i`;
// A layer without a shell (distroless, scratch): the toolbox's busybox, on PATH after the image's own tools.
const TOOLBOX_GREETING = `${setUp(`${TOOLBOX_DIR}/busybox sleep`)}export PATH="\${PATH:+$PATH:}${TOOLBOX_DIR}"
printf '\\033[1mimgsh:\\033[0m no shell in this layer: using the toolbox (%s)\\n' "$IMGSH_TOOLBOX"
${SAY_WHERE}
exec ${TOOLBOX_DIR}/busybox sh -i`;

async function exists(endpoint: Endpoint, container: string, path: string): Promise<boolean> {
  // A GET answers 404 when the path is missing; the tar stream is dropped unread.
  try {
    const stream = await getArchive(endpoint, container, path);
    stream.destroy();
    return true;
  } catch {
    return false;
  }
}

/** Creates the shell's container (labelled, not started); throws NoShellError when the image has no shell. */
export async function createShellContainer(endpoint: Endpoint, req: ShellRequest, shown = req.image): Promise<string> {
  const toolbox = req.toolbox || process.env.IMGSH_TOOLBOX || DEFAULT_TOOLBOX;
  const create = (shell: string[], script = GREETING) =>
    createContainer(endpoint, {
      Image: req.image,
      Entrypoint: [...shell, '-c', script, 'imgsh-shell', req.failedCmd ?? '', shown, toolbox],
      Cmd: [],
      Tty: true,
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Labels: { [DEBUG_LABEL]: debugLabelValue() },
    } satisfies ContainerSpec);
  const container = await create(['/bin/sh']);
  // the recorder notes each command and its status, for the fix proposed when the shell ends
  const recording = async (id: string) => {
    await putArchive(endpoint, id, '/', await recorderTar());
    return id;
  };
  // the recorder goes in while /bin/sh is looked for (the usual case: one round trip less)
  const [sh, recorded] = await Promise.all([exists(endpoint, container, '/bin/sh'), recording(container).then(() => true, () => false)]);
  if (sh && recorded) return container;
  if (sh) return recording(container);
  const bash = await exists(endpoint, container, '/bin/bash');
  await removeContainerQuietly(endpoint, container);
  if (bash) return recording(await create(['/bin/bash']));
  const boxed = await create([`${TOOLBOX_DIR}/busybox`, 'sh'], TOOLBOX_GREETING);
  try {
    await addToolbox(endpoint, boxed, toolbox);
    return await recording(boxed);
  } catch (err) {
    await removeContainerQuietly(endpoint, boxed);
    throw err;
  }
}

/**
 * The docker CLI's environment for the same engine. A context is passed by name: its TLS
 * files live with it, and DOCKER_HOST would override it.
 */
export function cliEnv(endpoint: Endpoint, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (endpoint.source.from === 'context') {
    const { DOCKER_HOST: _ignored, ...rest } = env;
    return { ...rest, DOCKER_CONTEXT: endpoint.source.name };
  }
  return { ...env, DOCKER_HOST: endpoint.url.startsWith('/') ? `unix://${endpoint.url}` : endpoint.url };
}

/** As cliEnv; a forwarded ssh socket is handed over as the local socket (docker CLIs before 23 refuse a path in ssh://). */
async function shellEnv(endpoint: Endpoint): Promise<NodeJS.ProcessEnv> {
  if (endpoint.kind !== 'ssh' || !endpoint.socket) return cliEnv(endpoint);
  const { forwardedSocket } = await import('../transport/ssh-forward.js');
  const { DOCKER_CONTEXT: _ignored, ...rest } = process.env;
  return { ...rest, DOCKER_HOST: `unix://${await forwardedSocket({ ...endpoint, socket: endpoint.socket })}` };
}

/**
 * Runs an interactive shell in `image` on this terminal (the docker CLI attaches, passing
 * resizes through) and removes its container afterwards — also on SIGHUP, and if Ctrl-C
 * reaches us. Resolves with the shell's exit code and what ran in it. The caller has given up the terminal.
 */
export async function runShell(endpoint: Endpoint, req: ShellRequest): Promise<ShellResult> {
  // a kept failed state is a stopped container: committed for the shell's time only (so its
  // shell's container is not kept: its image goes with it)
  const temporary = await committedIfContainer(endpoint, req.image);
  try {
    return await runShellIn(endpoint, temporary ? { ...req, image: temporary, keep: false } : req, req.image);
  } finally {
    if (temporary) await removeImageQuietly(endpoint, temporary);
  }
}

/** When `ref` names no image but a container, commits that container (labelled) and returns the image id. */
async function committedIfContainer(endpoint: Endpoint, ref: string): Promise<string | null> {
  if (await inspectImageRaw(endpoint, ref)) return null;
  if (!(await inspectContainer(endpoint, ref))) return null;
  return commitTemporary(endpoint, ref);
}

async function runShellIn(endpoint: Endpoint, req: ShellRequest, shown: string): Promise<ShellResult> {
  const id = await createShellContainer(endpoint, req, shown);
  let kept = false;
  const env = await shellEnv(endpoint);
  const ignore = () => {};
  let hangup: (() => void) | null = null;
  process.on('SIGINT', ignore);
  stopReading(process.stdin);
  try {
    const code = await new Promise<number>((resolve) => {
      const tty = childStdio();
      const child = spawn('docker', ['start', '-ai', id], { stdio: tty.stdio, env });
      child.on('close', tty.close);
      hangup = () => {
        child.kill('SIGHUP');
        // the terminal is gone: remove the container, then go — unless the app listens too:
        // it then ends itself and removes the rest of this run (its failed state) on the way out
        const alone = process.listenerCount('SIGHUP') <= 1;
        void removeContainerQuietly(endpoint, id).finally(() => alone && process.exit(129));
      };
      process.on('SIGHUP', hangup);
      child.on('error', (err) => {
        process.stderr.write(`imgsh: cannot run the docker CLI (${err.message}): install it to open shells\n`);
        resolve(127);
      });
      child.on('exit', (code) => resolve(code ?? 1));
    });
    const commands = parseShellRecord(await readShellLog(endpoint, id));
    kept = req.keep === true && code !== 127;
    return kept ? { code, commands, container: id } : { code, commands };
  } finally {
    process.off('SIGINT', ignore);
    if (hangup) process.off('SIGHUP', hangup);
    if (!kept) await removeContainerQuietly(endpoint, id);
  }
}

/**
 * A kept shell's container as an image (`:commit` in the app): imgsh's own files taken out
 * first (the container runs once more with RECORDER_DIR/done, see setUp), then committed with
 * the configuration of the image the shell ran in, so the entrypoint, command, environment and
 * labels are that image's, not the shell's (`changes`, Dockerfile lines, apply on top). The
 * container is removed afterwards.
 */
export async function commitShell(endpoint: Endpoint, container: string, image: string, opts: CommitOptions = {}, changes: string[] = []): Promise<string> {
  const info = await inspectContainer<{ Image?: string; Config?: { Entrypoint?: string[] | null } }>(endpoint, container);
  if (!info) throw new Error(`the shell's container is gone: open the shell again (x) and commit after it`);
  // a commit that failed (a bad -c line) after the clean-up is tried again without it
  if (await exists(endpoint, container, RECORDER_DIR)) {
    await putArchive(endpoint, container, RECORDER_DIR, await doneTar());
    await startContainer(endpoint, container);
    // the toolbox's busybox where the layer has no shell of its own
    const boxed = (info.Config?.Entrypoint ?? [])[0]?.startsWith(TOOLBOX_DIR);
    const rm = [...(boxed ? [`${TOOLBOX_DIR}/busybox`] : []), 'rm', '-rf', RECORDER_DIR, TOOLBOX_DIR];
    const removed = await execAndWait(endpoint, container, rm, '0').catch(() => 1);
    // the script waits for files that stay: stopped, and the check below says why
    if (removed !== 0) await killContainerQuietly(endpoint, container);
    await waitContainer(endpoint, container);
    if (await exists(endpoint, container, RECORDER_DIR)) throw new Error(`imgsh could not take its files (${RECORDER_DIR}) out of the shell's container; nothing was committed`);
  }
  // the image the container was made from, by id (a tag may have moved since)
  const config = (await inspectImageRaw<{ Config?: Record<string, unknown> | null }>(endpoint, info.Image ?? image))?.Config ?? {};
  // the engine fills what the body leaves empty from the container: an empty list is not empty there
  const body = { ...config, Entrypoint: config.Entrypoint ?? [], Cmd: config.Cmd ?? [], Labels: { ...(config.Labels as Record<string, string> | null), [DEBUG_LABEL]: '' } };
  const id = await commitContainer(endpoint, container, changes, { ...opts, pause: false }, body);
  await removeContainerQuietly(endpoint, container);
  return id;
}

