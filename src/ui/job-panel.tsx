import { Box, Text } from 'ink';
import { keyFor } from '../shell/keymap.js';
import { color, useServices, useTheme } from './context.js';
import { jobLines } from './job-lines.js';
import { useStore } from './use-store.js';

/** A running job's progress above the prompt line: title, the last items that fit, a total bar. */
export function JobPanel({ width, height }: { width: number; height: number }) {
  const { keymap } = useServices();
  const theme = useTheme();
  const job = useStore((s) => s.job);
  if (!job?.progress || height < 1) return null;
  const key = keyFor(keymap, 'cancelJob');
  const hint = job.cancelling ? ' cancelling…' : key ? ` ${key} cancels` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box width={width}>
        <Box flexGrow={1}>
          <Text bold wrap="truncate" color={color(theme.accent)}>
            {job.progress.title || job.line}
          </Text>
        </Box>
        <Text color={color(job.cancelling ? theme.warning : theme.muted)}>{hint}</Text>
      </Box>
      {jobLines(job.progress, width, height - 1).map((line, i) => (
        <Text key={i} wrap="truncate" color={color(theme.text)}>
          {line}
        </Text>
      ))}
    </Box>
  );
}
