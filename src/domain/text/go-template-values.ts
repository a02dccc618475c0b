/** How JS values stand in for Go values in go-template.ts: shared by the parser, printer and executor. */

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** A property with this symbol names the Go type of a strict object (a struct): a missing field is an error. */
export const GO_TYPE: unique symbol = Symbol.for('imgsh.goType');

/** Go's invalid reflect.Value (a missing map key, nil data): printed as `<no value>`. */
export const NO_VALUE: unique symbol = Symbol('no value');
/** A nil held in a struct field (a nil pointer): printed as `<nil>`, where a nil from a map is `<no value>`. */
export const TYPED_NIL: unique symbol = Symbol('typed nil');

export type GoNil = null | undefined | typeof NO_VALUE | typeof TYPED_NIL;

export function isNil(v: unknown): v is GoNil {
  return v === null || v === undefined || v === NO_VALUE || v === TYPED_NIL;
}

/** The Go type of a struct-like object, or undefined for anything else. */
export function structType(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object' || !(GO_TYPE in v)) return undefined;
  return String((v as { [GO_TYPE]: unknown })[GO_TYPE]);
}

/** A plain object standing for a Go map (keys are strings). */
export function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(GO_TYPE in v);
}

export function hasField(obj: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, name) || (name in obj && !(name in Object.prototype));
}

/** A struct's fields for printing: its own properties, methods (functions) left out. */
export function structFields(v: object): [string, unknown][] {
  return Object.entries(v).filter(([, f]) => typeof f !== 'function');
}

/** The Go type name a value would have, as Go's errors and %!verb(type=value) print it. */
export function goTypeName(v: unknown): string {
  if (isNil(v)) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float64';
    case 'bigint':
      return 'int';
    case 'function':
      return 'func() interface {}';
  }
  if (Array.isArray(v)) return '[]interface {}';
  return structType(v) ?? 'map[string]interface {}';
}

/** Code point order, which is the byte order Go sorts UTF-8 strings in. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

export function sortedKeys(m: object): string[] {
  return Object.keys(m).sort(compareStrings);
}

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
