// `--format` as the docker CLI reads it (cli/command/formatter/formatter.go): `table` (with or
// without a template: a header row, columns aligned by Go's tabwriter), `json` (one object a
// line), or a Go template executed once per item. Errors are docker's, worded as it words them.
import { GO_TYPE, parseTemplate, TemplateError, type Template } from '../domain/text/go-template.js';
import { tabwrite } from '../domain/text/tabwriter.js';
import { CommandError } from './command.js';

/** The header row's functions: each gives back the header it is handed (docker's HeaderFunctions). */
const HEADER_FUNCS: Record<string, (...args: unknown[]) => unknown> = Object.fromEntries(
  ['json', 'split', 'join', 'title', 'lower', 'upper', 'truncate'].map((name) => [name, (v: unknown) => v]),
);

/** A method giving what `{{json .}}` prints of an object (Go's MarshalJSON on docker's contexts). */
export const MARSHAL = Symbol('imgsh.marshalJSON');

/**
 * docker's `json`: Go's encoder without HTML escaping, except that its contexts marshal
 * themselves with json.Marshal, which escapes <, > and & (`"\u003cnone\u003e"`).
 */
function dockerJson(v: unknown): string {
  const marshal = v !== null && typeof v === 'object' ? (v as { [MARSHAL]?: () => unknown })[MARSHAL] : undefined;
  if (!marshal) return JSON.stringify(v) ?? 'null';
  return JSON.stringify(marshal()).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/**
 * What docker's templates see of one item: its fields as methods, a Go type for the errors
 * (`can't evaluate field Foo in type *formatter.imageContext`), and `{{json .}}` of every field.
 */
export function dockerContext(goType: string, fields: Record<string, () => string>): object {
  // each caller hands a fresh object of its own: it becomes the context, not copied (a thousand
  // tags make a thousand). What a caller adds after (a method such as Label) is not marshalled.
  const keys = Object.keys(fields);
  const marshal = () => {
    const out: Record<string, string> = {};
    for (const k of keys) out[k] = fields[k]();
    return out;
  };
  return Object.assign(fields, { [GO_TYPE]: goType, [MARSHAL]: marshal });
}

export interface DockerFormat {
  table: boolean;
  template: string;
}

/** `table …`, `json`, or a template; the docker CLI's `\t` and `\n` written out become tab and newline. */
export function readFormat(source: string): DockerFormat {
  const table = source.startsWith('table');
  let template = table ? source.slice('table'.length) : source === 'json' ? '{{json .}}' : source;
  template = template.replace(/^ +| +$/g, '').replaceAll('\\t', '\t').replaceAll('\\n', '\n');
  return { table, template };
}

function parse(template: string, funcs?: Record<string, (...args: unknown[]) => unknown>): Template {
  try {
    return parseTemplate(template, funcs);
  } catch (e) {
    throw templateError(e);
  }
}

/** A template's error in docker's words (`template parsing error: …`); anything else as it came. */
export function templateError(e: unknown, exitCode: 1 | 64 = 1): Error {
  return e instanceof TemplateError ? new CommandError(`template parsing error: ${e.message}`, undefined, exitCode) : (e as Error);
}

/** The template run once over `item`, with no line added after it. */
export function renderOnce(format: DockerFormat, item: object): string {
  const template = parse(format.template, { json: dockerJson });
  try {
    return template.execute(item);
  } catch (e) {
    throw templateError(e);
  }
}

/** Each item through the format, a line each; a table gets `headers` (field → column title) on top. */
export function renderFormat(format: DockerFormat, items: readonly object[], headers: Record<string, string>): string {
  // `--format json`, the scripts' form: each item as docker marshals it, without running a template per item
  if (!format.table && format.template === '{{json .}}') return items.map((item) => `${dockerJson(item)}\n`).join('');
  const row = parse(format.template, { json: dockerJson });
  let out = '';
  for (const item of items) {
    try {
      out += `${row.execute(item)}\n`;
    } catch (e) {
      throw templateError(e);
    }
  }
  if (!format.table) return out;
  const header = parse(format.template, HEADER_FUNCS).execute({ ...headers });
  return tabwrite(`${header}\n${out}`);
}
