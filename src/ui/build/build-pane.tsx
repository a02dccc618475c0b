import { Box, Text } from 'ink';
import type { JSX } from 'react';
import type { BuildStep } from '../../domain/builds/build-steps.js';
import { stageLabel } from '../../domain/builds/dockerfile.js';
import { resolveKey } from '../../shell/keymap.js';
import { lineOf } from '../../domain/text/line-editor.js';
import type { BuildView } from '../../store/build.js';
import type { Store } from '../../store/store.js';
import { fit } from '../text.js';
import { color, useServices, useTheme } from '../context.js';
import { useKeys } from '../use-keys.js';
import { useStore } from '../use-store.js';
import { LineView } from '../prompt/line-view.js';
import { useLineEditor } from '../prompt/use-line-editor.js';
import { logSearchModel, useBuildActions } from './build-actions.js';
import { logMatches, logTop, selectedLog } from './build-log.js';

const MARK: Record<BuildStep['status'], string> = { running: '…', cached: '=', done: '✓', failed: '✗' };

function seconds(step: BuildStep): string {
  return step.endedAt === null ? '' : `${((step.endedAt - step.startedAt) / 1000).toFixed(1)}s`;
}

/**
 * `✓ 3/5 [build] RUN make      done     1.2s 3f2a1b0c9d8e`: the stage only in multi-stage builds.
 * Every column lines up at any width; as it shrinks the status word goes first (the mark says
 * it), then the image id shortens to 7, and the instruction takes what is left.
 */
export function stepRow(s: BuildStep, view: BuildView, width: number): string {
  const stages = view.stepStages;
  const stage = stages && new Set(stages).size > 1 ? `[${stages[s.number - 1] ?? '?'}] ` : '';
  const total = view.snapshot?.total ?? s.number;
  const num = `${s.number}/${total}`.padStart(`${total}/${total}`.length);
  const lead = `${MARK[s.status]} ${num} `;
  const tail = (status: boolean, id: number) => `${status ? ` ${s.status.padEnd(7)}` : ''} ${seconds(s).padStart(6)} ${(s.imageId ?? '').slice(0, id).padEnd(id)}`;
  const room = (t: string) => width - lead.length - t.length;
  let end = tail(true, 12);
  if (room(end) < 24) end = tail(false, 12);
  if (room(end) < 20) end = tail(false, 7);
  return `${lead}${fit(`${stage}${s.instruction}`, Math.max(4, room(end)))}${end}`;
}

export function BuildPane({ width, height, active }: { width: number; height: number; active: boolean }) {
  const theme = useTheme();
  const services = useServices();
  const { store } = services;
  const view = useStore((s) => s.build);
  const r = view.report;
  const failLines = r ? 5 : 0;
  const typing = !view.debug && !!view.logSearch?.editing;
  const missLines = view.cacheMiss ? 1 : 0;
  const rows = Math.max(1, height - failLines - 1 - (typing ? 1 : 0) - missLines);
  const actions = useBuildActions(rows);
  useKeys((name) => {
    const now = store.getState().build;
    // `n` runs the next instruction in a debug session, else it is the log search's next match
    const keymap = now.debug ? services.keymap : services.keymap.filter((b) => b.scope !== 'build' || !b.action.startsWith('debug'));
    const action = name && resolveKey(keymap, name, ['build']);
    if (action) actions(action);
  }, active && !typing);

  const steps = view.snapshot?.steps ?? [];
  if (view.debug) return <DebugView view={view} width={width} height={height} />;
  if (!view.line && steps.length === 0) {
    return <Text color={color(theme.muted)}>No build yet: `:build -t NAME .` (or `b` in Images) builds and shows its steps here.</Text>;
  }
  // the steps take half a wide screen, a little more of a narrow one
  const listWidth = width < 100 ? Math.floor(width * 0.55) : Math.min(60, Math.floor(width / 2));
  const start = Math.max(0, Math.min(view.selected - Math.floor(rows / 2), steps.length - rows));
  const lines = selectedLog(view);
  const top = logTop(view.logTop, rows, lines.length);
  const search = view.logSearch;
  const matches = search ? logMatches(lines, search.query) : [];
  const log = lines.slice(top, top + rows);
  const count = search?.query ? (matches.length ? `${search.match !== null ? matches.indexOf(search.match) + 1 : 0}/${matches.length}` : 'no match') : '';
  const scrolled = view.logTop !== null && view.logTop !== undefined && lines.length > rows ? `  log ${top + 1}–${Math.min(lines.length, top + rows)} of ${lines.length}` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">
        {`${view.line ?? ''}${view.running ? '  (building…)' : ''}`}
        <Text color={color(theme.muted)}>{`${view.logFocus ? '  [log]' : ''}${scrolled}`}</Text>
        {search && !search.editing && <Text color={color(theme.accent)}>{`  /${search.query}  ${count}`}</Text>}
      </Text>
      {view.cacheMiss && <Text color={color(theme.accent)} wrap="truncate">{view.cacheMiss}</Text>}
      {search?.editing && <LogSearchLine store={store} rows={rows} width={width} count={count} active={active && typing} />}
      <Box height={rows}>
        <Box flexDirection="column" width={listWidth}>
          {steps.slice(start, start + rows).map((s, i) => (
            <Text key={start + i} inverse={start + i === view.selected} color={color(s.status === 'failed' ? theme.error : null)} wrap="truncate">
              {stepRow(s, view, listWidth)}
            </Text>
          ))}
        </Box>
        <Box flexDirection="column" width={width - listWidth - 1} marginLeft={1}>
          {log.map((l, i) => (
            <LogRow key={top + i} text={l.text} stderr={!!l.stderr} query={search?.query ?? ''} current={search?.match === top + i} />
          ))}
        </Box>
      </Box>
      {r && (
        <Box flexDirection="column" height={failLines}>
          <Text color={color(theme.error)} wrap="truncate">{r.instruction ? `✗ ${r.instruction}  (${[r.line !== null ? `line ${r.line}` : null, r.stage].filter(Boolean).join(', ')})` : '✗ the build failed before any step ran'}</Text>
          <Text wrap="truncate">{`exit code ${r.exitCode ?? '?'}: ${r.message}`}</Text>
          <Text wrap="truncate">{`last good layer ${r.lastGoodId ?? '(none)'}${view.failedStateId ? '  · failed state kept' : ''}`}</Text>
          <Text color={color(theme.muted)}>x/Enter shell in the last good layer · f shell in the failed state · r rebuild · e edit at the line</Text>
        </Box>
      )}
    </Box>
  );
}

