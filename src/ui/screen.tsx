import { Box, Text } from 'ink';
import type { KeyScope } from '../shell/keymap.js';
import { BuildPane } from './build/build-pane.js';
import { color, useTheme } from './context.js';
import { ImagesPane } from './images/images-pane.js';
import { jobPanelHeight } from './job-lines.js';
import { JobPanel } from './job-panel.js';
import { LayersPane } from './layers/layers-pane.js';
import { MIN_COLUMNS, MIN_ROWS, screenLayout } from './layout.js';
import { ConfirmOverlay } from './overlays/confirm-overlay.js';
import { ContextOverlay } from './overlays/context-overlay.js';
import { OverlayHost } from './overlays/overlay-host.js';
import { PromptLine } from './prompt/prompt-line.js';
import { StatusBar } from './status-bar.js';
import { TabBar } from './tab-bar.js';
import { useAppKeys } from './use-app-keys.js';
import { useStore } from './use-store.js';

/**
 * Tab line, pane body (or overlay), a running job's panel, prompt line, status bar; or only a
 * "too small" notice. A pending confirmation covers the body and takes the keys.
 */
export function Screen() {
  const theme = useTheme();
  const size = useStore((s) => s.size);
  const pane = useStore((s) => s.pane);
  const overlay = useStore((s) => s.overlay);
  const confirming = useStore((s) => s.confirm !== null);
  const editing = useStore((s) => s.search.editing || s.commandLine.editing);
  const layout = screenLayout(size);
  const panel = useStore((s) => jobPanelHeight(s.job?.progress ?? null, layout.body));
  const free = !editing && !overlay && !confirming;
  const scopes: KeyScope[] = pane === 'images' ? ['global', 'list'] : ['global'];
  // Too small: only the global keys (quit above all) still work.
  useAppKeys(free || layout.tooSmall, layout.tooSmall ? ['global'] : scopes, layout.tooSmall ? undefined : pane === 'layers' ? 'layers' : pane === 'build' ? 'build' : undefined);

  if (layout.tooSmall) {
    return (
      <Box width={size.columns} height={layout.height}>
        <Text color={color(theme.warning)} wrap="wrap">
          {`terminal too small (need ${MIN_COLUMNS}×${MIN_ROWS}, have ${size.columns}×${size.rows})`}
        </Text>
      </Box>
    );
  }
  const { columns } = layout;
  const body = layout.body - panel;
  return (
    <Box flexDirection="column" width={columns} height={layout.height}>
      <TabBar width={columns} />
      <Box height={body} width={columns} flexDirection="column" overflow="hidden">
        {confirming ? (
          <ConfirmOverlay width={columns} height={body} active />
        ) : overlay === 'contexts' ? (
          <ContextOverlay width={columns} height={body} active={!editing} />
        ) : overlay ? (
          <OverlayHost width={columns} height={body} active={!editing} />
        ) : pane === 'images' ? (
          <ImagesPane width={columns} height={body} />
        ) : pane === 'layers' ? (
          <LayersPane width={columns} height={body} active={free} />
        ) : (
          <BuildPane width={columns} height={body} active={free} />
        )}
      </Box>
      {panel > 0 && <JobPanel width={columns} height={panel} />}
      <PromptLine width={columns} />
      <StatusBar width={columns} />
    </Box>
  );
}
