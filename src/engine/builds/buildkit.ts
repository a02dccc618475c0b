import type { Endpoint } from '../../domain/connection/endpoint.js';
import type { BuildEvent } from '../../domain/builds/build-steps.js';
import { BuildKitTracker } from '../../domain/builds/buildkit-steps.js';
import { parseDockerfile } from '../../domain/builds/dockerfile.js';
import { buildQuery, readLines, type BuildHooks, type BuildOptions, type BuildResult } from './build.js';
import { packContext } from './build-context.js';
import { decodeTrace } from './buildkit-proto.js';
import { dockerodeFor } from '../transport/dockerode.js';
import { EngineApiError } from '../transport/errors.js';
import { CancelledError, engineError } from '../transport/op-errors.js';
import { requestJson } from '../transport/stream.js';

type BkEvent = BuildEvent & { id?: string; aux?: unknown };

/**
 * Builds with BuildKit (Engine API `version=2`; dockerode opens the /session it needs) and
 * follows its progress as steps. BuildKit makes no per-step images: `imageId` is the result
 * only. Resolves also when the build fails (snapshot.failure says why).
 */
export async function runBuildKit(endpoint: Endpoint, opts: BuildOptions, hooks: BuildHooks): Promise<BuildResult> {
  const packed = await packContext(opts);
  hooks.onDockerfile?.(packed.dockerfileText);
  const docker = await dockerodeFor(endpoint);
  const df = parseDockerfile(packed.dockerfileText);
  const tracker = new BuildKitTracker(df, opts.target, (line) => hooks.onText?.(`${line}\n`));
  const network = opts.network ?? (await defaultNetwork(endpoint));
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(packed.tar as unknown as NodeJS.ReadableStream, {
      version: '2',
      ...buildQuery(opts, packed.dockerfileName, network),
      abortSignal: hooks.signal,
    } as Parameters<typeof docker.buildImage>[1]);
  } catch (err) {
    if (hooks.signal.aborted) throw new CancelledError('build');
    throw engineError(endpoint, err);
  }
  try {
    await readLines(stream, hooks.signal, (event: BkEvent) => {
      let changed = false;
      if (event.id === 'moby.buildkit.trace' && typeof event.aux === 'string') changed = tracker.apply(decodeTrace(event.aux));
      else if (event.id === 'moby.image.id') tracker.setImageId((event.aux as { ID?: string } | undefined)?.ID ?? '');
      else if (event.errorDetail || event.error) {
        tracker.fail(event.errorDetail?.message ?? event.error ?? 'build failed');
        changed = true;
      } else if (event.stream) hooks.onText?.(event.stream);
      if (changed) hooks.onUpdate?.(tracker.snapshot());
    });
  } catch (err) {
    // the engine stops a BuildKit build when its request goes away
    if (hooks.signal.aborted) throw new CancelledError('build');
    throw engineError(endpoint, err);
  }
  const snapshot = tracker.snapshot();
  hooks.onUpdate?.(snapshot);
  return { snapshot, dockerfileText: packed.dockerfileText, dockerfilePath: packed.dockerfilePath };
}

/**
 * BuildKit runs RUN steps on the engine's bridge network by default and fails ("network bridge
 * not found") on an engine without one (dockerd --bridge none); the legacy builder falls back
 * to no network there. Do the same.
 */
async function defaultNetwork(endpoint: Endpoint): Promise<string | undefined> {
  try {
    await requestJson(endpoint, 'GET', '/networks/bridge');
    return undefined;
  } catch (err) {
    return err instanceof EngineApiError && err.status === 404 ? 'none' : undefined;
  }
}
