// docker's two-word forms of the image commands, read as imgsh's own: `image ls` is `images`,
// `image rm` is `rmi`, so lines pasted from docker's docs and scripts run as typed.
const FORMS: Record<string, Record<string, string | string[]>> = {
  image: {
    ls: 'images',
    list: 'images',
    rm: 'rmi',
    remove: 'rmi',
    // docker's words differ: `image inspect` relays the engine's error, `inspect` says No such object
    inspect: ['inspect', '--type=image'],
    history: 'history',
    pull: 'pull',
    push: 'push',
    tag: 'tag',
    save: 'save',
    load: 'load',
    prune: 'prune',
    build: 'build',
  },
  builder: { build: 'build' },
  container: { commit: 'commit' },
  system: { df: 'df' },
};

/** `image ls -q` → `images -q`; anything else as it came. */
export function fromDockerForm(words: readonly string[]): readonly string[] {
  const command = FORMS[words[0]]?.[words[1]];
  return command ? [...[command].flat(), ...words.slice(2)] : words;
}

/** The two-word forms that run `command`: `image ls`, `image list` for images. */
export function dockerNames(command: string): string[] {
  return Object.entries(FORMS).flatMap(([group, forms]) =>
    Object.entries(forms)
      .filter(([, target]) => [target].flat()[0] === command)
      .map(([word]) => `${group} ${word}`),
  );
}
