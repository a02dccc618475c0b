/** Everything a key can do. The UI maps these to store actions; help and README list them. */
export const KEY_ACTIONS = {
  help: 'Show or hide this help',
  search: 'Fuzzy search images',
  commandLine: 'Open the command line',
  nextPane: 'Next pane',
  prevPane: 'Previous pane',
  paneImages: 'Go to the Images pane',
  paneLayers: 'Go to the Layers pane',
  paneBuild: 'Go to the Build pane',
  quit: 'Quit',
  close: 'Close an overlay or clear the search',
  refresh: 'Refresh from the engine',
  contexts: "Switch the docker context (engine) for this session (in the Build pane c is the debugger's: use :context there)",
  up: 'Move up',
  down: 'Move down',
  top: 'Go to the top',
  bottom: 'Go to the bottom',
  pageUp: 'Page up',
  pageDown: 'Page down',
  details: 'Details of the selected image',
  messageOpen: 'Open the whole message (a long or several-line one), wrapped; Esc dismisses a message',
  sort: 'Cycle sort: created, size, name',
  sortReverse: 'Reverse the sort order',
  toggleAll: 'Show all images, including intermediate ones',
  toggleDangling: 'Show dangling images only',
  toggleInUse: 'Show images in use only',
  mark: 'Mark the row for a multi-row operation',
  pull: 'Pull an image (type its reference)',
  push: 'Push the selected image',
  tag: 'Tag the selected image (type the new name)',
  remove: 'Remove the selected or marked images (asks first)',
  forceRemove: 'Force-remove the selected or marked images (asks first)',
  save: 'Save the selected or marked images to a tar file',
  load: 'Load images from a tar file',
  build: 'Build an image (type its name; the context is .)',
  prune: 'Remove dangling images (shows what would go, asks first)',
  cancelJob: 'Cancel the running job (pull, push, save, …)',
  buildShell: 'Shell in the last good layer of the failed build',
  buildFailedShell: 'Shell in the failed state (the failed step committed)',
  rebuild: 'Build again (the cache makes it quick)',
  buildEdit: 'Edit the Dockerfile at the failing line ($EDITOR), then build again',
  debugNext: 'Debugger: run the next instruction',
  debugContinue: 'Debugger: continue to the next breakpoint, failure or the end',
  debugBreak: 'Debugger: set or clear a breakpoint at the cursor',
  buildDiff: "Build pane: what the selected step changed in the filesystem (its image in the Layers pane)",
  buildFocusLog: "Build pane: move in the selected step's log (↑/↓ scroll it)",
  buildFocusSteps: 'Build pane: move in the step list',
  buildSearch: "Build pane: search the selected step's log (Enter jumps, Esc clears)",
  buildSearchNext: 'Build pane: next match of the log search',
  buildSearchPrev: 'Build pane: previous match of the log search',
  layersFocusLayers: 'Layers pane: move in the layer list',
  layersFocusTree: 'Layers pane: move in the file tree',
  layersScope: "Layers pane: this layer's changes, or the whole filesystem up to it",
  layersHideUnmodified: 'Layers pane: hide or show unmodified files',
  layersCollapse: 'Layers pane: collapse or expand the selected directory',
  layersSort: 'Layers pane: sort the file tree by name or size',
  layersExtract: 'Layers pane: extract the selected file (asks where, default ./)',
  layersIndex: 'Layers pane: index the layers again (after a cancel or a failure)',
  layersFilter: 'Layers pane: fuzzy filter of the file tree by path (Esc clears)',
  layersWaste: 'Layers pane: the wasted space, each copy traced to the steps that wrote and undid it',
  layersAdvice: 'Layers pane: the changes that would shrink the image, each with the bytes it saves',
  diffMarked: "Compare the marked image's files with the selected one's (imgsh diff)",
  lineStart: 'To the start of the line',
  lineEnd: 'To the end of the line',
  lineLeft: 'One character left',
  lineRight: 'One character right',
  lineWordLeft: 'One word left',
  lineWordRight: 'One word right',
  lineDeleteBack: 'Delete the character before the cursor (on an empty line: close the prompt)',
  lineDeleteForward: 'Delete the character at the cursor (Ctrl-D on an empty line: close the prompt)',
  lineKillWordBack: 'Cut back to the previous space',
  lineKillAlnumWordBack: 'Cut the word before the cursor',
  lineKillWordForward: 'Cut the word after the cursor',
  lineKillToStart: 'Cut from the start of the line to the cursor',
  lineKillToEnd: 'Cut from the cursor to the end of the line',
  lineYank: 'Paste the last cut text',
  lineTranspose: 'Swap the two characters at the cursor',
  lineHistoryPrev: 'Older line from the history, matching what is before the cursor (in a search ↑ moves in the results: Ctrl-P)',
  lineHistoryNext: 'Newer line from the history, matching what is before the cursor (in a search ↓ moves in the results: Ctrl-N)',
  lineHistorySearch: 'Search the history as you type (again: older match; Enter runs it, Esc goes back)',
  lineComplete: 'Complete the word before the cursor',
  lineSubmit: 'Run the line (in a search: keep the filter)',
  lineCancel: 'Close the prompt (in a search: clear it)',
  confirmYes: 'Yes, go ahead',
  confirmNo: 'No, leave everything as it is',
} as const;

