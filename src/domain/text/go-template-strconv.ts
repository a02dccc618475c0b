/** The parts of Go's strconv that text/template and fmt lean on: FormatFloat, Quote, Unquote, ParseInt/ParseFloat. */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's unicode.IsPrint. */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  return PRINTABLE.test(String.fromCodePoint(r));
}

const NAMED_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

function escapeRune(r: number, quote: string, asciiOnly: boolean): string {
  const ch = String.fromCodePoint(r);
  if (ch === quote || ch === '\\') return '\\' + ch;
  if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) return ch;
  const named = NAMED_ESCAPES[ch];
  if (named) return named;
  if (r < 0x20 || r === 0x7f) return '\\x' + hex(r, 2);
  if (r >= 0xd800 && r <= 0xdfff) return '\\ufffd';
  return r < 0x10000 ? '\\u' + hex(r, 4) : '\\U' + hex(r, 8);
}

/** strconv.Quote (or QuoteToASCII). */
export function goQuote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0)!, '"', asciiOnly);
  return out + '"';
}

/** strconv.QuoteRune (or QuoteRuneToASCII). */
export function goQuoteRune(r: number, asciiOnly = false): string {
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  return `'${escapeRune(r, "'", asciiOnly)}'`;
}

/** fmt's %#U: `U+007D '}'`. */
export function formatUnicode(r: number): string {
  const code = 'U+' + r.toString(16).toUpperCase().padStart(4, '0');
  return isPrint(r) ? `${code} '${String.fromCodePoint(r)}'` : code;
}

interface Decimal {
  /** Significant digits, no leading or trailing zeros ('' for zero). */
  d: string;
  /** Position of the decimal point relative to the start of d. */
  dp: number;
}

