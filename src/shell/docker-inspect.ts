// docker's inspect output (cli/command/inspect/inspector.go): with no format, the engine's own
// JSON documents in an array, indented by four spaces; `json`, the same compacted; a template,
// run over docker's typed view of each document, and when that fails (a field the type lacks)
// over the raw document with missingkey=error, whose error is the one reported.
import { inspectView } from '../domain/images/inspect-view.js';
import { jsonCompact, jsonIndent } from '../domain/text/go-json.js';
import { parseTemplate, TemplateError, type Template } from '../domain/text/go-template.js';
import { templateError } from './docker-format.js';

export type InspectFormat = { kind: 'indent' | 'json' } | { kind: 'template'; template: Template };

/** `-f` as docker reads it; a template that does not parse is docker's exit 64. */
export function inspectFormat(source: string | undefined): InspectFormat {
  if (!source) return { kind: 'indent' };
  if (source === 'json') return { kind: 'json' };
  try {
    return { kind: 'template', template: parseTemplate(source) };
  } catch (e) {
    throw templateError(e, 64);
  }
}

/** One document through a template: its text (with docker's newline), or throws docker's error line (a CommandError). */
export function inspectLine(template: Template, document: string): string {
  const raw = JSON.parse(document) as unknown;
  try {
    return `${template.execute(inspectView(raw))}\n`;
  } catch (typed) {
    if (!(typed instanceof TemplateError)) throw typed;
    try {
      return `${template.execute(raw, { missingKey: 'error' })}\n`;
    } catch (e) {
      throw templateError(e);
    }
  }
}

/** What docker prints on stdout once every reference was tried: `lines` from templates, else the documents. */
export function inspectText(format: InspectFormat, documents: string[], lines: string[]): string {
  if (format.kind === 'template') return lines.length ? lines.join('') : '\n';
  if (documents.length === 0) return '[]\n';
  const array = `[${documents.join(',')}]`;
  return `${format.kind === 'json' ? jsonCompact(array) : jsonIndent(array)}\n`;
}
