import type { Endpoint } from '../../domain/connection/endpoint.js';
import { BuildTracker, type BuildEvent } from '../../domain/builds/build-steps.js';
import { firstHeredoc, parseDockerfile } from '../../domain/builds/dockerfile.js';
import { packContext } from './build-context.js';
import type { Query } from '../transport/http.js';
import { removeContainerQuietly } from '../api/containers.js';
import { isConnectionReset, unreachableFrom } from '../transport/errors.js';
import { CancelledError } from '../transport/op-errors.js';
import { requestStream } from '../transport/stream.js';
import { isPodman } from '../api/product.js';
import type { BuildOptions, BuildHooks, BuildResult } from '../operation-types.js';
export type { BuildOptions, BuildHooks, BuildResult };

/** The Dockerfile has a heredoc (`RUN <<EOF`), which the legacy builder cannot read. */
export class NeedsBuildKitError extends Error {
  constructor(readonly line: number) {
    super(`line ${line} has a heredoc, which only BuildKit reads`);
    this.name = 'NeedsBuildKitError';
  }
}

/** The build options both builders send (the Engine API's /build query). */
export function buildQuery(opts: BuildOptions, dockerfile: string, network: string | undefined): Query {
  return {
    dockerfile,
    ...(opts.tags.length ? { t: opts.tags } : {}),
    ...(opts.target ? { target: opts.target } : {}),
    ...(Object.keys(opts.buildArgs).length ? { buildargs: opts.buildArgs } : {}),
    ...(Object.keys(opts.labels).length ? { labels: opts.labels } : {}),
    ...(opts.noCache ? { nocache: true } : {}),
    ...(opts.pull ? { pull: 'true' } : {}),
    ...(network ? { networkmode: network } : {}),
  };
}

/**
 * Builds with the legacy builder, which leaves an image per step; forcerm:false keeps the
 * failed step's container so its state can be committed. Resolves also when the build fails
 * (snapshot.failure says why); rejects only when the build could not run at all.
 */
export async function runBuild(endpoint: Endpoint, opts: BuildOptions, hooks: BuildHooks): Promise<BuildResult> {
  const packed = await packContext(opts);
  const heredoc = firstHeredoc(parseDockerfile(packed.dockerfileText));
  if (heredoc) throw new NeedsBuildKitError(heredoc.startLine);
  hooks.onDockerfile?.(packed.dockerfileText);
  const tracker = new BuildTracker();
  let stream: NodeJS.ReadableStream;
  try {
    stream = await requestStream(endpoint, 'POST', '/build', {
      query: {
        version: '1',
        rm: true,
        // Podman keeps no failed container the API can see (Buildah's working container would
        // be left behind, invisible): there, everything goes.
        forcerm: await isPodman(endpoint),
        ...buildQuery(opts, packed.dockerfileName, opts.network),
      },
      body: packed.tar,
      headers: { 'Content-Type': 'application/x-tar' },
      signal: hooks.signal,
    });
  } catch (err) {
    if (hooks.signal.aborted) throw new CancelledError('build');
    throw err; // a Dockerfile parse error is a 400 here
  }
  try {
    await readLines(stream, hooks.signal, (event) => {
      if (event.stream) hooks.onText?.(event.stream);
      if (tracker.apply(event)) hooks.onUpdate?.(tracker.snapshot());
    });
  } catch (err) {
    // a cancelled build may leave its running container: remove it
    const running = tracker.snapshot().steps.at(-1)?.containerId;
    if (running) await removeContainerQuietly(endpoint, running);
    if (hooks.signal.aborted) throw new CancelledError('build');
    // the engine went away mid-build (its answer cut off): said as for any lost engine
    if (isConnectionReset(err)) throw unreachableFrom(endpoint, err);
    throw err;
  }
  tracker.flush();
  const snapshot = tracker.snapshot();
  hooks.onUpdate?.(snapshot);
  return { snapshot, dockerfileText: packed.dockerfileText, dockerfilePath: packed.dockerfilePath };
}

/** Calls `onEvent` with each JSON line of a build stream; rejects on abort or a stream error. */
export function readLines(stream: NodeJS.ReadableStream & { destroy?(): void }, signal: AbortSignal, onEvent: (e: BuildEvent) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onAbort = () => {
      stream.destroy?.();
      reject(signal.reason ?? new Error('aborted'));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const line = (text: string) => {
      if (!text.trim()) return;
      try {
        onEvent(JSON.parse(text) as BuildEvent);
      } catch {
        // not JSON: skip
      }
    };
    stream.setEncoding?.('utf8');
    stream.on('data', (chunk: Buffer | string) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      lines.forEach(line);
    });
    stream.on('end', () => {
      line(buffer);
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    stream.on('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(err);
    });
  });
}
