import { Text } from 'ink';
import { displayKey, resolveKey, type Binding, type KeyAction } from '../../shell/keymap.js';
import { color, useServices, useTheme } from '../context.js';
import { cancelsJob, performKeyAction } from '../key-actions.js';
import { ScrollLines } from '../scroll-lines.js';
import { useKeys } from '../use-keys.js';
import { useStore } from '../use-store.js';
import { FRAME_CHROME, OverlayFrame } from './overlay-frame.js';

/** `y/Enter` */
function keysOf(keymap: Binding[], action: KeyAction): string {
  return keymap.find((b) => b.action === action && b.scope === 'confirm')?.keys.map(displayKey).join('/') ?? '';
}

/**
 * A command's question (rmi, prune, save over a file) with its details scrollable below;
 * it takes the keys until answered, over any other overlay or line editor.
 */
export function ConfirmOverlay({ width, height, active }: { width: number; height: number; active: boolean }) {
  const services = useServices();
  const theme = useTheme();
  const confirm = useStore((s) => s.confirm);

  useKeys((name) => {
    const action = name && resolveKey(services.keymap, name, ['confirm']);
    if (action) performKeyAction(action, services);
    else cancelsJob(name, services);
  }, active);

  if (!confirm) return null;
  const inner = Math.max(1, height - FRAME_CHROME);
  // The question wraps; the details get what is left, one blank line apart.
  const questionRows = Math.min(3, Math.ceil(confirm.question.length / Math.max(1, width - 4)));
  const hint = `${keysOf(services.keymap, 'confirmYes')} yes · ${keysOf(services.keymap, 'confirmNo')} no`;
  return (
    <OverlayFrame title="Confirm" hint={hint} width={width} height={height}>
      <Text bold wrap="wrap" color={color(theme.warning)}>
        {confirm.question}
      </Text>
      {confirm.details.length > 0 && inner > questionRows + 1 && (
        <>
          <Text> </Text>
          <ScrollLines lines={confirm.details} height={inner - questionRows - 1} active={active} />
        </>
      )}
    </OverlayFrame>
  );
}
