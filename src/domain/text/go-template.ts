/**
 * Go's text/template, as far as docker CLI `--format` strings use it, with docker's functions
 * (json, split, join, title, lower, upper, pad, truncate) built in. Errors carry Go's wording.
 *
 * JS values stand for Go values: a plain object is a map (sorted when printed or ranged over), an
 * object with a GO_TYPE property is a struct (a missing field is an error, a nil field prints `<nil>`),
 * an array is a slice, an integral number an int and any other number a float64. A function-valued
 * property is a method: `.ID` calls it. The parser and executor live in go-template-*.ts.
 */
import { execute } from './go-template-exec.js';
import { BUILTINS, DOCKER_FUNCS, type FuncSpec } from './go-template-funcs.js';
import { parse } from './go-template-parse.js';

export { GO_TYPE, TemplateError } from './go-template-values.js';
export { goString } from './go-template-printf.js';

export interface ExecuteOptions {
  /** Go's `missingkey=error`: a key a map lacks is an error, where by default it is `<no value>`. */
  missingKey?: 'error';
}

export interface Template {
  execute(data: unknown, opts?: ExecuteOptions): string;
}

export type TemplateFunc = (...args: unknown[]) => unknown;

/**
 * Parses a template; throws TemplateError on a parse error (`template: :1: ...`, without docker's
 * "template parsing error: " prefix). `funcs` adds functions or replaces builtin ones; they take any
 * number of arguments, and a throw becomes Go's `error calling NAME: MESSAGE`.
 */
export function parseTemplate(text: string, funcs: Record<string, TemplateFunc> = {}): Template {
  const all = new Map<string, FuncSpec>([...Object.entries(BUILTINS), ...Object.entries(DOCKER_FUNCS)]);
  const builtins = new Set(Object.keys(BUILTINS));
  for (const [name, fn] of Object.entries(funcs)) {
    all.set(name, { params: [], variadic: 'any', fn });
    builtins.delete(name);
  }
  const root = parse(text, (name) => all.has(name));
  return { execute: (data, opts) => execute(text, root, all, builtins, data, opts?.missingKey === 'error') };
}
