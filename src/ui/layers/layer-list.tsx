import { Box, Text } from 'ink';
import { cleanCreatedBy } from '../../domain/images/details.js';
import type { StepWithLayer } from '../../domain/layers/layer-index.js';
import { formatBytes } from '../../domain/text/size.js';
import { color, useTheme } from '../context.js';
import { fit } from '../text.js';
import { sizeBar, windowStart } from './window.js';

interface Props {
  steps: StepWithLayer[];
  layerBytes: number[];
  digests: string[];
  cursor: number;
  focused: boolean;
  width: number;
  height: number;
}

const SIZE = 8;
const BAR = 10;
const DIGEST = 12;

/** One row per history step, oldest first; empty steps dimmed, each layer with a size bar. */
export function LayerList({ steps, layerBytes, digests, cursor, focused, width, height }: Props) {
  const theme = useTheme();
  const max = Math.max(0, ...layerBytes);
  const start = windowStart(cursor, height, steps.length);
  const by = Math.max(10, width - SIZE - BAR - DIGEST - 8);
  return (
    <Box flexDirection="column" height={height}>
      {steps.slice(start, start + height).map((s, i) => {
        const at = start + i;
        const selected = at === cursor;
        const bytes = s.layer === null ? 0 : layerBytes[s.layer];
        const digest = s.layer === null ? 'empty' : digests[s.layer].replace(/^sha256:/, '').slice(0, DIGEST);
        const text = `${selected ? '›' : ' '} ${fit(s.layer === null ? '—' : formatBytes(bytes), SIZE, 'right')} ${s.layer === null ? ' '.repeat(BAR) : sizeBar(bytes, max, BAR)} ${fit(digest, DIGEST)} ${fit(cleanCreatedBy(s.createdBy) || '(no history)', by)}`;
        const highlight = selected && focused;
        return (
          <Text
            key={at}
            wrap="truncate"
            dimColor={s.layer === null && !highlight}
            color={color(highlight ? theme.selectedFg : s.layer === null ? theme.muted : theme.text)}
            backgroundColor={color(highlight ? theme.selectedBg : null)}
          >
            {fit(text, width)}
          </Text>
        );
      })}
    </Box>
  );
}
