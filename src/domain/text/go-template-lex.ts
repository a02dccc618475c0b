/** The lexer of Go's text/template (parse/lex.go), state function for state function. */
import { formatUnicode, goQuote } from './go-template-strconv.js';

type Keyword = 'block' | 'break' | 'continue' | 'dot' | 'define' | 'else' | 'end' | 'if' | 'nil' | 'range' | 'template' | 'with';
export type ItemType =
  | 'error' | 'bool' | 'char' | 'charConstant' | 'complex' | 'assign' | 'declare' | 'eof' | 'field' | 'identifier' | 'leftDelim'
  | 'leftParen' | 'number' | 'pipe' | 'rawString' | 'rightDelim' | 'rightParen' | 'space' | 'string' | 'text' | 'variable' | Keyword;

const KEYWORDS = new Set<string>(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'nil', 'range', 'template', 'with']);
const KEYWORD_TYPES = new Set<string>([...KEYWORDS, 'dot']);

export interface Item {
  type: ItemType;
  /** Offset in the template (UTF-16 units). */
  pos: number;
  val: string;
}

/** How the parser quotes a token in "unexpected %s in %s". */
export function itemString(i: Item): string {
  if (i.type === 'eof') return 'EOF';
  if (i.type === 'error') return i.val;
  if (KEYWORD_TYPES.has(i.type)) return `<${i.val}>`;
  if (Buffer.byteLength(i.val) > 10) return goQuote([...i.val].slice(0, 10).join('')) + '...';
  return goQuote(i.val);
}

const EOF = -1;
const LEFT = '{{';
const RIGHT = '}}';
type StateFn = (l: Lexer) => StateFn | null;

const isSpace = (r: number): boolean => r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
const ALNUM = /^[\p{L}\p{Nd}_]$/u;
const isAlphaNumeric = (r: number): boolean => r >= 0 && ALNUM.test(String.fromCodePoint(r));
const spaceAt = (s: string, i: number): boolean => i < s.length && isSpace(s.charCodeAt(i));
const hasLeftTrimMarker = (s: string, i: number): boolean => s[i] === '-' && spaceAt(s, i + 1);
const hasRightTrimMarker = (s: string, i: number): boolean => spaceAt(s, i) && s[i + 1] === '-';

function trimmedLength(s: string, from: number, to: number, step: 1 | -1): number {
  let n = 0;
  for (let i = step === 1 ? from : to - 1; i >= from && i < to && spaceAt(s, i); i += step) n++;
  return n;
}

export class Lexer {
  pos = 0;
  start = 0;
  private atEOF = false;
  private parenDepth = 0;
  private insideAction = false;
  private item: Item = { type: 'eof', pos: 0, val: 'EOF' };

  constructor(
    private input: string,
    private breakOK: boolean,
    private continueOK: boolean,
  ) {}

  nextItem(): Item {
    this.item = { type: 'eof', pos: this.pos, val: 'EOF' };
    let state: StateFn | null = this.insideAction ? lexInsideAction : lexText;
    while (state) state = state(this);
    return this.item;
  }

