// The operations of the Engine interface, each loading its module when first used: a one-shot
// `imgsh images` or the app's first frame never compiles the build, shell or registry code.
import type { Endpoint } from '../domain/connection/endpoint.js';
import type { Engine } from './types.js';

export type Operations = Pick<Engine, 'pull' | 'push' | 'tag' | 'remove' | 'removalState' | 'save' | 'load' | 'prune' | 'build' | 'shell' | 'commit' | 'commitShell' | 'dropShell' | 'login' | 'searchIndex'>;

export function operationsFor(endpoint: Endpoint, engine: () => Engine): Operations {
  return {
    pull: async (ref, opts) => (await import('./registry/pull.js')).pullImage(endpoint, ref, opts),
    push: async (ref, opts) => (await import('./registry/push.js')).pushImage(endpoint, ref, opts),
    tag: async (source, target) => (await import('./images/tag.js')).tagImage(endpoint, source, target),
    remove: async (ref, opts) => (await import('./images/remove.js')).removeImage(endpoint, ref, opts),
    removalState: async () => {
      const [{ readRemovalState }, caps] = await Promise.all([import('./images/remove.js'), engine().capabilities()]);
      return { ...(await readRemovalState(endpoint)), keepsUsedImages: caps.containerdStore };
    },
    save: async (refs, signal, opts) => {
      if (opts?.platform) await (await import('./platforms.js')).requirePlatforms(engine());
      return (await import('./images/save.js')).openSaveStream(engine(), refs, signal, opts?.platform);
    },
    load: async (source, opts) => (await import('./images/load.js')).loadArchive(engine(), source, opts),
    prune: async (rules, signal) => (await import('./images/prune.js')).runPrune(engine(), rules, signal),
    build: async (opts, hooks, builder = 'legacy') =>
      builder === 'buildkit'
        ? (await import('./builds/buildkit.js')).runBuildKit(endpoint, opts, hooks)
        : (await import('./builds/build.js')).runBuild(endpoint, opts, hooks),
    shell: async (req) => (await import('./debug/debug-shell.js')).runShell(endpoint, req),
    commit: async (container, changes, opts) => (await import('./api/containers.js')).commitContainer(endpoint, container, changes, opts),
    commitShell: async (container, image, opts, changes) => (await import('./debug/debug-shell.js')).commitShell(endpoint, container, image, opts, changes),
    dropShell: async (container) => (await import('./api/containers.js')).removeContainerQuietly(endpoint, container),
    login: async (domain, username, password, signal) => (await import('./registry/login.js')).verifyLogin(endpoint, domain, username, password, signal),
    searchIndex: async (term, opts) => (await import('./registry/registry-search.js')).searchIndex(endpoint, term, opts),
  };
}
