// Replaced at bundle time by scripts/build.mjs from package.json.
declare const __IMGSH_VERSION__: string | undefined;
export const VERSION: string = typeof __IMGSH_VERSION__ === 'string' ? __IMGSH_VERSION__ : '0.0.0-dev';
