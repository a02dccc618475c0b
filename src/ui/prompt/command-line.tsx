import { Text } from 'ink';
import { useState } from 'react';
import { resolveKey } from '../../shell/keymap.js';
import { color, useServices, useTheme } from '../context.js';
import { cancelsJob, performKeyAction } from '../key-actions.js';
import { useKeys } from '../use-keys.js';
import { useStore } from '../use-store.js';
import { editLine } from './line-edit.js';

/** `:command args▏` with Tab completion and ↑/↓ history; Enter runs it, Esc closes. */
export function CommandLine({ active }: { active: boolean }) {
  const services = useServices();
  const { store } = services;
  const theme = useTheme();
  const text = useStore((s) => s.commandLine.text);
  const back = useStore((s) => Math.min(s.commandLine.back ?? 0, s.commandLine.text.length));
  const [candidates, setCandidates] = useState<string[]>([]);

  useKeys((name, input) => {
    const line = store.getState().commandLine.text;
    setCandidates([]);
    if (name === 'escape') return store.dispatch({ type: 'cmdline/close' });
    if (name === 'up' || name === 'down') return store.dispatch({ type: 'cmdline/history', delta: name === 'up' ? -1 : 1 });
    if (name === 'tab') {
      const result = services.complete(line);
      store.dispatch({ type: 'cmdline/set', text: result.line, back: 0 });
      if (result.candidates.length > 1) setCandidates(result.candidates);
      return;
    }
    if (name === 'enter') {
      store.dispatch({ type: 'cmdline/submit' });
      if (line.trim()) {
        services.runLine(line.trim()).catch((e: unknown) => {
          store.dispatch({ type: 'message/set', message: { kind: 'error', text: e instanceof Error ? e.message : String(e) } });
        });
      }
      return;
    }
    if (name === 'backspace' && line === '') return store.dispatch({ type: 'cmdline/close' });
    if (name?.startsWith('ctrl+') && name !== 'ctrl+u' && name !== 'ctrl+w') {
      if (cancelsJob(name, services)) return;
      const action = resolveKey(services.keymap, name, ['global']);
      if (action === 'quit') performKeyAction(action, services);
      return;
    }
    // the cursor: ←/→ move it; edits happen before it (a prefilled `build -t  .` puts it before ` .`)
    const { back: b = 0 } = store.getState().commandLine;
    if (name === 'left' || name === 'right') {
      return store.dispatch({ type: 'cmdline/set', text: line, back: Math.max(0, Math.min(line.length, b + (name === 'left' ? 1 : -1))) });
    }
    const at = line.length - Math.min(b, line.length);
    const next = editLine(line.slice(0, at), name, input);
    if (next !== null) store.dispatch({ type: 'cmdline/set', text: next + line.slice(at), back: b });
  }, active);

  return (
    <Text wrap="truncate">
      <Text color={color(theme.accent)}>:</Text>
      {text.slice(0, text.length - back)}
      <Text inverse>{back > 0 ? text[text.length - back] : ' '}</Text>
      {back > 1 ? text.slice(text.length - back + 1) : ''}
      {candidates.length > 0 && <Text color={color(theme.muted)}>{`   ${candidates.join('  ')}`}</Text>}
    </Text>
  );
}
