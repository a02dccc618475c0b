import { displayKey, KEY_ACTIONS, type Binding, type KeyAction, type KeyScope } from './keymap.js';

export interface KeyTableRow {
  action: KeyAction;
  /** Display names: `Ctrl-C`, `PgUp`, `G`. */
  keys: string[];
  description: string;
}

export interface KeyTableGroup {
  scope: KeyScope;
  title: string;
  rows: KeyTableRow[];
}

const SCOPE_TITLES: Record<KeyScope, string> = {
  global: 'Everywhere',
  list: 'In the Images list',
  job: 'While a job runs',
  build: 'In the Build pane',
  layers: 'In the Layers pane',
  line: 'In a prompt (the : line, searches, filters, paths)',
  confirm: 'In a confirmation',
};

/** The key bindings grouped by scope, in keymap order: the help overlay and the README both use it. */
export function keyTable(keymap: readonly Binding[]): KeyTableGroup[] {
  return (Object.keys(SCOPE_TITLES) as KeyScope[])
    .map((scope) => ({
      scope,
      title: SCOPE_TITLES[scope],
      rows: keymap
        .filter((b) => b.scope === scope)
        .map((b) => ({ action: b.action, keys: b.keys.map(displayKey), description: KEY_ACTIONS[b.action] })),
    }))
    .filter((g) => g.rows.length > 0);
}

function code(text: string): string {
  const escaped = text.replace(/\|/g, '\\|');
  return escaped.includes('`') ? `\`\` ${escaped} \`\`` : `\`${escaped}\``;
}

/** The key table as Markdown (a `###` heading and a table per scope), for the README. */
export function keymapMarkdown(keymap: readonly Binding[]): string {
  return keyTable(keymap)
    .map((g) =>
      [`### ${g.title}`, '', '| Keys | Action |', '| --- | --- |', ...g.rows.map((r) => `| ${r.keys.map(code).join(', ')} | ${r.description} |`)].join('\n'),
    )
    .join('\n\n')
    .concat('\n');
}