/** The exact decimal expansion of a finite non-negative double. */
function exactDecimal(v: number): Decimal {
  if (v === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp = 1;
  else mant |= 1n << 52n;
  exp -= 1075;
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  return { d: digits.replace(/0+$/, ''), dp };
}

/** The shortest digits that read back as v (JS and Go agree on them). */
function shortestDecimal(v: number): Decimal {
  if (v === 0) return { d: '', dp: 0 };
  const [mant, exp] = v.toExponential().split('e');
  return { d: mant.replace('.', '').replace(/0+$/, ''), dp: Number(exp) + 1 };
}

/**
 * v's digits rounded to nd significant ones, halves to even, as exactDecimal then round give them.
 * toExponential rounds the exact value too, but halves up: it is used unless v may sit on a half
 * (the 20 digits past nd read 5000…), which leaves the BigInt expansion to rare values.
 */
function roundedDecimal(v: number, nd: number): Decimal {
  if (v === 0 || nd > 80) return round(exactDecimal(v), nd);
  const probe = mantissaDigits(v.toExponential(nd + 19));
  if (probe.digits.slice(nd) === HALF) return round(exactDecimal(v), nd);
  const { digits, exp } = mantissaDigits(v.toExponential(nd - 1));
  return { d: digits.replace(/0+$/, ''), dp: exp + 1 };
}

const HALF = '5'.padEnd(20, '0');

/** `1.2345e+2` → digits 12345, exponent 2. */
function mantissaDigits(text: string): { digits: string; exp: number } {
  const e = text.indexOf('e');
  return { digits: text[0] + text.slice(2, e), exp: Number(text.slice(e + 1)) };
}

/** Go's decimal.Round: to nd digits, halves to even. */
function round(x: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= x.d.length) return x;
  const halfway = x.d[nd] === '5' && nd + 1 === x.d.length;
  const up = halfway ? nd > 0 && Number(x.d[nd - 1]) % 2 === 1 : x.d[nd] >= '5';
  if (!up) return { d: x.d.slice(0, nd).replace(/0+$/, ''), dp: x.dp };
  let i = nd - 1;
  while (i >= 0 && x.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  return { d: x.d.slice(0, i) + String(Number(x.d[i]) + 1), dp: x.dp };
}

function fmtE(neg: boolean, x: Decimal, prec: number, e: string): string {
  let s = (neg ? '-' : '') + (x.d[0] ?? '0');
  if (prec > 0) s += '.' + x.d.slice(1, prec + 1).padEnd(prec, '0');
  const exp = x.d.length === 0 ? 0 : x.dp - 1;
  return `${s}${e}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function fmtF(neg: boolean, x: Decimal, prec: number): string {
  let s = neg ? '-' : '';
  s += x.dp > 0 ? x.d.slice(0, x.dp).padEnd(x.dp, '0') : '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += x.d[x.dp + i - 1] ?? '0';
  }
  return s;
}

/** strconv.FormatFloat(v, fmt, prec, 64); prec -1 is the shortest representation. */
export function formatFloat(v: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const neg = v < 0 || Object.is(v, -0);
  const shortest = prec < 0;
  let x: Decimal;
  if (shortest) {
    x = shortestDecimal(Math.abs(v));
    prec = fmt === 'f' ? Math.max(x.d.length - x.dp, 0) : fmt === 'e' || fmt === 'E' ? x.d.length - 1 : x.d.length;
  } else {
    if (fmt === 'g' || fmt === 'G') x = roundedDecimal(Math.abs(v), (prec = prec || 1));
    else {
      x = exactDecimal(Math.abs(v));
      x = round(x, fmt === 'f' ? x.dp + prec : prec + 1);
    }
  }
  if (fmt === 'e' || fmt === 'E') return fmtE(neg, x, prec, fmt);
  if (fmt === 'f') return fmtF(neg, x, prec);
  let eprec = prec;
  if (eprec > x.d.length && x.d.length >= x.dp) eprec = x.d.length;
  if (shortest) eprec = 6;
  const exp = x.dp - 1;
  if (exp < -4 || exp >= eprec) return fmtE(neg, x, Math.min(prec, x.d.length) - 1, fmt === 'g' ? 'e' : 'E');
  return fmtF(neg, x, Math.max((prec > x.dp ? x.d.length : prec) - x.dp, 0));
}

/** strconv's rule for '_' in number literals: only between digits (a base prefix counts as one). */
function underscoreOK(s: string): boolean {
  if (s[0] === '+' || s[0] === '-') s = s.slice(1);
  let saw = '^';
  let i = 0;
  const hex = /^0x/i.test(s);
  if (/^0[box]/i.test(s)) {
    i = 2;
    saw = '0';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-f]/i.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

/** strconv.ParseInt(s, 0, 64) without the range check: 0x, 0o, 0b and a leading 0 (octal). */
export function parseInt64(text: string): bigint | undefined {
  if (text.includes('_') && !underscoreOK(text)) return undefined;
  const m = /^([+-]?)(0[xX]|0[oO]|0[bB]|0(?=.))?(.*)$/.exec(text.replace(/_/g, ''))!;
  const prefix = (m[2] ?? '').toLowerCase();
  const digits = { '0x': /^[0-9a-f]+$/i, '0o': /^[0-7]+$/, '0': /^[0-7]+$/, '0b': /^[01]+$/, '': /^[0-9]+$/ }[prefix];
  if (!digits?.test(m[3])) return undefined;
  const v = BigInt((prefix === '0' ? '0o' : prefix) + m[3]);
  return m[1] === '-' ? -v : v;
}

/** strconv.ParseFloat(s, 64) for decimal and hexadecimal (0x1p-2) literals. */
export function parseFloat64(text: string): number | undefined {
  if (text.includes('_') && !underscoreOK(text)) return undefined;
  const s = text.replace(/_/g, '');
  let v: number | undefined;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) v = Number(s);
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s);
  if (hex && hex[2] + hex[3]) {
    v = Number(BigInt('0x' + hex[2] + hex[3])) * 2 ** (Number(hex[4]) - 4 * hex[3].length);
    if (hex[1] === '-') v = -v;
  }
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

/** strconv.UnquoteChar at s[i]: a code point, or a raw byte (\x, octal) when byte is set. */
export function unquoteChar(s: string, i: number, quote: string): { value: number; byte: boolean; next: number } | undefined {
  if (i >= s.length || s[i] === quote) return undefined;
  if (s[i] !== '\\') {
    const cp = s.codePointAt(i)!;
    return { value: cp, byte: false, next: i + (cp > 0xffff ? 2 : 1) };
  }
  const c = s[i + 1];
  if (c in SIMPLE_ESCAPES) return { value: SIMPLE_ESCAPES[c], byte: false, next: i + 2 };
  if (c === '"' || c === "'") return c === quote ? { value: c.charCodeAt(0), byte: false, next: i + 2 } : undefined;
  const size = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (size > 0) {
    const digits = s.slice(i + 2, i + 2 + size);
    if (!new RegExp(`^[0-9a-fA-F]{${size}}$`).test(digits)) return undefined;
    const v = parseInt(digits, 16);
    if (c !== 'x' && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) return undefined;
    return { value: v, byte: c === 'x' && quote !== "'", next: i + 2 + size };
  }
  const octal = /^[0-7]{3}$/.test(s.slice(i + 1, i + 4)) ? parseInt(s.slice(i + 1, i + 4), 8) : 256;
  return octal < 256 ? { value: octal, byte: quote !== "'", next: i + 4 } : undefined;
}

/** strconv.Unquote for "..." and `...` literals. */
export function unquote(q: string): string | undefined {
  const quote = q[0];
  if (q.length < 2 || q[q.length - 1] !== quote) return undefined;
  const body = q.slice(1, -1);
  if (quote === '`') return body.includes('`') ? undefined : body.replace(/\r/g, '');
  if (body.includes('\n')) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < body.length; ) {
    const c = unquoteChar(body, i, '"');
    if (!c) return undefined;
    if (c.byte) bytes.push(c.value);
    else bytes.push(...Buffer.from(String.fromCodePoint(c.value), 'utf8'));
    i = c.next;
  }
  return Buffer.from(bytes).toString('utf8');
}
