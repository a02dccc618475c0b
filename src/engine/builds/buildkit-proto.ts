import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BkStatus } from '../../domain/builds/buildkit-steps.js';

interface ProtoType {
  decode(data: Uint8Array): unknown;
  toObject(message: unknown, options: Record<string, unknown>): unknown;
}

let statusType: ProtoType | null = null;

/**
 * BuildKit's StatusResponse, from the .proto dockerode ships, decoded with the protobufjs that
 * dockerode depends on (resolved through dockerode, so it is the one installed beside it).
 */
function loadStatusType(): ProtoType {
  if (statusType) return statusType;
  const req = createRequire(import.meta.url);
  const dockerodeMain = req.resolve('dockerode');
  const protobuf = createRequire(dockerodeMain)('protobufjs') as { loadSync(path: string): { lookupType(name: string): ProtoType } };
  const root = protobuf.loadSync(join(dirname(dockerodeMain), 'proto', 'buildkit_status.proto'));
  statusType = root.lookupType('moby.buildkit.v1.StatusResponse');
  return statusType;
}

/** Decodes the base64 `aux` of a `moby.buildkit.trace` message. */
export function decodeTrace(aux: string): BkStatus {
  const type = loadStatusType();
  return type.toObject(type.decode(Buffer.from(aux, 'base64')), { longs: Number, defaults: false }) as BkStatus;
}
