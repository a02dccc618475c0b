// The engine's build output carries colour codes (the legacy builder paints a step's stderr
// `\x1b[91m`…`\x1b[0m`); a pipe or a log file wants the text alone.

const SGR = /\x1b\[[0-9;]*m/g;
/** An escape that may go on in the next chunk: ESC, or ESC [ and digits/semicolons. */
const PARTIAL = /\x1b(?:\[[0-9;]*)?$/;

/** `text` without its SGR (colour) sequences. */
export function stripSgr(text: string): string {
  return text.replace(SGR, '');
}

/** Returns a function that removes SGR (colour) sequences from a stream of chunks, also when one is split between two. */
export function sgrStripper(): (chunk: string) => string {
  let held = '';
  return (chunk) => {
    const text = held + chunk;
    const cut = PARTIAL.exec(text);
    held = cut ? cut[0] : '';
    return (cut ? text.slice(0, cut.index) : text).replace(SGR, '');
  };
}
