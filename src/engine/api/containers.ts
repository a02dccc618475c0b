// The container and image calls the debugger, the shells and `cp` make (create, archive in and
// out, commit, rename, remove), over the one request layer in stream.ts.
import type { CommitOptions } from '../operation-types.js';
import type { IncomingMessage } from 'node:http';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import { refPath } from '../transport/http.js';
import { requestJson, requestStream } from '../transport/stream.js';

export interface ContainerSpec {
  Image: string;
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  Labels?: Record<string, string>;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
}

export interface ContainerListing {
  Id: string;
  Names?: string[] | null;
  Labels?: Record<string, string> | null;
}

/** Creates a container (not started); resolves with its id. */
export async function createContainer(endpoint: Endpoint, spec: ContainerSpec): Promise<string> {
  return (await requestJson<{ Id: string }>(endpoint, 'POST', '/containers/create', { body: spec })).Id;
}

export async function removeContainer(endpoint: Endpoint, id: string): Promise<void> {
  await requestJson(endpoint, 'DELETE', `/containers/${encodeURIComponent(id)}`, { query: { force: true, v: true } });
}

export async function renameContainer(endpoint: Endpoint, id: string, name: string): Promise<void> {
  await requestJson(endpoint, 'POST', `/containers/${encodeURIComponent(id)}/rename`, { query: { name } });
}

/** Commits a container as an image with `changes` (Dockerfile lines, one each); resolves with the image id. */
export async function commitContainer(endpoint: Endpoint, id: string, changes: string | string[], opts: CommitOptions = {}, config: object = {}): Promise<string> {
  const query = { container: id, changes, repo: opts.repo, tag: opts.tag, comment: opts.comment, author: opts.author, pause: opts.pause === false ? false : undefined };
  // Podman reads a config from the body and fails on none; docker sends one too
  return (await requestJson<{ Id: string }>(endpoint, 'POST', '/commit', { query, body: config })).Id;
}

export async function startContainer(endpoint: Endpoint, id: string): Promise<void> {
  await requestJson(endpoint, 'POST', `/containers/${encodeURIComponent(id)}/start`);
}

/** Stops a running container at once (SIGKILL), errors ignored (it may have ended). */
export async function killContainerQuietly(endpoint: Endpoint, id: string): Promise<void> {
  await requestJson(endpoint, 'POST', `/containers/${encodeURIComponent(id)}/kill`).catch(() => {});
}

/** Waits for a container to end; resolves with its exit code. */
export async function waitContainer(endpoint: Endpoint, id: string): Promise<number> {
  return (await requestJson<{ StatusCode?: number }>(endpoint, 'POST', `/containers/${encodeURIComponent(id)}/wait`)).StatusCode ?? 0;
}

/** Runs `cmd` in a running container as `user`, detached, and polls until it ends; resolves with its exit code. */
export async function execAndWait(endpoint: Endpoint, id: string, cmd: string[], user: string): Promise<number> {
  const exec = await requestJson<{ Id: string }>(endpoint, 'POST', `/containers/${encodeURIComponent(id)}/exec`, { body: { Cmd: cmd, User: user } });
  await requestJson(endpoint, 'POST', `/exec/${exec.Id}/start`, { body: { Detach: true } });
  for (let waited = 0; waited < 10_000; waited += 50) {
    const state = await requestJson<{ Running?: boolean; ExitCode?: number | null }>(endpoint, 'GET', `/exec/${exec.Id}/json`);
    if (!state.Running) return state.ExitCode ?? 0;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${cmd.join(' ')} did not end in 10 s`);
}

/** A container's inspect document, or null when there is none by that name or id. */
export function inspectContainer<T>(endpoint: Endpoint, id: string): Promise<T | null> {
  return requestJson<T>(endpoint, 'GET', `/containers/${encodeURIComponent(id)}/json`).catch(() => null);
}

/** An image's inspect document, or null when there is none by that reference. */
export function inspectImageRaw<T>(endpoint: Endpoint, ref: string): Promise<T | null> {
  return requestJson<T>(endpoint, 'GET', `/images/${refPath(ref)}/json`).catch(() => null);
}

export async function listContainers(endpoint: Endpoint, filters: Record<string, string[]>): Promise<ContainerListing[]> {
  return (await requestJson<ContainerListing[] | null>(endpoint, 'GET', '/containers/json', { query: { all: true, filters } })) ?? [];
}

export async function listImagesRaw(endpoint: Endpoint, filters: Record<string, string[]>): Promise<ContainerListing[]> {
  return (await requestJson<ContainerListing[] | null>(endpoint, 'GET', '/images/json', { query: { all: true, filters } })) ?? [];
}

/** Removes a container (and its volumes), errors ignored (it may be gone already). */
export async function removeContainerQuietly(endpoint: Endpoint, id: string): Promise<void> {
  await removeContainer(endpoint, id).catch(() => {});
}

/** DELETE /images/ID, errors ignored (the image may be gone or in use). */
export async function removeImageQuietly(endpoint: Endpoint, id: string, opts: { force: boolean } = { force: true }): Promise<void> {
  await requestJson(endpoint, 'DELETE', `/images/${refPath(id)}`, { query: { force: opts.force, noprune: false } }).catch(() => {});
}

/** The tar of `path` in a container (the engine's archive endpoint). */
export function getArchive(endpoint: Endpoint, id: string, path: string, signal?: AbortSignal): Promise<IncomingMessage> {
  return requestStream(endpoint, 'GET', `/containers/${encodeURIComponent(id)}/archive`, { query: { path }, signal, timeoutMs: null });
}

/** Unpacks a tar at `path` in a container. */
export async function putArchive(endpoint: Endpoint, id: string, path: string, tar: Buffer): Promise<void> {
  const res = await requestStream(endpoint, 'PUT', `/containers/${encodeURIComponent(id)}/archive`, {
    query: { path },
    body: tar,
    headers: { 'Content-Type': 'application/x-tar' },
  });
  res.resume();
}