/** The log search being typed, on a line of its own under the build's line. */
function LogSearchLine({ store, rows, width, count, active }: { store: Store; rows: number; width: number; count: string; active: boolean }) {
  const search = useStore((s) => s.build.logSearch);
  const { find } = useLineEditor(logSearchModel(store, rows), active);
  return <LineView lead="/" line={lineOf(search?.query ?? '', search?.cursor)} width={width} find={find} tail={count ? `  ${count}` : ''} />;
}

/** One log line; with a search, its matches inverse (the current match's line marked with ›). */
function LogRow({ text, stderr, query, current }: { text: string; stderr: boolean; query: string; current: boolean }) {
  const theme = useTheme();
  const fg = color(stderr ? theme.error : null);
  if (!query) return <Text color={fg} wrap="truncate">{text}</Text>;
  const parts: JSX.Element[] = [];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  let at = 0;
  for (let hit = lower.indexOf(q); hit >= 0; hit = lower.indexOf(q, at)) {
    if (hit > at) parts.push(<Text key={`t${at}`}>{text.slice(at, hit)}</Text>);
    parts.push(<Text key={`m${hit}`} inverse color={color(theme.accent)}>{text.slice(hit, hit + q.length)}</Text>);
    at = hit + q.length;
  }
  parts.push(<Text key={`t${at}`}>{text.slice(at)}</Text>);
  return (
    <Text color={fg} wrap="truncate" bold={current}>
      {current ? '›' : ' '}
      {parts}
    </Text>
  );
}

/** The Dockerfile with markers: ✓ ran, ▶ paused before, ● breakpoint, › cursor; stage boundaries as rules. */
function DebugView({ view, width, height }: { view: BuildView; width: number; height: number }) {
  const theme = useTheme();
  const dbg = view.debug!;
  const lines = dbg.text.replace(/\n$/, '').split('\n');
  const ins = dbg.df.instructions;
  const nextLine = dbg.next < ins.length ? ins[dbg.next].startLine : null;
  const ranTo = dbg.next > 0 ? ins[Math.min(dbg.next, ins.length) - 1].endLine : 0;
  const cursorLine = ins[dbg.cursor]?.startLine ?? 0;
  const stageAt = new Map(dbg.df.stages.map((st) => [st.line, st]));
  const status = dbg.busy
    ? 'building…'
    : dbg.error ?? (nextLine === null ? 'finished: every instruction ran' : `paused before line ${nextLine}`);
  const rows: JSX.Element[] = [];
  lines.forEach((text, i) => {
    const n = i + 1;
    const stage = dbg.df.stages.length > 1 ? stageAt.get(n) : undefined;
    if (stage) rows.push(<Text key={`s${n}`} color={color(theme.muted)} wrap="truncate">{`── ${stageLabel(dbg.df, stage.index)} `.padEnd(Math.min(48, width), '─')}</Text>);
    const mark = `${dbg.breaks.includes(n) ? '●' : ' '}${n === nextLine ? '▶' : n <= ranTo ? '✓' : ' '}`;
    rows.push(
      <Text key={n} inverse={n === cursorLine} wrap="truncate">
        {`${mark} ${String(n).padStart(3)}  ${text}`}
      </Text>,
    );
  });
  const shown = Math.max(1, height - 3);
  const start = Math.max(0, Math.min(rows.length - shown, cursorLine - Math.floor(shown / 2)));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">{`debug ${view.dockerfilePath ?? ''} — ${status}`}</Text>
      {rows.slice(start, start + shown)}
      <Text color={color(dbg.error ? theme.error : theme.muted)} wrap="truncate">
        {`${dbg.lastImage ? `last completed step ${dbg.lastImage} · ` : ''}n next · c continue · b breakpoint · j/k cursor · x shell · d changes`}
      </Text>
    </Box>
  );
}
