import { Box, Text } from 'ink';
import { useMemo, useRef, useState } from 'react';
import type { ContextInfo } from '../../domain/connection/endpoint.js';
import { keyFor, resolveKey } from '../../shell/keymap.js';
import { color, useServices, useTheme } from '../context.js';
import { cancelsJob, performKeyAction } from '../key-actions.js';
import { fit } from '../text.js';
import { useKeys } from '../use-keys.js';
import { useStore } from '../use-store.js';
import { FRAME_CHROME, OverlayFrame } from './overlay-frame.js';

const MOVES = { up: -1, down: 1, pageUp: -10, pageDown: 10, top: -Infinity, bottom: Infinity } as const;

function load(contexts: (() => ContextInfo[]) | undefined): { items: ContextInfo[]; error: string | null } {
  try {
    return { items: contexts?.() ?? [], error: null };
  } catch (e) {
    return { items: [], error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The context switcher (`c`): the contexts as `context ls` lists them, the cursor on the one in
 * use; Enter switches to the one under the cursor through `:context switch NAME` (a job, so Esc
 * cancels a slow one, and an engine that does not answer leaves the app where it was).
 *
 * Not ink-select-input: its own useInput bypasses the key router, so keys typed ahead (`c↓⏎`)
 * would be lost and digits would also reach the panes.
 */
export function ContextOverlay({ width, height, active }: { width: number; height: number; active: boolean }) {
  const services = useServices();
  const theme = useTheme();
  const current = useStore((s) => s.connection.context);
  const { items, error } = useMemo(() => load(services.contexts), [services]);
  const start = Math.max(0, items.findIndex((c) => c.name === current));
  const [cursor, setCursor] = useState(start);
  // Keys typed ahead arrive before React renders again: the handler reads and writes this.
  const at = useRef(start);

  useKeys((name) => {
    const action = name && resolveKey(services.keymap, name, ['global', 'list']);
    if (action === 'close' || action === 'contexts') return services.store.dispatch({ type: 'overlay/close' });
    if (cancelsJob(name, services)) return;
    if (action === 'quit') return performKeyAction(action, services);
    if (action && action in MOVES && items.length) {
      at.current = Math.max(0, Math.min(items.length - 1, at.current + MOVES[action as keyof typeof MOVES]));
      return setCursor(at.current);
    }
    if (action === 'details' && items[at.current]) {
      const chosen = items[at.current];
      services.store.dispatch({ type: 'overlay/close' });
      if (chosen.name !== current) void services.runLine(`context switch ${chosen.name}`);
    }
  }, active);

  const inner = Math.max(1, height - FRAME_CHROME);
  const nameWidth = Math.min(24, Math.max(4, ...items.map((c) => c.name.length + 2)));
  const descWidth = Math.min(40, Math.max(11, ...items.map((c) => c.description.length)));
  const first = Math.max(0, Math.min(cursor - inner + 2, items.length - inner + 1));
  const shown = items.slice(first, first + inner - 1);
  const enter = keyFor(services.keymap, 'details', 'list') ?? 'Enter';
  const esc = keyFor(services.keymap, 'close', 'global') ?? 'Esc';
  const selected = theme.inverseSelection ? { inverse: true } : { color: color(theme.selectedFg), backgroundColor: color(theme.selectedBg) };
  return (
    <OverlayFrame title="Docker contexts" hint={`${enter} switch · ${esc} close`} width={width} height={height}>
      <Text bold wrap="truncate" color={color(theme.muted)}>
        {`  ${'NAME'.padEnd(nameWidth)} ${'DESCRIPTION'.padEnd(descWidth)} DOCKER ENDPOINT`}
      </Text>
      {error && <Text color={color(theme.error)}>{error}</Text>}
      {shown.map((c, i) => {
        const index = first + i;
        const mark = c.name === current ? ' *' : '';
        const line = `${index === cursor ? '›' : ' '} ${fit(c.name + mark, nameWidth)} ${fit(c.description, descWidth)} ${c.error || c.endpoint}`;
        return (
          <Box key={c.name} width={width - 4}>
            <Text wrap="truncate" {...(index === cursor ? selected : c.error ? { color: color(theme.error) } : {})}>
              {line}
            </Text>
          </Box>
        );
      })}
    </OverlayFrame>
  );
}
