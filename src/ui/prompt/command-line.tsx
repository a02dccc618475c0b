import { lineOf, type LineEdit } from '../../domain/text/line-editor.js';
import { useServices } from '../context.js';
import { useStore } from '../use-store.js';
import { LineView } from './line-view.js';
import { useLineEditor, type PromptModel } from './use-line-editor.js';

/** `:command args▏`: readline keys, Tab completion, the history; Enter runs it, Esc closes. */
export function CommandLine({ active, width }: { active: boolean; width: number }) {
  const services = useServices();
  const { store } = services;
  const text = useStore((s) => s.commandLine.text);
  const cursor = useStore((s) => s.commandLine.cursor);
  const found = useStore((s) => (s.prompt.find?.index != null ? s.prompt.histories.command?.[s.prompt.find.index] : undefined));

  const model: PromptModel = {
    kind: 'command',
    read: () => {
      const c = store.getState().commandLine;
      return lineOf(c.text, c.cursor);
    },
    write: (line: LineEdit) => store.dispatch({ type: 'cmdline/set', text: line.text, cursor: line.cursor }),
    submit: (line) => {
      store.dispatch({ type: 'cmdline/submit' });
      if (!line.trim()) return;
      services.runLine(line.trim()).catch((e: unknown) => {
        store.dispatch({ type: 'message/set', message: { kind: 'error', text: e instanceof Error ? e.message : String(e) } });
      });
    },
    cancel: () => store.dispatch({ type: 'cmdline/close' }),
    complete: (line) => {
      // what is before the cursor is completed; what is after it stays
      const r = services.complete(line.text.slice(0, line.cursor));
      const rest = line.text.slice(line.cursor);
      return { line: { text: r.line + rest, cursor: r.line.length }, candidates: r.candidates };
    },
  };
  const { find, candidates } = useLineEditor(model, active);
  const tail = candidates.length > 0 ? `   ${candidates.join('  ')}` : '';
  return <LineView lead=":" line={lineOf(text, cursor)} width={width} find={find} found={found} tail={tail} />;
}
