import type Docker from 'dockerode';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import { tlsOptions, type TlsOptions } from './transport.js';

/**
 * docker-modem fills what a client leaves out from DOCKER_HOST and DOCKER_CERT_PATH, so a socket
 * client made while DOCKER_HOST names another engine (ssh://…/docker.sock, --context) would go
 * there: every field it reads is given.
 */
const NOT_FROM_ENV = {
  protocol: 'http',
  host: undefined,
  port: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
  username: undefined,
  timeout: undefined,
} as unknown as Docker.DockerOptions;

/**
 * A dockerode client for the same endpoint, for the few calls that need it (pull, build
 * sessions…). Imported on demand: dockerode loads gRPC and costs ~200 ms at start-up.
 */
export async function dockerodeFor(endpoint: Endpoint): Promise<Docker> {
  const { default: Dockerode } = await import('dockerode');
  switch (endpoint.kind) {
    case 'unix':
      return new Dockerode({ ...NOT_FROM_ENV, socketPath: endpoint.path });
    case 'tcp':
      if (!endpoint.tls) return new Dockerode({ ...NOT_FROM_ENV, host: endpoint.host, port: endpoint.port });
      return tlsClient(Dockerode, endpoint.host, endpoint.port, tlsOptions(endpoint.tls));
    case 'ssh': {
      if (endpoint.socket) {
        const { forwardedSocket, holdForward } = await import('./ssh-forward.js');
        const forward = { ...endpoint, socket: endpoint.socket };
        holdForward(forward); // never let go: a dockerode client has no close, so its forward stays until exit
        return new Dockerode({ ...NOT_FROM_ENV, socketPath: await forwardedSocket(forward) });
      }
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