export type KeyAction = keyof typeof KEY_ACTIONS;

/**
 * Where a binding applies: everywhere, in lists (Images pane), while a job runs (these win
 * over global keys when nothing else is open), in a confirmation, or in a prompt's line editor.
 */
export type KeyScope = 'global' | 'list' | 'job' | 'confirm' | 'build' | 'layers' | 'line';

export interface Binding {
  action: KeyAction;
  keys: string[];
  scope: KeyScope;
}

/**
 * Key names: a printable character as itself (`?`, `G`), or one of
 * up down left right pageup pagedown home end enter escape tab shift+tab space backspace delete,
 * with `ctrl+` for control keys and `meta+` for Alt (Esc-prefixed) keys.
 */
export const DEFAULT_KEYMAP: Binding[] = [
  { action: 'help', keys: ['?'], scope: 'global' },
  { action: 'search', keys: ['/'], scope: 'global' },
  { action: 'commandLine', keys: [':'], scope: 'global' },
  { action: 'nextPane', keys: ['tab'], scope: 'global' },
  { action: 'prevPane', keys: ['shift+tab'], scope: 'global' },
  { action: 'paneImages', keys: ['1'], scope: 'global' },
  { action: 'paneLayers', keys: ['2'], scope: 'global' },
  { action: 'paneBuild', keys: ['3'], scope: 'global' },
  { action: 'quit', keys: ['q', 'ctrl+c'], scope: 'global' },
  { action: 'close', keys: ['escape'], scope: 'global' },
  { action: 'refresh', keys: ['r'], scope: 'global' },
  // The Build pane's own `c` (debugContinue) wins there: a pane's scope comes before the global one.
  { action: 'contexts', keys: ['c'], scope: 'global' },
  { action: 'messageOpen', keys: ['m'], scope: 'global' },
  { action: 'up', keys: ['up', 'k'], scope: 'list' },
  { action: 'down', keys: ['down', 'j'], scope: 'list' },
  { action: 'top', keys: ['g', 'home'], scope: 'list' },
  { action: 'bottom', keys: ['G', 'end'], scope: 'list' },
  { action: 'pageUp', keys: ['pageup'], scope: 'list' },
  { action: 'pageDown', keys: ['pagedown'], scope: 'list' },
  { action: 'details', keys: ['enter'], scope: 'list' },
  { action: 'sort', keys: ['o'], scope: 'list' },
  { action: 'sortReverse', keys: ['O'], scope: 'list' },
  { action: 'toggleAll', keys: ['a'], scope: 'list' },
  { action: 'toggleDangling', keys: ['n'], scope: 'list' },
  { action: 'toggleInUse', keys: ['i'], scope: 'list' },
  { action: 'mark', keys: ['space'], scope: 'list' },
  { action: 'pull', keys: ['p'], scope: 'list' },
  { action: 'push', keys: ['u'], scope: 'list' },
  { action: 'tag', keys: ['t'], scope: 'list' },
  { action: 'remove', keys: ['d'], scope: 'list' },
  { action: 'forceRemove', keys: ['D'], scope: 'list' },
  { action: 'save', keys: ['s'], scope: 'list' },
  { action: 'load', keys: ['l'], scope: 'list' },
  { action: 'build', keys: ['b'], scope: 'list' },
  { action: 'prune', keys: ['P'], scope: 'list' },
  { action: 'diffMarked', keys: ['='], scope: 'list' },
  { action: 'cancelJob', keys: ['escape', 'ctrl+c'], scope: 'job' },
  { action: 'buildShell', keys: ['x', 'enter'], scope: 'build' },
  { action: 'buildFailedShell', keys: ['f'], scope: 'build' },
  { action: 'rebuild', keys: ['r'], scope: 'build' },
  { action: 'buildEdit', keys: ['e'], scope: 'build' },
  { action: 'debugNext', keys: ['n'], scope: 'build' },
  { action: 'debugContinue', keys: ['c'], scope: 'build' },
  { action: 'debugBreak', keys: ['b'], scope: 'build' },
  { action: 'buildDiff', keys: ['d'], scope: 'build' },
  { action: 'up', keys: ['up', 'k'], scope: 'build' },
  { action: 'down', keys: ['down', 'j'], scope: 'build' },
  { action: 'pageUp', keys: ['pageup'], scope: 'build' },
  { action: 'pageDown', keys: ['pagedown'], scope: 'build' },
  { action: 'top', keys: ['g', 'home'], scope: 'build' },
  { action: 'bottom', keys: ['G', 'end'], scope: 'build' },
  { action: 'buildFocusLog', keys: ['right', 'l'], scope: 'build' },
  { action: 'buildFocusSteps', keys: ['left', 'h'], scope: 'build' },
  { action: 'buildSearch', keys: ['/'], scope: 'build' },
  { action: 'buildSearchNext', keys: ['n'], scope: 'build' },
  { action: 'buildSearchPrev', keys: ['N'], scope: 'build' },
  { action: 'close', keys: ['escape'], scope: 'build' },
  { action: 'up', keys: ['up', 'k'], scope: 'layers' },
  { action: 'down', keys: ['down', 'j'], scope: 'layers' },
  { action: 'top', keys: ['g', 'home'], scope: 'layers' },
  { action: 'bottom', keys: ['G', 'end'], scope: 'layers' },
  { action: 'pageUp', keys: ['pageup'], scope: 'layers' },
  { action: 'pageDown', keys: ['pagedown'], scope: 'layers' },
  { action: 'layersFocusLayers', keys: ['left', 'h'], scope: 'layers' },
  { action: 'layersFocusTree', keys: ['right', 'l'], scope: 'layers' },
  { action: 'layersScope', keys: ['a'], scope: 'layers' },
  { action: 'layersHideUnmodified', keys: ['u'], scope: 'layers' },
  { action: 'layersCollapse', keys: ['enter', 'space'], scope: 'layers' },
  { action: 'layersSort', keys: ['o'], scope: 'layers' },
  { action: 'layersExtract', keys: ['e'], scope: 'layers' },
  { action: 'layersIndex', keys: ['i'], scope: 'layers' },
  { action: 'layersFilter', keys: ['/'], scope: 'layers' },
  { action: 'layersWaste', keys: ['w'], scope: 'layers' },
  { action: 'layersAdvice', keys: ['A'], scope: 'layers' },
  // readline's emacs mode
  { action: 'lineStart', keys: ['ctrl+a', 'home'], scope: 'line' },
  { action: 'lineEnd', keys: ['ctrl+e', 'end'], scope: 'line' },
  { action: 'lineLeft', keys: ['ctrl+b', 'left'], scope: 'line' },
  { action: 'lineRight', keys: ['ctrl+f', 'right'], scope: 'line' },
  { action: 'lineWordLeft', keys: ['meta+b', 'ctrl+left', 'meta+left'], scope: 'line' },
  { action: 'lineWordRight', keys: ['meta+f', 'ctrl+right', 'meta+right'], scope: 'line' },
  { action: 'lineDeleteBack', keys: ['backspace', 'ctrl+h'], scope: 'line' },
  { action: 'lineDeleteForward', keys: ['delete', 'ctrl+d'], scope: 'line' },
  { action: 'lineKillWordBack', keys: ['ctrl+w'], scope: 'line' },
  { action: 'lineKillAlnumWordBack', keys: ['meta+backspace'], scope: 'line' },
  { action: 'lineKillWordForward', keys: ['meta+d'], scope: 'line' },
  { action: 'lineKillToStart', keys: ['ctrl+u'], scope: 'line' },
  { action: 'lineKillToEnd', keys: ['ctrl+k'], scope: 'line' },
  { action: 'lineYank', keys: ['ctrl+y'], scope: 'line' },
  { action: 'lineTranspose', keys: ['ctrl+t'], scope: 'line' },
  { action: 'lineHistoryPrev', keys: ['up', 'ctrl+p'], scope: 'line' },
  { action: 'lineHistoryNext', keys: ['down', 'ctrl+n'], scope: 'line' },
  { action: 'lineHistorySearch', keys: ['ctrl+r'], scope: 'line' },
  { action: 'lineComplete', keys: ['tab'], scope: 'line' },
  { action: 'lineSubmit', keys: ['enter'], scope: 'line' },
  { action: 'lineCancel', keys: ['escape', 'ctrl+g'], scope: 'line' },
  { action: 'confirmYes', keys: ['y', 'enter'], scope: 'confirm' },
  { action: 'confirmNo', keys: ['n', 'escape'], scope: 'confirm' },
];

