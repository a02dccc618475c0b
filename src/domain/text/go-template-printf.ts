/**
 * Go's fmt (Sprint, Sprintln, Sprintf, %v) over the JS values of go-template.ts.
 * A JS number that is an integer prints as a Go int, any other as a float64; integers also take the
 * float verbs (%f, %e, %g), since JS cannot tell 2.0 from 2.
 */
import { formatFloat, formatUnicode, goQuote, goQuoteRune } from './go-template-strconv.js';
import { goTypeName, isMap, isNil, sortedKeys, structFields, structType } from './go-template-values.js';

interface Flags {
  minus: boolean; plus: boolean; sharp: boolean; space: boolean; zero: boolean;
  /** %+v and %#v: set instead of plus and sharp for the v verb. */
  plusV: boolean; sharpV: boolean;
  wid: number; widPresent: boolean; prec: number; precPresent: boolean;
}

const noFlags = (): Flags => ({
  minus: false, plus: false, sharp: false, space: false, zero: false, plusV: false, sharpV: false,
  wid: 0, widPresent: false, prec: 0, precPresent: false,
});

const INTEGER_BASES: Record<string, number> = { v: 10, d: 10, b: 2, o: 8, O: 8, x: 16, X: 16 };

class Printer {
  buf = '';
  f = noFlags();

  private pad(s: string, zeroOK: boolean): void {
    const n = this.f.widPresent ? this.f.wid - [...s].length : 0;
    const fill = n > 0 ? (zeroOK && this.f.zero ? '0' : ' ').repeat(n) : '';
    this.buf += this.f.minus ? s + fill : fill + s;
  }

  private truncate(s: string): string {
    return this.f.precPresent ? [...s].slice(0, this.f.prec).join('') : s;
  }

  badVerb(verb: string, arg: unknown): void {
    this.buf += `%!${verb}(`;
    if (isNil(arg)) this.buf += '<nil>';
    else {
      this.buf += goTypeName(arg) + '=';
      this.printArg(arg, 'v');
    }
    this.buf += ')';
  }

  printArg(arg: unknown, verb: string): void {
    if (isNil(arg)) {
      if (verb === 'v' || verb === 'T') this.pad('<nil>', false);
      else this.badVerb(verb, arg);
      return;
    }
    if (verb === 'T') return this.pad(goTypeName(arg), false);
    const said = stringer(arg);
    if (said !== undefined && STRINGER_VERBS.includes(verb)) return this.fmtString(said, verb);
    if (typeof arg === 'boolean') {
      if (verb === 't' || verb === 'v') this.pad(String(arg), false);
      else this.badVerb(verb, arg);
    } else if (typeof arg === 'bigint') this.fmtInteger(arg, verb, arg);
    else if (typeof arg === 'number') {
      if (Number.isInteger(arg) && Math.abs(arg) < 2 ** 63) this.fmtInteger(BigInt(arg), verb, arg);
      else this.fmtFloat(arg, verb);
    } else if (typeof arg === 'string') this.fmtString(arg, verb);
    else this.printValue(arg, verb, 0);
  }

  private fmtInteger(v: bigint, verb: string, arg: unknown): void {
    if (Object.hasOwn(INTEGER_BASES, verb)) return this.integer(v, INTEGER_BASES[verb], verb);
    if (verb === 'c') return this.pad(String.fromCodePoint(validRune(v)), false);
    if (verb === 'q') return this.pad(goQuoteRune(validRune(v), this.f.plus), false);
    if (verb === 'U') {
      const code = 'U+' + v.toString(16).toUpperCase().padStart(4, '0');
      return this.pad(this.f.sharp && v >= 0n && v <= 0x10ffffn ? formatUnicode(Number(v)) : code, false);
    }
    if ('eEfFgG'.includes(verb)) return this.fmtFloat(Number(v), verb);
    this.badVerb(verb, arg);
  }

