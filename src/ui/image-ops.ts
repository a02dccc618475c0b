import { NONE, rowName, type ImageRow } from '../domain/images/image.js';
import type { KeyAction } from '../shell/keymap.js';
import { selectCurrentRow, selectTargets } from '../store/selectors.js';
import type { AppState } from '../store/state.js';

/** What an image key does: open the command line prefilled, run a line at once, or say why not. */
export type ImageOp =
  | { kind: 'prefill'; text: string; back?: number }
  | { kind: 'run'; line: string; clearMarks: boolean }
  | { kind: 'refuse'; message: string };

export const IMAGE_OPS = ['pull', 'push', 'tag', 'remove', 'forceRemove', 'save', 'load', 'prune', 'build', 'diffMarked'] as const;
export type ImageOpAction = (typeof IMAGE_OPS)[number];

export function isImageOp(action: KeyAction): action is ImageOpAction {
  return (IMAGE_OPS as readonly string[]).includes(action);
}

/** `./imgsh-fixture_busybox.tar`: a file name from the repository (its short id when untagged). */
export function archiveName(row: ImageRow): string {
  const base = row.repository === NONE ? row.shortId : row.repository;
  return `./${base.replace(/[/:]/g, '_')}.tar`;
}

/** The line for an image key, from the selected row (or the marked rows, for rmi and save). */
export function imageOp(action: ImageOpAction, state: AppState): ImageOp | null {
  if (action === 'pull') return { kind: 'prefill', text: 'pull ' };
  if (action === 'load') return { kind: 'prefill', text: 'load -i ' };
  if (action === 'build') return { kind: 'prefill', text: 'build -t  .', back: 2 };
  if (action === 'prune') return { kind: 'run', line: 'prune', clearMarks: false };
  if (action === 'remove' || action === 'forceRemove' || action === 'save') {
    const targets = selectTargets(state);
    if (targets.length === 0) return null;
    const names = targets.map(rowName).join(' ');
    if (action === 'save') {
      const file = targets.length === 1 ? archiveName(targets[0]) : './images.tar';
      return { kind: 'prefill', text: `save -o ${file} ${names}` };
    }
    const force = action === 'forceRemove' ? '-f ' : '';
    return { kind: 'run', line: `rmi ${force}${names}`, clearMarks: state.marked.length > 0 };
  }
  const row = selectCurrentRow(state);
  if (!row) return null;
  if (action === 'diffMarked') {
    // the one marked image before, the selected one after
    const marked = state.rows.filter((r) => state.marked.includes(r.key));
    if (marked.length !== 1) return { kind: 'refuse', message: `${marked.length === 0 ? 'mark an image' : 'mark one image only'} (space), then = on another compares their files` };
    if (marked[0].key === row.key) return { kind: 'refuse', message: 'select another image than the marked one: = compares the two' };
    return { kind: 'run', line: `diff ${rowName(marked[0])} ${rowName(row)}`, clearMarks: false };
  }
  if (action === 'push') {
    if (!row.ref) return { kind: 'refuse', message: `${row.shortId} has no name to push: tag it first` };
    return { kind: 'prefill', text: `push ${row.ref}` };
  }
  return { kind: 'prefill', text: row.ref ? `tag ${row.ref} ${row.repository}:` : `tag ${row.shortId} ` };
}
