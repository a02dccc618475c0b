import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { Endpoint, TlsMaterial } from '../../domain/connection/endpoint.js';
import type { ForwardEndpoint } from './ssh-forward.js';

/** What a request needs to reach the engine: the request function and the base options. */
export interface Transport {
  request: typeof http.request;
  /** Options for one request; `pooled` shares keep-alive connections (not for long streams). */
  options(pooled: boolean): Promise<http.RequestOptions>;
  close(): void;
}

export interface TlsOptions {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

/** Node TLS options from PEM file paths (read now; missing files are left out). */
export function tlsOptions(tls: TlsMaterial, read: (path: string) => Buffer = readFileSync): TlsOptions {
  const out: TlsOptions = { rejectUnauthorized: tls.verify };
  if (tls.ca) out.ca = read(tls.ca);
  if (tls.cert) out.cert = read(tls.cert);
  if (tls.key) out.key = read(tls.key);
  return out;
}

/**
 * Plain HTTP has no TLS server name; without one Node's agent derives it from the host with
 * net.isIP, whose first call compiles the IPv6 pattern: ~4 ms of every start, measured.
 */
const NO_SERVERNAME = { servername: '' } as http.RequestOptions;

export async function createTransport(endpoint: Endpoint): Promise<Transport> {
  switch (endpoint.kind) {
    case 'unix': {
      const agent = new http.Agent({ keepAlive: true });
      return {
        request: http.request,
        options: async (pooled) => ({ ...NO_SERVERNAME, socketPath: endpoint.path, agent: pooled ? agent : false }),
        close: () => agent.destroy(),
      };
    }
    case 'tcp': {
      const base = { host: endpoint.host, port: endpoint.port };
      if (!endpoint.tls) {
        const agent = new http.Agent({ keepAlive: true });
        return {
          request: http.request,
          options: async (pooled) => ({ ...NO_SERVERNAME, ...base, agent: pooled ? agent : false }),
          close: () => agent.destroy(),
        };
      }
      // node:https pulls in tls: load it only for TLS endpoints
      const https = await import('node:https');
      const tls = tlsOptions(endpoint.tls);
      const agent = new https.Agent({ keepAlive: true, ...tls });
      return {
        request: https.request as typeof http.request,
        options: async (pooled) => ({ ...base, ...tls, agent: pooled ? agent : false }),
        close: () => agent.destroy(),
      };
    }
    case 'ssh':
      return endpoint.socket ? forwardTransport({ ...endpoint, socket: endpoint.socket }) : sshTransport(endpoint);
  }
}

/** Pooled requests queue on one keep-alive ssh connection; long streams get one of their own. */
async function sshTransport(endpoint: Extract<Endpoint, { kind: 'ssh' }>): Promise<Transport> {
  const { sshAgent } = await import('./ssh-dial.js');
  const pool = sshAgent(endpoint, 'queue');
  return {
    request: http.request,
    options: async (pooled) => ({ ...NO_SERVERNAME, agent: pooled ? pool : sshAgent(endpoint, 'single') }),
    close: () => pool.destroy(),
  };
}

/** The remote socket forwarded to a local one: requests go as on a unix socket (see ssh-forward). */
async function forwardTransport(endpoint: ForwardEndpoint): Promise<Transport> {
  const { forwardedSocket, holdForward, pooledAgent } = await import('./ssh-forward.js');
  const release = holdForward(endpoint);
  return {
    request: http.request,
    options: async (pooled) => ({
      ...NO_SERVERNAME,
      socketPath: await forwardedSocket(endpoint),
      agent: pooled ? pooledAgent(endpoint) : false, // the forward that just answered
    }),
    close: release,
  };
}
