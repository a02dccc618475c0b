import { extract, pack } from 'tar-stream';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import { parseRef } from '../../domain/images/ref.js';
import { createContainer, getArchive, inspectImageRaw, putArchive, removeContainerQuietly } from '../api/containers.js';
import { DEBUG_LABEL, debugLabelValue } from './debug-labels.js';
import { pullImage } from '../registry/pull.js';

/** A static busybox on Docker Hub (the musl build is statically linked). */
export const DEFAULT_TOOLBOX = 'busybox:musl';
/** Where the toolbox goes in the shell's container: outside any image's own files. */
export const TOOLBOX_DIR = '/.imgsh-toolbox';
const APPLETS = 'ash sh ls cat cp mv rm ln mkdir rmdir touch chmod chown find grep sed awk head tail less vi wc sort uniq tr cut env id ps kill df du stat which file tar gzip wget nc ip hostname uname date sleep echo printf test clear'.split(' ');

/** The toolbox image is not here and could not be pulled: one line on what to do. */
export class ToolboxError extends Error {
  constructor(image: string, why: string) {
    super(`no shell in this layer, and the toolbox image ${image} is not here and cannot be pulled (${why}): pull it (imgsh pull ${image}) or set IMGSH_TOOLBOX or "toolbox" in config.json to a static busybox image you have`);
    this.name = 'ToolboxError';
  }
}

async function ensureImage(endpoint: Endpoint, image: string): Promise<void> {
  if (await inspectImageRaw(endpoint, image)) return;
  const signal = new AbortController().signal;
  const failure = await Promise.resolve()
    .then(() => pullImage(endpoint, parseRef(image), { auth: null, signal, onProgress: () => {} }))
    .then(
    () => null,
    (e: Error) => e.message.split('\n')[0],
  );
  if (failure || !(await inspectImageRaw(endpoint, image))) throw new ToolboxError(image, failure ?? 'pull failed');
}

/** The toolbox's busybox as a tar for `/`: the binary in TOOLBOX_DIR and links for the common applets. */
async function toolboxTar(endpoint: Endpoint, image: string): Promise<Buffer> {
  const temp = await createContainer(endpoint, { Image: image, Cmd: ['true'], Labels: { [DEBUG_LABEL]: debugLabelValue() } });
  try {
    const source = await getArchive(endpoint, temp, '/bin/busybox');
    const binary = await new Promise<Buffer>((resolve, reject) => {
      const ex = extract();
      let found: Buffer | null = null;
      ex.on('entry', (header, stream, next) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: unknown) => chunks.push(c as Buffer));
        stream.on('end', () => {
          if (header.type === 'file') found = Buffer.concat(chunks);
          next();
        });
      });
      ex.on('finish', () => (found ? resolve(found) : reject(new ToolboxError(image, 'it has no /bin/busybox file'))));
      ex.on('error', reject);
      source.pipe(ex);
    });
    const out = pack();
    const name = TOOLBOX_DIR.slice(1);
    out.entry({ name: `${name}/`, type: 'directory', mode: 0o755 });
    out.entry({ name: `${name}/busybox`, mode: 0o755 }, binary);
    for (const applet of APPLETS) out.entry({ name: `${name}/${applet}`, type: 'symlink', linkname: 'busybox' });
    out.finalize();
    const parts: Buffer[] = [];
    for await (const c of out) parts.push(c as Buffer);
    return Buffer.concat(parts);
  } finally {
    await removeContainerQuietly(endpoint, temp);
  }
}

/**
 * Brings a static busybox into a created (not started) shell container without changing its
 * image: copied from the toolbox image (pulled if missing) into TOOLBOX_DIR.
 */
export async function addToolbox(endpoint: Endpoint, container: string, image: string): Promise<void> {
  await ensureImage(endpoint, image);
  await putArchive(endpoint, container, '/', await toolboxTar(endpoint, image));
}
