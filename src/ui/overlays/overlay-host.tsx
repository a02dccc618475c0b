import { Text } from 'ink';
import { useMemo } from 'react';
import { resolveKey, type KeyAction } from '../../shell/keymap.js';
import { color, useServices, useTheme } from '../context.js';
import { cancelsJob, performKeyAction } from '../key-actions.js';
import { ScrollLines } from '../scroll-lines.js';
import { useKeys } from '../use-keys.js';
import { useStore } from '../use-store.js';
import { detailsLines } from './details-lines.js';
import { helpLines } from './help-lines.js';
import { FRAME_CHROME, OverlayFrame } from './overlay-frame.js';

/** What an open overlay lets through besides scrolling; the rest of the keymap waits until it closes. */
const PASSED_ON: KeyAction[] = ['close', 'help', 'quit'];

/** The open overlay (help, details or output) in place of the pane body; it owns the keys while open. */
export function OverlayHost({ width, height, active }: { width: number; height: number; active: boolean }) {
  const services = useServices();
  const theme = useTheme();
  const overlay = useStore((s) => s.overlay);
  const details = useStore((s) => s.details);
  const output = useStore((s) => s.output);
  const inner = Math.max(1, height - FRAME_CHROME);

  useKeys((name) => {
    const action = name && resolveKey(services.keymap, name, ['global']);
    // Esc closes the overlay before it cancels a job; Ctrl-C cancels a job before it quits.
    if (action !== 'close' && cancelsJob(name, services)) return;
    if (action && PASSED_ON.includes(action)) performKeyAction(action, services);
  }, active);

  const help = useMemo(() => helpLines(services.keymap, services.commands, theme), [services, theme]);
  const detailLines = useMemo(() => (details?.data ? detailsLines(details.data, theme) : null), [details, theme]);
  const outputLines = useMemo(() => (output?.text ?? '').replace(/\n$/, '').split('\n'), [output]);

  let title: string;
  let body;
  if (overlay === 'help') {
    title = 'Help';
    body = <ScrollLines lines={help} height={inner} active={active} />;
  } else if (overlay === 'output') {
    title = output?.title ?? 'Output';
    body = <ScrollLines lines={outputLines} height={inner} active={active} />;
  } else if (overlay === 'details') {
    title = `Details: ${details?.ref ?? ''}`;
    if (detailLines) body = <ScrollLines lines={detailLines} height={inner} active={active} />;
    else if (details?.error) body = <Text color={color(theme.error)}>{details.error}</Text>;
    else body = <Text color={color(theme.muted)}>Loading…</Text>;
  } else {
    return null;
  }
  return (
    <OverlayFrame title={title} width={width} height={height}>
      {body}
    </OverlayFrame>
  );
}
