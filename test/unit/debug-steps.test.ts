import assert from 'node:assert/strict';
import { it } from 'node:test';
import { continueStop, instructionAt, prefixText, runEnd } from '../../src/domain/builds/debug-steps.js';
import { parseDockerfile } from '../../src/domain/builds/dockerfile.js';

const TEXT = ['ARG V=1', 'FROM base AS build', '# c', 'RUN a && \\', '  b', 'FROM build', 'RUN c', 'RUN d'].join('\n') + '\n';
const df = parseDockerfile(TEXT);

it('debug plan: breakpoints map to instructions, leading ARGs run with FROM, prefixes end at an instruction', () => {
  assert.equal(instructionAt(df, 3), 2); // a comment line: the next instruction
  assert.equal(instructionAt(df, 5), 2); // inside a continuation
  assert.equal(instructionAt(df, 99), null);
  assert.equal(runEnd(df, 0), 1); // ARG before FROM builds nothing alone
  assert.equal(runEnd(df, 2), 2);
  // --break 7 (RUN c): c from the start stops before index 4; past the last breakpoint, the end
  assert.equal(continueStop(df, 0, [7]), 4);
  assert.equal(continueStop(df, 4, [7]), df.instructions.length);
  assert.equal(prefixText(TEXT, df, 2), 'ARG V=1\nFROM base AS build\n# c\nRUN a && \\\n  b\n');
});
