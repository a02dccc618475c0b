/** text/template's builtin functions and the docker CLI's (cli/templates/templates.go), with Go's errors. */
import { goString, sprint, sprintf, sprintln } from './go-template-printf.js';
import { formatFloat, isPrint } from './go-template-strconv.js';
import { NO_VALUE, TYPED_NIL, compareStrings, goTypeName, isMap, isNil, sortedKeys, structType, utf8Length } from './go-template-values.js';

/** A Go parameter type, as far as the executor checks arguments against it. */
export type ParamType = 'any' | 'string' | 'int' | 'strings';

export interface FuncSpec {
  params: ParamType[];
  /** Element type of a trailing ...parameter. */
  variadic?: ParamType;
  /** Takes the executor's values as they are (NO_VALUE, TYPED_NIL) instead of null for a nil. */
  raw?: boolean;
  fn: (...args: any[]) => unknown;
}

/** Go's truth: false, 0, "", nil and empty slices and maps are false; structs are always true. */
export function isTrue(v: unknown): boolean {
  if (isNil(v)) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'string':
      return v.length > 0;
    case 'object':
      if (Array.isArray(v)) return v.length > 0;
      return structType(v) !== undefined || Object.keys(v as object).length > 0;
  }
  return true;
}

function indexArg(ix: unknown, cap: number): number {
  if (isNil(ix)) throw new Error('cannot index slice/array with nil');
  if (typeof ix !== 'number' || !Number.isInteger(ix)) throw new Error(`cannot index slice/array with type ${goTypeName(ix)}`);
  if (ix < 0 || ix > cap) throw new Error(`index out of range: ${ix}`);
  return ix;
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (isNil(item) && item !== TYPED_NIL) throw new Error('index of untyped nil');
  for (const ix of indexes) {
    if (isNil(item)) throw new Error('index of nil pointer');
    if (typeof item === 'string' || Array.isArray(item)) {
      const seq = typeof item === 'string' ? Buffer.from(item, 'utf8') : item;
      const x = indexArg(ix, seq.length);
      if (x === seq.length) throw new Error(`reflect: ${typeof item === 'string' ? 'string' : 'slice'} index out of range`);
      item = seq[x];
    } else if (isMap(item)) {
      if (isNil(ix)) throw new Error('value is nil; should be of type string');
      if (typeof ix !== 'string') throw new Error(`value has type ${goTypeName(ix)}; should be string`);
      const values = Object.values(item);
      // A missing key gives the zero value of the map's element type: "" when it looks like a map[string]string.
      const zero = values.every((v) => typeof v === 'string') ? '' : NO_VALUE;
      item = Object.hasOwn(item, ix) ? item[ix] : zero;
    } else throw new Error(`can't index item of type ${goTypeName(item)}`);
  }
  return item;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (isNil(item)) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let seq: Buffer | unknown[];
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    seq = Buffer.from(item, 'utf8');
  } else if (Array.isArray(item)) seq = item;
  else throw new Error(`can't slice item of type ${goTypeName(item)}`);
  const idx = [0, seq.length, 0];
  indexes.forEach((ix, i) => (idx[i] = indexArg(ix, seq.length)));
  if (idx[0] > idx[1]) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  return Buffer.isBuffer(seq) ? seq.subarray(idx[0], idx[1]).toString('utf8') : seq.slice(idx[0], idx[1]);
}

function length(item: unknown): number {
  if (item === NO_VALUE) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (isNil(item)) throw new Error('len of nil pointer');
  if (typeof item === 'string') return utf8Length(item);
  if (Array.isArray(item)) return item.length;
  if (isMap(item)) return Object.keys(item).length;
  throw new Error(`len of type ${goTypeName(item)}`);
}

type Kind = 'bool' | 'number' | 'string' | 'invalid';
const basicKind = (v: unknown): Kind =>
  typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : 'invalid';

const incompatible = (a: unknown, b: unknown): Error =>
  new Error(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);

function eq(a: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of rest) {
    let truth = false;
    if (k1 !== basicKind(b)) {
      if (!isNil(a) && !isNil(b)) throw incompatible(a, b);
    } else if (k1 !== 'invalid') truth = a === b;
    else if (isNil(a) || isNil(b)) truth = isNil(a) === isNil(b);
    else if (Array.isArray(b) || isMap(b)) throw new Error(`non-comparable type ${goString(b)}: ${goTypeName(b)}`);
    else truth = a === b;
    if (truth) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) throw incompatible(a, b);
  if (k1 === 'bool') throw new Error('invalid type for comparison');
  return k1 === 'string' ? compareStrings(a as string, b as string) < 0 : (a as number) < (b as number);
}

