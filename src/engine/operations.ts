// The operations of the Engine interface, each loading its module when first used: a one-shot
// `imgsh images` or the app's first frame never compiles the build, shell or registry code.
import type { Endpoint } from '../domain/endpoint.js';
import { commitContainer } from './containers.js';
import type { Engine } from './types.js';

export type Operations = Pick<Engine, 'pull' | 'push' | 'tag' | 'remove' | 'removalState' | 'save' | 'load' | 'prune' | 'build' | 'shell' | 'commit' | 'login' | 'searchHub'>;

export function operationsFor(endpoint: Endpoint, engine: () => Engine): Operations {
  return {
    pull: async (ref, opts) => (await import('./pull.js')).pullImage(endpoint, ref, opts),
    push: async (ref, opts) => (await import('./push.js')).pushImage(endpoint, ref, opts),
    tag: async (source, target) => (await import('./tag.js')).tagImage(endpoint, source, target),
    remove: async (ref, opts) => (await import('./remove.js')).removeImage(endpoint, ref, opts),
    removalState: async () => (await import('./remove.js')).readRemovalState(endpoint),
    save: async (refs, signal) => (await import('./save.js')).openSaveStream(engine(), refs, signal),
    load: async (source, opts) => (await import('./load.js')).loadArchive(engine(), source, opts),
    prune: async (rules, signal) => (await import('./prune.js')).runPrune(engine(), rules, signal),
    build: async (opts, hooks, builder = 'legacy') =>
      builder === 'buildkit'
        ? (await import('./buildkit.js')).runBuildKit(endpoint, opts, hooks)
        : (await import('./build.js')).runBuild(endpoint, opts, hooks),
    shell: async (req) => (await import('./debug-shell.js')).runShell(endpoint, req),
    commit: (container, changes) => commitContainer(endpoint, container, changes),
    login: async (domain, username, password, signal) => (await import('./login.js')).verifyLogin(endpoint, domain, username, password, signal),
    searchHub: async (term, opts) => (await import('./registry-search.js')).searchHub(endpoint, term, opts),
  };
}
