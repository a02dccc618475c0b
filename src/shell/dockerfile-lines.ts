// Each layer's Dockerfile line for `imgsh layers` and the Layers pane: from imgsh's record of the
// build of the image (it built it under this name on this engine), else from the Dockerfile the
// image's `imgsh.dockerfile` label names (a build elsewhere: `--label imgsh.dockerfile=PATH`).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { layerLines } from '../domain/builds/build-record.js';
import { parseDockerfile } from '../domain/builds/dockerfile.js';
import { dockerfileLayerLines } from '../domain/builds/dockerfile-lines.js';
import type { LayerIndex } from '../domain/layers/layer-index.js';
import { layerInstructions } from '../domain/layers/layer-report.js';
import { lastRecord } from './build-records.js';
import type { CommandContext } from './command.js';

export const DOCKERFILE_LABEL = 'imgsh.dockerfile';

export interface DockerfileLines {
  /** Each layer's line, null for a layer no step of the Dockerfile made. */
  lines: (number | null)[];
  /** The Dockerfile's path, when known. */
  dockerfile: string | null;
}

/** The lines, when the record or the labelled Dockerfile lines up with the image's layers; else null. `labels`: the image's. */
export async function dockerfileLines(ctx: CommandContext, ref: string, index: LayerIndex, labels: Readonly<Record<string, string>>): Promise<DockerfileLines | null> {
  const instructions = layerInstructions(index);
  const endpoint = ctx.endpoint?.() ?? (await ctx.engine()).endpoint;
  const record = await lastRecord(endpoint.url, ref).catch(() => null);
  const recorded = record && layerLines(record, index.imageId, instructions);
  if (record && recorded) return { lines: recorded, dockerfile: record.dockerfile };
  const labelled = labels[DOCKERFILE_LABEL];
  if (!labelled) return null;
  const path = resolve(labelled);
  const text = await readFile(path, 'utf8').catch(() => null);
  const lines = text === null ? null : dockerfileLayerLines(parseDockerfile(text), instructions);
  return lines ? { lines, dockerfile: path } : null;
}