/** The text of html/js/urlquery's arguments: fmt.Sprint, with a nil printed as `<no value>`. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (isNil(a) && a !== TYPED_NIL ? '<no value>' : a)));
}

const HTML_ESCAPES: Record<string, string> = { '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const JS_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (JS_ESCAPES[ch]) out += JS_ESCAPES[ch];
    else if (r < 0x20 || (r >= 0x80 && !isPrint(r))) out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out;
}

function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const any = (n: number): ParamType[] => Array<ParamType>(n).fill('any');

export const BUILTINS: Record<string, FuncSpec> = {
  and: { params: any(1), variadic: 'any', raw: true, fn: () => undefined }, // short-circuits in the executor
  or: { params: any(1), variadic: 'any', raw: true, fn: () => undefined },
  not: { params: any(1), raw: true, fn: (v: unknown) => !isTrue(v) },
  len: { params: any(1), raw: true, fn: length },
  index: { params: any(1), variadic: 'any', raw: true, fn: index },
  slice: { params: any(1), variadic: 'any', raw: true, fn: slice },
  print: { params: [], variadic: 'any', raw: true, fn: (...a: unknown[]) => sprint(a) },
  printf: { params: ['string'], variadic: 'any', raw: true, fn: (f: string, ...a: unknown[]) => sprintf(f, a) },
  println: { params: [], variadic: 'any', raw: true, fn: (...a: unknown[]) => sprintln(a) },
  eq: { params: any(1), variadic: 'any', raw: true, fn: eq },
  ne: { params: any(2), raw: true, fn: (a: unknown, b: unknown) => !eq(a, b) },
  lt: { params: any(2), raw: true, fn: lt },
  le: { params: any(2), raw: true, fn: (a: unknown, b: unknown) => lt(a, b) || eq(a, b) },
  gt: { params: any(2), raw: true, fn: (a: unknown, b: unknown) => !(lt(a, b) || eq(a, b)) },
  ge: { params: any(2), raw: true, fn: (a: unknown, b: unknown) => !lt(a, b) },
  html: { params: [], variadic: 'any', raw: true, fn: (...a: unknown[]) => evalArgs(a).replace(/[\0"'&<>]/g, (c) => HTML_ESCAPES[c]) },
  js: { params: [], variadic: 'any', raw: true, fn: (...a: unknown[]) => jsEscape(evalArgs(a)) },
  urlquery: { params: [], variadic: 'any', raw: true, fn: (...a: unknown[]) => queryEscape(evalArgs(a)) },
};

/** encoding/json as docker's `json` uses it (SetEscapeHTML(false)); struct methods are called for their value. */
export function jsonEncode(v: unknown): string {
  if (isNil(v)) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`json: unsupported value: ${formatFloat(v, 'g', -1)}`);
      return JSON.stringify(v);
    case 'boolean':
    case 'bigint':
      return String(v);
    case 'function':
      throw new Error('json: unsupported type: func() interface {}');
  }
  const obj = v as Record<string, unknown>;
  if (typeof obj.toJSON === 'function') return jsonEncode(obj.toJSON());
  if (Array.isArray(v)) return `[${v.map(jsonEncode).join(',')}]`;
  const struct = structType(v) !== undefined;
  // a struct's fields in their order; a map's keys sorted, as encoding/json sorts them
  const keys = struct ? Object.keys(obj) : sortedKeys(obj);
  const fields = keys.map((k) => `${jsonEncode(k)}:${jsonEncode(struct && typeof obj[k] === 'function' ? (obj[k] as () => unknown).call(v) : obj[k])}`);
  return `{${fields.join(',')}}`;
}

/** Go's unicode.ToUpper/ToLower map one code point to one: keep those JS would expand (ß → SS). */
function mapRunes(s: string, f: (ch: string) => string): string {
  let out = '';
  for (const ch of s) {
    const m = f(ch);
    out += [...m].length === 1 ? m : ch;
  }
  return out;
}

/** strings.Title's word boundaries. */
function isSeparator(ch: string): boolean {
  if (ch.codePointAt(0)! < 0x80) return !/[0-9A-Za-z_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return /\s/u.test(ch);
}

function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isSeparator(prev) ? mapRunes(ch, (c) => c.toUpperCase()) : ch;
    prev = ch;
  }
  return out;
}

function repeat(n: number): string {
  if (n < 0) throw new Error('strings: negative Repeat count');
  return ' '.repeat(n);
}

export const DOCKER_FUNCS: Record<string, FuncSpec> = {
  json: {
    params: ['any'],
    fn: (v: unknown) => {
      try {
        return jsonEncode(v);
      } catch {
        return ''; // docker ignores the encoder's error, leaving nothing written
      }
    },
  },
  split: { params: ['string', 'string'], fn: (s: string, sep: string) => (sep === '' ? Array.from(s) : s.split(sep)) },
  join: { params: ['strings', 'string'], fn: (list: string[], sep: string) => list.join(sep) },
  title: { params: ['string'], fn: title },
  lower: { params: ['string'], fn: (s: string) => mapRunes(s, (c) => c.toLowerCase()) },
  upper: { params: ['string'], fn: (s: string) => mapRunes(s, (c) => c.toUpperCase()) },
  pad: { params: ['string', 'int', 'int'], fn: (s: string, pre: number, post: number) => (s === '' ? s : repeat(pre) + s + repeat(post)) },
  truncate: {
    params: ['string', 'int'],
    fn: (s: string, n: number) => {
      const chars = Array.from(s);
      if (chars.length < n) return s;
      if (n < 0) throw new Error(`runtime error: slice bounds out of range [:${n}]`);
      return chars.slice(0, n).join('');
    },
  },
};
