import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import { buildPath } from '../transport/http.js';
import { readableChunks, type ChunkSource } from '../transport/chunk-source.js';
import { rawGet } from '../transport/raw-get.js';
import { requestStream } from '../transport/stream.js';
import type { Engine } from '../types.js';
import { platformQuery, type Platform } from '../../domain/images/platform.js';
import { isPlatformMissing, platformMissing } from '../platforms.js';

export interface SaveEstimate {
  /** Distinct image ids behind the references. */
  ids: string[];
  /** Sum of their sizes: the engine sends no Content-Length, the archive is about this big. */
  bytes: number;
}

/** Inspects every reference first: a missing image fails here, before any file is made. */
export async function estimateSave(engine: Engine, refs: readonly string[]): Promise<SaveEstimate> {
  const details = await Promise.all(refs.map((ref) => engine.inspectImage(ref)));
  const sizes = new Map(details.map((d) => [d.id, d.size]));
  let bytes = 0;
  for (const size of sizes.values()) bytes += size;
  return { ids: [...sizes.keys()], bytes };
}

/** The engine's tar archive of `refs` (docker-archive format on 20.10), as a stream. */
export async function openSaveStream(engine: Engine, refs: readonly string[], signal: AbortSignal, platform?: Platform): Promise<IncomingMessage> {
  // an archive of any size streams for as long as it takes
  if (!platform) return open(engine, refs, signal);
  // `platform` only where the engine takes it (requirePlatforms): the save and the layer index both come here
  return open(engine, refs, signal, { platform: platformQuery(platform) }).catch((e: unknown) => {
    throw isPlatformMissing(e) ? platformMissing(refs.join(', '), platform) : e;
  });
}

/**
 * The export of one image for a reader that checks it got all of it (the layer index: every
 * layer of the manifest; a file out of a layer: its whole body): off a unix socket without
 * node:http (raw-get.ts says why and what it costs), elsewhere as openSaveStream.
 */
export async function openCheckedExport(endpoint: Endpoint, imageId: string, signal: AbortSignal, platform?: Platform): Promise<ChunkSource> {
  if (endpoint.kind !== 'unix') return readableChunks(await openSaveStream({ endpoint } as Engine, [imageId], signal, platform));
  const query = { ...(platform ? { platform: platformQuery(platform) } : {}), names: [imageId] };
  return rawGet(endpoint, buildPath('/images/get', query), signal).catch((e: unknown) => {
    throw platform && isPlatformMissing(e) ? platformMissing(imageId, platform) : e;
  });
}

function open(engine: Engine, refs: readonly string[], signal: AbortSignal, query?: { platform: string }): Promise<IncomingMessage> {
  // as docker asks, one reference or several: the engine's refusals are then docker's words
  return requestStream(engine.endpoint, 'GET', '/images/get', { query: { ...query, names: [...refs] }, signal, timeoutMs: null });
}
