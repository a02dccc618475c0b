import type Docker from 'dockerode';
import type { Endpoint } from '../domain/endpoint.js';
import { tlsOptions, type TlsOptions } from './transport.js';

/**
 * A dockerode client for the same endpoint, for the few calls that need it (pull, build
 * sessions…). Imported on demand: dockerode loads gRPC and costs ~200 ms at start-up.
 */
export async function dockerodeFor(endpoint: Endpoint): Promise<Docker> {
  const { default: Dockerode } = await import('dockerode');
  switch (endpoint.kind) {
    case 'unix':
      return new Dockerode({ socketPath: endpoint.path });
    case 'tcp':
      if (!endpoint.tls) return new Dockerode({ protocol: 'http', host: endpoint.host, port: endpoint.port });
      return tlsClient(Dockerode, endpoint.host, endpoint.port, tlsOptions(endpoint.tls));
    case 'ssh': {
      // the system ssh, as for every other request (docker-modem's own ssh2 client would
      // ignore ~/.ssh/config and keys outside an agent)
      const { sshAgent } = await import('./ssh-dial.js');
      return new Dockerode({ protocol: 'http', host: 'localhost', agent: sshAgent(endpoint, 'pool') } as Docker.DockerOptions);
    }
  }
}

/** docker-modem has no verify switch: an https agent carries `rejectUnauthorized`. */
async function tlsClient(D: typeof Docker, host: string, port: number, tls: TlsOptions): Promise<Docker> {
  const { Agent } = await import('node:https');
  const { rejectUnauthorized, ...pem } = tls;
  const agent = new Agent({ ...pem, rejectUnauthorized });
  // `agent` is a docker-modem option that @types/dockerode leaves out
  return new D({ protocol: 'https', host, port, ...pem, agent } as Docker.DockerOptions);
}