  private integer(v: bigint, base: number, verb: string): void {
    const f = this.f;
    if (f.precPresent && f.prec === 0 && v === 0n) return this.pad('', false);
    const neg = v < 0n;
    let digits = (neg ? -v : v).toString(base);
    if (verb === 'X') digits = digits.toUpperCase();
    let prec = 0;
    if (f.precPresent) prec = f.prec;
    else if (f.zero && !f.minus && f.widPresent) prec = f.wid - (neg || f.plus || f.space ? 1 : 0);
    digits = digits.padStart(prec, '0');
    if (f.sharp) {
      if (base === 2) digits = '0b' + digits;
      else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
      else if (base === 16) digits = (verb === 'X' ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = '0o' + digits;
    this.pad((neg ? '-' : f.plus ? '+' : f.space ? ' ' : '') + digits, false);
  }

  private fmtFloat(v: number, verb: string): void {
    const f = this.f;
    let fmt: 'e' | 'E' | 'f' | 'g' | 'G';
    let prec = -1;
    if (verb === 'v' || verb === 'g' || verb === 'G') fmt = verb === 'G' ? 'G' : 'g';
    else if (verb === 'e' || verb === 'E' || verb === 'f' || verb === 'F') {
      fmt = verb === 'F' ? 'f' : verb;
      prec = 6;
    } else return this.badVerb(verb, v);
    if (f.precPresent) prec = f.prec;
    let num = formatFloat(v, fmt, prec);
    if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
    if (f.space && num[0] === '+' && !f.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
      return this.pad(num, false);
    }
    if (f.plus || num[0] !== '+') {
      if (f.zero && !f.minus && f.widPresent && f.wid > num.length) {
        this.buf += num[0];
        f.wid--;
        this.pad(num.slice(1), true);
        f.wid++;
        return;
      }
      return this.pad(num, true);
    }
    this.pad(num.slice(1), true);
  }

  private fmtString(s: string, verb: string): void {
    switch (verb) {
      case 'v':
        return this.f.sharpV ? this.fmtQ(s) : this.pad(this.truncate(s), false);
      case 's':
        return this.pad(this.truncate(s), false);
      case 'q':
        return this.fmtQ(s);
      case 'x':
      case 'X':
        return this.fmtHex(s, verb === 'X');
    }
    this.badVerb(verb, s);
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    const backquote = this.f.sharp && !/[`\uFEFF]|[\0-\x08\x0a-\x1f\x7f]/.test(s);
    this.pad(backquote ? '`' + s + '`' : goQuote(s, this.f.plus), false);
  }

  private fmtHex(s: string, upper: boolean): void {
    const f = this.f;
    let bytes = [...Buffer.from(s, 'utf8')];
    if (f.precPresent) bytes = bytes.slice(0, f.prec);
    const prefix = f.sharp ? (upper ? '0X' : '0x') : '';
    const hex = bytes.map((b) => b.toString(16).padStart(2, '0'));
    let out = f.space ? hex.map((h) => prefix + h).join(' ') : hex.length ? prefix + hex.join('') : '';
    if (upper) out = out.toUpperCase();
    this.pad(out, false);
  }

  /** Composite values, as fmt's printValue walks them with the verb applied to each element. */
  printValue(v: unknown, verb: string, depth: number): void {
    if (depth > 0 && isNil(v)) {
      this.buf += '<nil>';
      return;
    }
    if (depth > 0 && (typeof v !== 'object' || v === null)) return this.printArg(v, verb);
    const said = depth > 0 ? stringer(v) : undefined;
    if (said !== undefined && STRINGER_VERBS.includes(verb)) return this.fmtString(said, verb);
    if (Array.isArray(v)) {
      this.buf += '[';
      v.forEach((e, i) => {
        if (i > 0) this.buf += ' ';
        this.printValue(e, verb, depth + 1);
      });
      this.buf += ']';
    } else if (structType(v) !== undefined) {
      this.buf += '{';
      structFields(v as object).forEach(([name, field], i) => {
        if (i > 0) this.buf += ' ';
        if (this.f.plusV || this.f.sharpV) this.buf += name + ':';
        this.printValue(field, verb, depth + 1);
      });
      this.buf += '}';
    } else if (isMap(v)) {
      this.buf += 'map[';
      sortedKeys(v).forEach((k, i) => {
        if (i > 0) this.buf += ' ';
        this.printValue(k, verb, depth + 1);
        this.buf += ':';
        this.printValue(v[k], verb, depth + 1);
      });
      this.buf += ']';
    } else this.printArg(typeof v === 'function' ? 'func' : String(v), verb);
  }

  doPrintf(format: string, args: unknown[]): void {
    let argNum = 0;
    let reordered = false;
    let i = 0;
    const end = format.length;
    // An explicit argument index: [n], 1-based.
    const argNumber = (): { ok: boolean; found: boolean } => {
      if (format[i] !== '[') return { ok: true, found: false };
      reordered = true;
      const close = format.indexOf(']', i);
      const m = close < 0 ? null : /^[0-9]+$/.exec(format.slice(i + 1, close));
      if (close < 0) {
        i++;
        return { ok: false, found: false };
      }
      i = close + 1;
      const index = m ? Number(m[0]) - 1 : -1;
      if (index < 0 || index >= args.length) return { ok: false, found: !!m };
      argNum = index;
      return { ok: true, found: true };
    };
    const parseNum = (): number | undefined => {
      const m = /^[0-9]+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    const intArg = (): number | undefined => {
      const a = args[argNum];
      if (argNum >= args.length) return undefined;
      argNum++;
      return typeof a === 'number' && Number.isInteger(a) && Math.abs(a) <= 1e6 ? a : undefined;
    };

    while (i < end) {
      const pct = format.indexOf('%', i);
      if (pct < 0) {
        this.buf += format.slice(i);
        break;
      }
      this.buf += format.slice(i, pct);
      i = pct + 1;
      const f = (this.f = noFlags());
      let goodArgNum = true;
      for (; i < end && '#0+- '.includes(format[i]); i++) {
        const c = format[i];
        if (c === '#') f.sharp = true;
        else if (c === '0') f.zero = !f.minus;
        else if (c === '+') f.plus = true;
        else if (c === ' ') f.space = true;
        else {
          f.minus = true;
          f.zero = false;
        }
      }
      let idx = argNumber();
      goodArgNum &&= idx.ok;
      let afterIndex = idx.found;
      if (format[i] === '*') {
        i++;
        const w = intArg();
        if (w === undefined) this.buf += '%!(BADWIDTH)';
        else {
          f.widPresent = true;
          f.wid = Math.abs(w);
          if (w < 0) {
            f.minus = true;
            f.zero = false;
          }
        }
        afterIndex = false;
      } else {
        const w = parseNum();
        if (w !== undefined) {
          f.widPresent = true;
          f.wid = w;
          if (afterIndex) goodArgNum = false;
        }
      }
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) goodArgNum = false;
        idx = argNumber();
        goodArgNum &&= idx.ok;
        afterIndex = idx.found;
        if (format[i] === '*') {
          i++;
          const p = intArg();
          if (p === undefined || p < 0) this.buf += '%!(BADPREC)';
          else {
            f.prec = p;
            f.precPresent = true;
          }
          afterIndex = false;
        } else {
          f.prec = parseNum() ?? 0;
          f.precPresent = true;
        }
      }
      if (!afterIndex) {
        idx = argNumber();
        goodArgNum &&= idx.ok;
      }
      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }
      const verb = String.fromCodePoint(format.codePointAt(i)!);
      i += verb.length;
      if (verb === '%') this.buf += '%';
      else if (!goodArgNum) this.buf += `%!${verb}(BADINDEX)`;
      else if (argNum >= args.length) this.buf += `%!${verb}(MISSING)`;
      else {
        if (verb === 'v') {
          f.sharpV = f.sharp;
          f.sharp = false;
          f.plusV = f.plus;
          f.plus = false;
        }
        this.printArg(args[argNum++], verb);
      }
    }
    if (!reordered && argNum < args.length) {
      this.f = noFlags();
      this.buf += '%!(EXTRA ';
      args.slice(argNum).forEach((a, n) => {
        if (n > 0) this.buf += ', ';
        if (isNil(a)) this.buf += '<nil>';
        else {
          this.buf += goTypeName(a) + '=';
          this.printArg(a, 'v');
        }
      });
      this.buf += ')';
    }
  }
}

function validRune(v: bigint): number {
  return v < 0n || v > 0x10ffffn || (v >= 0xd800n && v <= 0xdfffn) ? 0xfffd : Number(v);
}

/** Go's fmt %v of a JS value. */
/** The verbs fmt hands to a String() method (handleMethods). */
const STRINGER_VERBS = 'vsxXq';

/** A struct with a String method (a fmt.Stringer, time.Time): what it says, else undefined. */
function stringer(v: unknown): string | undefined {
  if (structType(v) === undefined) return undefined;
  const method = (v as { String?: unknown }).String;
  return typeof method === 'function' ? String(method.call(v)) : undefined;
}

export function goString(v: unknown): string {
  const p = new Printer();
  p.printArg(v, 'v');
  return p.buf;
}

/** fmt.Sprint: operands are separated by a space when neither is a string. */
export function sprint(args: unknown[]): string {
  const p = new Printer();
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') p.buf += ' ';
    p.printArg(a, 'v');
  });
  return p.buf;
}

export function sprintln(args: unknown[]): string {
  return args.map(goString).join(' ') + '\n';
}

export function sprintf(format: string, args: unknown[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}