  next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.pos += r > 0xffff ? 2 : 1;
    return r;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  backup(): void {
    if (this.atEOF || this.pos === 0) return;
    const pair = this.pos > 1 && /^[\uD800-\uDBFF][\uDC00-\uDFFF]$/.test(this.input.slice(this.pos - 2, this.pos));
    this.pos -= pair ? 2 : 1;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && valid.includes(String.fromCodePoint(r))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  private thisItem(type: ItemType): Item {
    const item = { type, pos: this.start, val: this.input.slice(this.start, this.pos) };
    this.start = this.pos;
    return item;
  }

  emit(type: ItemType): null {
    return this.emitItem(this.thisItem(type));
  }

  emitItem(item: Item): null {
    this.item = item;
    return null;
  }

  ignore(): void {
    this.start = this.pos;
  }

  errorf(message: string): null {
    this.item = { type: 'error', pos: this.start, val: message };
    this.input = '';
    this.start = this.pos = 0;
    return null;
  }

  private atRightDelim(): { delim: boolean; trim: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT, this.pos + 2)) return { delim: true, trim: true };
    return { delim: this.input.startsWith(RIGHT, this.pos), trim: false };
  }

  /** Whether the input is at a character that may follow an identifier. */
  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r) || r === EOF || '.,|:)('.includes(String.fromCodePoint(r))) return true;
    return this.input.startsWith(RIGHT, this.pos);
  }

  static text(l: Lexer): StateFn | null {
    const x = l.input.indexOf(LEFT, l.pos);
    if (x >= 0) {
      if (x > l.pos) {
        l.pos = x;
        const trim = hasLeftTrimMarker(l.input, x + LEFT.length) ? trimmedLength(l.input, l.start, x, -1) : 0;
        l.pos -= trim;
        const item = l.thisItem('text');
        l.pos += trim;
        l.ignore();
        if (item.val.length > 0) return l.emitItem(item);
      }
      return Lexer.leftDelim;
    }
    l.pos = l.input.length;
    return l.emit(l.pos > l.start ? 'text' : 'eof');
  }

  static leftDelim(l: Lexer): StateFn | null {
    l.pos += LEFT.length;
    const afterMarker = hasLeftTrimMarker(l.input, l.pos) ? 2 : 0;
    if (l.input.startsWith('/*', l.pos + afterMarker)) {
      l.pos += afterMarker;
      l.ignore();
      return Lexer.comment;
    }
    const item = l.thisItem('leftDelim');
    l.insideAction = true;
    l.pos += afterMarker;
    l.ignore();
    l.parenDepth = 0;
    return l.emitItem(item);
  }

  static comment(l: Lexer): StateFn | null {
    l.pos += 2;
    const x = l.input.indexOf('*/', l.pos);
    if (x < 0) return l.errorf('unclosed comment');
    l.pos = x + 2;
    const { delim, trim } = l.atRightDelim();
    if (!delim) return l.errorf('comment ends before closing delimiter');
    l.pos += (trim ? 2 : 0) + RIGHT.length;
    if (trim) l.pos += trimmedLength(l.input, l.pos, l.input.length, 1);
    l.ignore();
    return Lexer.text;
  }

  static rightDelim(l: Lexer): StateFn | null {
    const { trim } = l.atRightDelim();
    if (trim) {
      l.pos += 2;
      l.ignore();
    }
    l.pos += RIGHT.length;
    const item = l.thisItem('rightDelim');
    if (trim) {
      l.pos += trimmedLength(l.input, l.pos, l.input.length, 1);
      l.ignore();
    }
    l.insideAction = false;
    return l.emitItem(item);
  }

  static insideAction(l: Lexer): StateFn | null {
    if (l.atRightDelim().delim) return l.parenDepth === 0 ? Lexer.rightDelim : l.errorf('unclosed left paren');
    const r = l.next();
    const c = r === EOF ? '' : String.fromCodePoint(r);
    if (r === EOF) return l.errorf('unclosed action');
    if (isSpace(r)) {
      l.backup(); // in case of " -}}"
      return lexSpace;
    }
    switch (c) {
      case '=':
        return l.emit('assign');
      case ':':
        return l.next() === 0x3d ? l.emit('declare') : l.errorf('expected :=');
      case '|':
        return l.emit('pipe');
      case '"':
        return lexQuote;
      case '`':
        return lexRawQuote;
      case '$':
        return (m) => (m.atTerminator() ? m.emit('variable') : lexFieldOrVariable(m, 'variable'));
      case "'":
        return lexChar;
      case '(':
        l.parenDepth++;
        return l.emit('leftParen');
      case ')':
        return --l.parenDepth < 0 ? l.errorf('unexpected right paren') : l.emit('rightParen');
    }
    if (c === '.') {
      const n = l.input[l.pos];
      if (n !== undefined && (n < '0' || n > '9')) return (m) => lexFieldOrVariable(m, 'field');
    }
    if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      l.backup();
      return lexNumber;
    }
    if (isAlphaNumeric(r)) {
      l.backup();
      return lexIdentifier;
    }
    if (r >= 0x20 && r < 0x7f) return l.emit('char');
    return l.errorf(`unrecognized character in action: ${formatUnicode(r)}`);
  }

  keyword(word: string): ItemType | undefined {
    if (!KEYWORDS.has(word)) return undefined;
    if ((word === 'break' && !this.breakOK) || (word === 'continue' && !this.continueOK)) return 'identifier';
    return word as Keyword;
  }

  get rest(): string {
    return this.input.slice(this.start, this.pos);
  }

  hasRightDelimAfterSpace(): boolean {
    return hasRightTrimMarker(this.input, this.pos - 1) && this.input.startsWith(RIGHT, this.pos + 1);
  }
}

