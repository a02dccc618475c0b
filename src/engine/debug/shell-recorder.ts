import type { Endpoint } from '../../domain/connection/endpoint.js';
import { getArchive } from '../api/containers.js';
import { extract, pack } from 'tar-stream';

/** Where the recorder lives in a shell's container: outside any image's own files, writable by any user. */
export const RECORDER_DIR = '/.imgsh-shell';
export const RECORDER_RC = `${RECORDER_DIR}/rc`;
const LOG = `${RECORDER_DIR}/log`;

/**
 * Read by bash (`--rcfile`) and by ash, busybox sh and dash (`$ENV`): before each prompt, the
 * last history entry and the status it ended with go to the log. bash through PROMPT_COMMAND,
 * ash through a command substitution in PS1 (expanded at every prompt). A shell without history
 * (dash) writes nothing. Nothing else of the shell changes: the user's rc files are read first.
 */
const RC = `if [ -n "$BASH_VERSION" ]; then
  [ -f /etc/bash.bashrc ] && . /etc/bash.bashrc
  [ -f "$HOME/.bashrc" ] && . "$HOME/.bashrc"
fi
__imgsh_nl='
'
__imgsh_log() {
  if [ -n "$BASH_VERSION" ]; then
    __imgsh_h=$(HISTTIMEFORMAT= history 1 2>/dev/null) || return 0
  else
    __imgsh_h=$(history 2>/dev/null) || return 0
    __imgsh_h=\${__imgsh_h##*"$__imgsh_nl"}
  fi
  __imgsh_h=\${__imgsh_h#"\${__imgsh_h%%[! ]*}"}
  __imgsh_n=\${__imgsh_h%%[!0-9]*}
  [ -n "$__imgsh_n" ] || return 0
  __imgsh_h=\${__imgsh_h#"$__imgsh_n"}
  __imgsh_h=\${__imgsh_h#\\*}
  __imgsh_h=\${__imgsh_h#"\${__imgsh_h%%[! ]*}"}
  printf '%s\\t%s\\t%s\\n' "$__imgsh_n" "$1" "$__imgsh_h" >> ${LOG} 2>/dev/null
  return 0
}
if [ -n "$BASH_VERSION" ]; then
  PROMPT_COMMAND="__imgsh_log \\$?\${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
else
  PS1='$(__imgsh_log $?)'"\${PS1:-\\\\w \\\\$ }"
fi
`;

/** The recorder as a tar for `/`, put into a created shell container. */
let tar: Promise<Buffer> | null = null;

export function recorderTar(): Promise<Buffer> {
  return (tar ??= packRecorder());
}

function packRecorder(): Promise<Buffer> {
  return tarOf([
    { header: { name: `${RECORDER_DIR.slice(1)}/`, type: 'directory', mode: 0o1777 } },
    { header: { name: RECORDER_RC.slice(1), mode: 0o644 }, body: RC },
  ]);
}

/** `done` for RECORDER_DIR: started with it, the shell's container waits until imgsh has taken its files out, then ends (debug-shell.ts). */
export function doneTar(): Promise<Buffer> {
  return tarOf([{ header: { name: 'done' }, body: '' }]);
}

async function tarOf(entries: { header: Parameters<ReturnType<typeof pack>['entry']>[0]; body?: string }[]): Promise<Buffer> {
  const out = pack();
  for (const e of entries) {
    if (e.body === undefined) out.entry(e.header);
    else out.entry(e.header, e.body);
  }
  out.finalize();
  const parts: Buffer[] = [];
  for await (const c of out) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** The log the shell wrote, read from its stopped container; '' when it wrote none. */
export async function readShellLog(endpoint: Endpoint, container: string): Promise<string> {
  let source: NodeJS.ReadableStream;
  try {
    source = await getArchive(endpoint, container, LOG);
  } catch {
    return '';
  }
  return new Promise<string>((resolve) => {
    const ex = extract();
    let text = '';
    ex.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'file') text = Buffer.concat(chunks).toString('utf8');
        next();
      });
    });
    ex.on('finish', () => resolve(text));
    ex.on('error', () => resolve(text));
    source.pipe(ex);
  });
}
