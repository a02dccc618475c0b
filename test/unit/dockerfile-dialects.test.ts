// Dockerfiles as people write them: heredocs, the escape and syntax directives, comments inside
// continuations, ARG before FROM. The hand-written parser's instruction lines are checked against
// dockerfile-ast's (a well-kept parser, a dev dependency here only) on each, and its arguments
// against what Docker runs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { firstHeredoc, parseDockerfile, runCommand, stageLabel } from '../../src/domain/builds/dockerfile.js';

const CASES: Record<string, string> = {
  heredoc: ['# syntax=docker/dockerfile:1.4', 'FROM alpine AS base', 'RUN <<EOF', 'set -e', 'echo one > /one', 'EOF', 'RUN echo after'].join('\n'),
  'heredoc <<- and quoted, two in one RUN': ['FROM alpine', 'RUN <<-"A" sh && cat <<B', '\techo a', '\tA', 'b body', 'B', 'COPY <<EOF /etc/x.conf', 'k=v', 'EOF', 'CMD ["sh"]'].join('\n'),
  'escape directive': ['# escape=`', 'FROM mcr.microsoft.com/windows/servercore', 'RUN dir `', '  c:\\ `', '  /s', 'COPY a b'].join('\n'),
  'comments inside continuations': ['FROM alpine', 'RUN apk add \\', '# the compiler', '    gcc \\', '', '    make', 'WORKDIR /src'].join('\n'),
  'ARG before FROM, multi-stage': ['ARG VERSION=3.19', 'FROM alpine:${VERSION} AS build', 'RUN make', 'FROM scratch', 'COPY --from=build /app /app'].join('\n'),
};

function astLines(text: string): [string, number, number][] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((ins) => [ins.getKeyword(), ins.getRange().start.line + 1, ins.getRange().end.line + 1]);
}

describe('Dockerfile dialects', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`${name}: every instruction on the lines dockerfile-ast finds`, () => {
      const ours = parseDockerfile(text).instructions.map((i) => [i.keyword, i.startLine, i.endLine]);
      assert.deepEqual(ours, astLines(text));
    });
  }

  it('a heredoc RUN runs its body; the failing line after it is right', () => {
    const df = parseDockerfile(CASES.heredoc);
    assert.equal(runCommand(df.instructions[1]), '<<EOF\nset -e\necho one > /one');
    assert.deepEqual([df.instructions[2].keyword, df.instructions[2].startLine], ['RUN', 7]);
  });

  it('comment lines inside a continuation are dropped from the command, as Docker drops them', () => {
    const df = parseDockerfile(CASES['comments inside continuations']);
    assert.equal(runCommand(df.instructions[1]), 'apk add     gcc     make');
  });

  it('ARG before the first FROM belongs to no stage; stages keep their names', () => {
    const df = parseDockerfile(CASES['ARG before FROM, multi-stage']);
    assert.equal(df.instructions[0].stage, -1);
    assert.equal(stageLabel(df, df.instructions[0].stage), 'before FROM');
    assert.equal(stageLabel(df, df.instructions[2].stage), 'stage 0 (build)');
    assert.equal(df.instructions[4].stage, 1);
  });

  it('the first heredoc is found (the legacy builder cannot read it), up to an instruction', () => {
    const df = parseDockerfile('FROM a\nRUN echo 1\nRUN <<EOF\necho 2\nEOF\nCOPY <<X /f\nx\nX\nRUN exit 1\n');
    assert.equal(firstHeredoc(df)?.startLine, 3);
    assert.equal(firstHeredoc(df, 1), null);
    assert.deepEqual(df.instructions.map((i) => Boolean(i.heredoc)), [false, false, true, true, false]);
    assert.equal(df.instructions[4].startLine, 9);
  });
});