const lexText = Lexer.text;
const lexInsideAction = Lexer.insideAction;

function lexSpace(l: Lexer): StateFn | null {
  let spaces = 0;
  while (isSpace(l.peek())) {
    l.next();
    spaces++;
  }
  // A trim-marked right delimiter starts with a space: leave it for rightDelim.
  if (l.hasRightDelimAfterSpace()) {
    l.backup();
    if (spaces === 1) return Lexer.rightDelim;
  }
  return l.emit('space');
}

function lexIdentifier(l: Lexer): StateFn | null {
  let r: number;
  while (isAlphaNumeric((r = l.next())));
  l.backup();
  if (!l.atTerminator()) return l.errorf(`bad character ${formatUnicode(r)}`);
  const word = l.rest;
  const keyword = l.keyword(word);
  if (keyword) return l.emit(keyword);
  if (word === 'true' || word === 'false') return l.emit('bool');
  return l.emit('identifier');
}

function lexFieldOrVariable(l: Lexer, type: 'field' | 'variable'): StateFn | null {
  if (l.atTerminator()) return l.emit(type === 'variable' ? 'variable' : 'dot');
  let r: number;
  while (isAlphaNumeric((r = l.next())));
  l.backup();
  if (!l.atTerminator()) return l.errorf(`bad character ${formatUnicode(r)}`);
  return l.emit(type);
}

function lexChar(l: Lexer): StateFn | null {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
    }
    if (r === EOF || r === 0x0a) return l.errorf('unterminated character constant');
    if (r === 0x27) return l.emit('charConstant');
  }
}

function scanNumber(l: Lexer): boolean {
  l.accept('+-');
  let digits = '0123456789_';
  if (l.accept('0')) {
    if (l.accept('xX')) digits = '0123456789abcdefABCDEF_';
    else if (l.accept('oO')) digits = '01234567_';
    else if (l.accept('bB')) digits = '01_';
  }
  l.acceptRun(digits);
  if (l.accept('.')) l.acceptRun(digits);
  if (digits.length === 11 && l.accept('eE')) {
    l.accept('+-');
    l.acceptRun('0123456789_');
  }
  if (digits.length === 23 && l.accept('pP')) {
    l.accept('+-');
    l.acceptRun('0123456789_');
  }
  l.accept('i');
  if (isAlphaNumeric(l.peek())) {
    l.next();
    return false;
  }
  return true;
}

function lexNumber(l: Lexer): StateFn | null {
  if (!scanNumber(l)) return l.errorf(`bad number syntax: ${goQuote(l.rest)}`);
  const sign = l.peek();
  if (sign === 0x2b || sign === 0x2d) {
    if (!scanNumber(l) || !l.rest.endsWith('i')) return l.errorf(`bad number syntax: ${goQuote(l.rest)}`);
    return l.emit('complex');
  }
  return l.emit('number');
}

function lexQuote(l: Lexer): StateFn | null {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
    }
    if (r === EOF || r === 0x0a) return l.errorf('unterminated quoted string');
    if (r === 0x22) return l.emit('string');
  }
}

function lexRawQuote(l: Lexer): StateFn | null {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf('unterminated raw quoted string');
    if (r === 0x60) return l.emit('rawString');
  }
}
