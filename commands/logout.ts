import { registryLabel } from '../src/domain/images/ref.js';
import { defineCommand } from '../src/shell/command.js';
import { registryArg } from './login.js';

export default defineCommand({
  name: 'logout',
  asDocker: 'docker logout\'s form',
  summary: 'Forget the stored credentials for a registry',
  args: [{ name: 'REGISTRY', description: 'HOST[:PORT]; Docker Hub when left out' }],
  options: [],
  examples: ['imgsh logout 127.0.0.1:5000'],
  async run(_ctx, { args }) {
    const { eraseCredentials } = await import('../src/engine/registry/credentials.js');
    const domain = registryArg(args[0]);
    const removed = await eraseCredentials(domain);
    const where = registryLabel(domain);
    return { text: removed ? `Removed the credentials for ${where}` : `Not logged in to ${where}`, json: { registry: domain, removed } };
  },
});
