import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { buildTree, flattenTree } from '../../domain/layers/layer-tree.js';
import { PathFilter } from '../../domain/layers/layer-path-filter.js';
import { indexView, layerAt, treeItems } from '../../domain/layers/layer-view.js';
import { percent } from '../../domain/layers/layer-report.js';
import { formatBytes } from '../../domain/text/size.js';
import { keyFor, resolveKey } from '../../shell/keymap.js';
import { color, useServices, useTheme } from '../context.js';
import { useKeys } from '../use-keys.js';
import { useStore } from '../use-store.js';
import { FileTree } from './file-tree.js';
import { LayerList } from './layer-list.js';
import { layersKey } from './layer-keys.js';
import { startIndexing, useLayerIndex } from './use-layer-index.js';

/** What every layer of the selected image did to its filesystem, and where bytes are wasted. */
export function LayersPane({ width, height, active }: { width: number; height: number; active: boolean }) {
  const theme = useTheme();
  const services = useServices();
  const state = useStore((s) => s.layers);
  useLayerIndex();
  const { index, step, scope, sort, hideUnmodified } = state;
  // the image's size as the list has it (one size per image); the files' sum is said apart
  const listed = useStore((s) => (s.layers.index ? s.rows.find((r) => r.id === s.layers.index!.imageId)?.size : undefined));
  const view = useMemo(() => (index ? indexView(index) : null), [index]);
  const layer = view ? layerAt(view.steps, step) : -1;
  const ownChanges = view ? view.steps[step]?.layer !== null : false;
  const items = useMemo(() => (index && view ? treeItems(index, view.analysis, layer, scope, ownChanges) : null), [index, view, layer, scope, ownChanges]);
  const pathFilter = useMemo(() => (items ? new PathFilter(items.map((i) => i.path)) : null), [items]);
  // The filter narrows from the last query it was given, so it is asked once per keystroke.
  const match = useMemo(() => pathFilter?.filter(state.filter) ?? null, [pathFilter, state.filter]);
  const tree = useMemo(() => (items ? buildTree(match ? items.filter((_, i) => match.visibleAt(i)) : items) : null), [items, match]);
  // While filtering, collapsed directories open: the matches are what the filter is for.
  const collapsed = useMemo(() => new Set(match ? [] : state.collapsed), [match, state.collapsed]);
  const rows = useMemo(() => (tree ? flattenTree(tree, { sort, collapsed, hideUnmodified }) : []), [tree, sort, collapsed, hideUnmodified]);
  const listHeight = Math.max(3, Math.min(view?.steps.length ?? 3, Math.floor((height - 4) / 3)));
  const treeHeight = Math.max(1, height - listHeight - 3);

  useKeys((name) => {
    if (!name || (name === 'escape' && state.status === 'indexing')) return;
    const action = resolveKey(services.keymap, name, ['layers']);
    if (action === 'layersIndex' && state.ref && state.status !== 'indexing') return startIndexing(services, state.ref);
    if (action && view) layersKey(action, services, { state, stepCount: view.steps.length, rows, layerNumber: layer + 1, pageSize: treeHeight });
  }, active);

  if (!index || !view) {
    const cancel = keyFor(services.keymap, 'cancelJob') ?? 'Esc';
    const again = keyFor(services.keymap, 'layersIndex', 'layers');
    const text =
      state.status === 'indexing'
        ? `Indexing the layers of ${state.ref}… (${cancel} cancels; the other panes stay usable)`
        : state.status === 'failed'
          ? `${state.ref}: ${state.error}${again ? ` (${again} indexes again)` : ''}`
          : 'Select an image in the Images pane to see its layers.';
    return <Text color={color(state.status === 'failed' ? theme.error : theme.muted)}>{text}</Text>;
  }
  const a = view.analysis;
  const top = a.wasted.slice(0, 3).map((w) => `/${w.path} ${formatBytes(w.bytes)}`).join(', ');
  const size = listed === undefined ? formatBytes(a.totalBytes) : `${formatBytes(listed)} (files ${formatBytes(a.totalBytes)})`;
  const summary = `${state.ref}${index.platform ? ` (${index.platform})` : ''} · ${index.layers.length} layers · ${size} · efficiency ${percent(a.efficiency)} · wasted ${formatBytes(a.wastedBytes)}${top ? ` (${top})` : ''}`;
  const filtered = match ? ` · filter /${state.filter.trim()}: ${match.count} ${match.count === 1 ? 'match' : 'matches'}` : '';
  const how = `${scope === 'layer' ? "this layer's changes" : 'filesystem up to this layer'}${hideUnmodified ? ', changes only' : ''} · sort ${sort} · ${rows.length} rows${filtered}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text color={color(theme.accent)} wrap="truncate">
        {summary}
      </Text>
      <LayerList steps={view.steps} layerBytes={a.layerBytes} digests={index.layers.map((l) => l.digest)} cursor={step} focused={state.focus === 'layers'} width={width} height={listHeight} />
      <Text color={color(theme.muted)} wrap="truncate">
        {`── Layer ${layer + 1}: ${how} `.padEnd(width, '─')}
      </Text>
      <FileTree rows={rows} collapsed={collapsed} cursor={Math.min(state.treeCursor, Math.max(0, rows.length - 1))} focused={state.focus === 'tree'} width={width} height={treeHeight}
        nameRanges={match ? match.nameRanges : undefined}
        emptyText={match ? `Nothing matches /${state.filter.trim()} (Esc clears the filter).` : ownChanges || scope === 'all' ? 'Nothing to show here (no changes, or all hidden).' : `This step made no layer (metadata only): ${keyFor(services.keymap, 'layersScope', 'layers') ?? 'a'} shows the filesystem up to it.`} />
    </Box>
  );
}