/** User overrides in config.json: `"keys": { "quit": ["q", "ctrl+q"] }` (checked in shell/config.ts). */
export type KeyOverrides = Partial<Record<KeyAction, string[]>>;

export function applyKeyOverrides(base: Binding[], overrides: KeyOverrides): Binding[] {
  return base.map((b) => (overrides[b.action] ? { ...b, keys: overrides[b.action]! } : b));
}

/** Looks up what a key does in a scope; list bindings win over global ones inside lists. */
export function resolveKey(keymap: Binding[], key: string, scopes: KeyScope[]): KeyAction | null {
  for (const scope of [...scopes].reverse()) {
    const hit = keymap.find((b) => b.scope === scope && b.keys.includes(key));
    if (hit) return hit.action;
  }
  return null;
}

/** `ctrl+c` → `Ctrl-C`, `shift+tab` → `Shift-Tab`, for help and the README. */
export function displayKey(key: string): string {
  if (key.length === 1) return key === ' ' ? 'Space' : key;
  const names: Record<string, string> = { up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn', escape: 'Esc', meta: 'Alt' };
  return key
    .split('+')
    .map((part) => names[part] ?? (part.length === 1 ? part.toUpperCase() : part[0].toUpperCase() + part.slice(1)))
    .join('-');
}

/** The first key bound to `action` in `scope`, for display (`Esc`), or null when unbound. */
export function keyFor(keymap: readonly Binding[], action: KeyAction, scope?: KeyScope): string | null {
  const key = keymap.find((b) => b.action === action && (!scope || b.scope === scope))?.keys[0];
  return key ? displayKey(key) : null;
}

/** What the app says when a second job is asked for. */
export function jobRunningText(keymap: readonly Binding[]): string {
  const key = keyFor(keymap, 'cancelJob');
  return `a job is running${key ? ` (${key} cancels it)` : ''}`;
}
