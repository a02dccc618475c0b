import { Text } from 'ink';
import { keyFor } from '../../shell/keymap.js';
import type { Job } from '../../store/state.js';
import { color, useServices, useTheme } from '../context.js';
import { fitHints, keyHints } from '../key-hints.js';
import { cellWidth } from '../../domain/text/cell-width.js';
import { truncate } from '../text.js';
import { useStore } from '../use-store.js';
import { CommandLine } from './command-line.js';
import { SearchLine } from './search-line.js';

/** A job the panel does not show (no progress yet), or one waiting for a confirmation. */
function jobStatus(job: Job, confirming: boolean, cancelKey: string | null): string {
  if (confirming) return `${job.line} — waiting for your answer`;
  if (job.cancelling) return `${job.line} — cancelling…`;
  return `${job.line} — running…${cancelKey ? ` (${cancelKey} cancels)` : ''}`;
}

/**
 * The line above the status bar: the search or command editor, else the last message, else a
 * running job without a progress panel, else key hints. Editors give way to a confirmation.
 */
export function PromptLine({ width }: { width: number }) {
  const theme = useTheme();
  const { keymap } = useServices();
  const searching = useStore((s) => s.search.editing);
  const commanding = useStore((s) => s.commandLine.editing);
  const confirming = useStore((s) => s.confirm !== null);
  const message = useStore((s) => s.message);
  const job = useStore((s) => s.job);
  const pane = useStore((s) => s.pane);
  if (commanding) return <CommandLine active={!confirming} width={width} />;
  if (searching) return <SearchLine active={!confirming} width={width} />;
  if (!message && job && (!job.progress || confirming)) {
    return (
      <Text wrap="truncate" color={color(job.cancelling ? theme.warning : theme.muted)}>
        {jobStatus(job, confirming, keyFor(keymap, 'cancelJob'))}
      </Text>
    );
  }
  if (!message) {
    return (
      <Text wrap="truncate" color={color(theme.muted)}>
        {` ${fitHints(keyHints(keymap, pane), width - 2)}`}
      </Text>
    );
  }
  const shown = messageLine(message.text, width, keyFor(keymap, 'messageOpen'), keyFor(keymap, 'close'));
  return (
    <Text wrap="truncate" color={color(message.kind === 'error' ? theme.error : theme.text)}>
      {shown.text}
      {shown.hint && <Text color={color(theme.muted)}>{shown.hint}</Text>}
    </Text>
  );
}

/**
 * A message on one line, whatever its length: its first line, cut to fit, and when anything is
 * cut the key that opens it whole (the header and the pane stay where they are).
 */
export function messageLine(text: string, width: number, openKey: string | null, closeKey: string | null): { text: string; hint: string } {
  const first = text.split('\n')[0];
  if (!text.includes('\n') && cellWidth(first) <= width) return { text: first, hint: '' };
  const hint = `  ${[openKey && `${openKey} shows it all`, closeKey && `${closeKey} dismisses`].filter(Boolean).join(' · ')}`;
  return { text: truncate(first, Math.max(10, width - cellWidth(hint))), hint };
}
