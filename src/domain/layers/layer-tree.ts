import { baseName, type EntryKind } from './layer-entry.js';
import type { Mark } from './layer-changes.js';

export interface TreeItem {
  path: string;
  kind: EntryKind;
  size: number;
  mode: number;
  target?: string;
  mark?: Mark;
}

export interface TreeNode extends TreeItem {
  name: string;
  /** For directories, the bytes of everything under them the layer has; 0 for a removed file. */
  total: number;
  /** The bytes of removed files (D) here or under here: shown apart, never in `total`. */
  removed: number;
  /** Directories: something under them (or they themselves) changed. */
  changed: boolean;
  children: TreeNode[];
}

export type TreeSort = 'name' | 'size';

export interface TreeView {
  sort: TreeSort;
  collapsed: ReadonlySet<string>;
  hideUnmodified: boolean;
}

export interface TreeRow {
  depth: number;
  node: TreeNode;
}

/** A tree from flat paths; directories no entry names are made up (mode 0755). */
export function buildTree(items: Iterable<TreeItem>): TreeNode {
  const root: TreeNode = { path: '', name: '/', kind: 'dir', size: 0, mode: 0o755, total: 0, removed: 0, changed: false, children: [] };
  const dirs = new Map<string, TreeNode>([['', root]]);
  const dirOf = (path: string): TreeNode => {
    const known = dirs.get(path);
    if (known) return known;
    const i = path.lastIndexOf('/');
    const parent = dirOf(i < 0 ? '' : path.slice(0, i));
    const node: TreeNode = { path, name: baseName(path), kind: 'dir', size: 0, mode: 0o755, total: 0, removed: 0, changed: false, children: [] };
    parent.children.push(node);
    dirs.set(path, node);
    return node;
  };
  for (const item of items) {
    if (item.kind === 'dir') {
      Object.assign(dirOf(item.path), { mode: item.mode, mark: item.mark });
      continue;
    }
    const i = item.path.lastIndexOf('/');
    // A literal, not a spread: spread copies are several times bigger (see withMark).
    const { path, kind, size, mode, target, mark } = item;
    const gone = mark === 'D';
    const node: TreeNode = { path, kind, size, mode, target, mark, name: baseName(path), total: gone ? 0 : size, removed: gone ? size : 0, changed: !!mark, children: [] };
    dirOf(i < 0 ? '' : path.slice(0, i)).children.push(node);
  }
  const sum = (n: TreeNode): void => {
    if (n.kind !== 'dir') return;
    n.changed = !!n.mark;
    n.total = 0;
    n.removed = 0;
    for (const c of n.children) {
      sum(c);
      n.total += c.total;
      n.removed += c.removed;
      n.changed ||= c.changed;
    }
  };
  sum(root);
  return root;
}

/** The rows to show, depth first, honouring collapsed directories, the sort and the filter. */
export function flattenTree(root: TreeNode, view: TreeView): TreeRow[] {
  const rows: TreeRow[] = [];
  const order = (a: TreeNode, b: TreeNode) => (view.sort === 'size' ? b.total - a.total : 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const walk = (node: TreeNode, depth: number) => {
    for (const child of [...node.children].sort(order)) {
      if (view.hideUnmodified && !child.changed) continue;
      rows.push({ depth, node: child });
      if (child.kind === 'dir' && !view.collapsed.has(child.path)) walk(child, depth + 1);
    }
  };
  walk(root, 0);
  return rows;
}
