/** The parser of Go's text/template (parse/parse.go), without define/template/block. */
import { Lexer, itemString, type Item, type ItemType } from './go-template-lex.js';
import { goQuote, parseFloat64, parseInt64, unquote, unquoteChar } from './go-template-strconv.js';
import { TemplateError } from './go-template-values.js';
import { nodeString, type BranchNode, type ChainNode, type CommandNode, type ListNode, type Node, type NumberNode, type PipeNode, type VariableNode } from './go-template-nodes.js';

export function parse(text: string, hasFunction: (name: string) => boolean): ListNode {
  return new Parser(text, hasFunction).parse();
}

const OPERAND_START = new Set<ItemType>([
  'bool', 'charConstant', 'complex', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string', 'variable', 'leftParen',
]);

class Parser {
  private lex: Lexer;
  private token: Item[] = [];
  private peekCount = 0;
  private vars = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;

  constructor(private text: string, private hasFunction: (name: string) => boolean) {
    this.lex = new Lexer(text, !hasFunction('break'), !hasFunction('continue'));
  }

  private line(pos: number): number {
    let n = 1;
    for (let i = this.text.indexOf('\n'); i >= 0 && i < pos; i = this.text.indexOf('\n', i + 1)) n++;
    return n;
  }

  private errorf(message: string): never {
    throw new TemplateError(`template: :${this.line(this.token[0].pos)}: ${message}`);
  }

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount];
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    return (this.token[0] = this.lex.nextItem());
  }

  private nextNonSpace(): Item {
    let t: Item;
    while ((t = this.next()).type === 'space');
    return t;
  }

  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private expect(type: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  private unexpected(t: Item, context: string): never {
    if (t.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== this.line(t.pos)) {
        extra = ` in action started at :${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(t.val + extra);
    }
    this.errorf(`unexpected ${itemString(t)} in ${context}`);
  }

  parse(): ListNode {
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const delim = this.next();
        if (this.nextNonSpace().type === 'define') this.errorf('{{define}} is not supported');
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    return root;
  }

  private itemList(): [ListNode, Node] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    if (t.type === 'text') return { type: 'text', pos: t.pos, text: t.val };
    if (t.type !== 'leftDelim') this.unexpected(t, 'input');
    this.actionLine = this.line(t.pos);
    try {
      return this.action();
    } finally {
      this.actionLine = 0;
    }
  }

  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'break':
      case 'continue': {
        const end = this.nextNonSpace();
        if (end.type !== 'rightDelim') this.unexpected(end, `{{${t.type}}}`);
        if (this.rangeDepth === 0) this.errorf(`{{${t.type}}} outside {{range}}`);
        return { type: t.type, pos: t.pos };
      }
      case 'else': {
        // "{{else if ...}}" and "{{else with ...}}" leave the if/with for parseControl.
        const peek = this.peekNonSpace();
        if (peek.type === 'if' || peek.type === 'with') return { type: 'else', pos: peek.pos };
        return { type: 'else', pos: this.expect('rightDelim', 'else').pos };
      }
      case 'end':
        return { type: 'end', pos: this.expect('rightDelim', 'end').pos };
      case 'if':
      case 'range':
      case 'with':
        return this.control(t.type);
      case 'block':
      case 'template':
        this.errorf(`{{${t.type}}} is not supported`);
    }
    this.backup();
    const pos = this.peek().pos;
    return { type: 'action', pos, pipe: this.pipeline('command', 'rightDelim') };
  }

  private control(context: 'if' | 'range' | 'with'): BranchNode {
    const varsLength = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      let [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        if ((context === 'if' || context === 'with') && this.peek().type === context) {
          // {{if a}}_{{else if b}}_{{end}} is {{if a}}_{{else}}{{if b}}_{{end}}{{end}}.
          this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [this.control(context)] };
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
        }
      }
      return { type: context, pos: pipe.pos, pipe, list, elseList };
    } finally {
      this.vars.length = varsLength;
    }
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const pipe: PipeNode = { type: 'pipe', pos: this.peekNonSpace().pos, isAssign: false, decl: [], cmds: [] };
    for (let v = this.peekNonSpace(); v.type === 'variable'; ) {
      this.next();
      // "$x foo" and "$x := foo" differ only past the space, so that token is kept to push back.
      const afterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace();
          if (p.type === 'variable' || p.type === 'rightDelim' || p.type === 'rightParen') {
            v = p;
            continue;
          }
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (afterVariable.type === 'space') this.backup3(v, afterVariable);
      else this.backup2(v);
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, i) => {
          if (['bool', 'dot', 'nil', 'number', 'string'].includes(c.args[0].type)) {
            this.errorf(`non executable command in pipeline stage ${i + 2}`);
          }
        });
        return pipe;
      }
      if (!OPERAND_START.has(t.type)) this.unexpected(t, context);
      this.backup();
      pipe.cmds.push(this.command());
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup();
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | null {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const chain: ChainNode = { type: 'chain', pos: this.peek().pos, node, fields: [] };
    while (this.peek().type === 'field') chain.fields.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos: chain.pos, ident: nodeString(chain).slice(1).split('.') };
      case 'variable':
        return this.newVariable(chain.pos, nodeString(chain));
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
    }
    return chain;
  }

  private term(): Node | null {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!this.hasFunction(t.val)) this.errorf(`function ${goQuote(t.val)} not defined`);
        return { type: 'identifier', pos: t.pos, name: t.val };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'nil':
        return { type: 'nil', pos: t.pos };
      case 'variable': {
        const v = this.newVariable(t.pos, t.val);
        if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${goQuote(v.ident[0])}`);
        return v;
      }
      case 'field':
        return { type: 'field', pos: t.pos, ident: t.val.slice(1).split('.') };
      case 'bool':
        return { type: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.newNumber(t);
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString': {
        const text = unquote(t.val);
        if (text === undefined) this.errorf('invalid syntax');
        return { type: 'string', pos: t.pos, quoted: t.val, text };
      }
    }
    this.backup();
    return null;
  }

  private newVariable(pos: number, ident: string): VariableNode {
    return { type: 'variable', pos, ident: ident.split('.') };
  }

  private newNumber(t: Item): NumberNode {
    const text = t.val;
    const n: NumberNode = { type: 'number', pos: t.pos, text, isInt: false, isUint: false, isFloat: false, value: 0 };
    if (t.type === 'charConstant') {
      const c = unquoteChar(text, 1, "'");
      if (!c) this.errorf('invalid syntax');
      if (text.slice(c.next) !== "'") this.errorf(`malformed character constant: ${text}`);
      n.isInt = n.isUint = n.isFloat = true;
      n.value = c.value;
      return n;
    }
    if (t.type === 'complex' || text.endsWith('i')) this.errorf(`complex constant ${text} is not supported`);
    const i = parseInt64(text);
    if (i !== undefined) {
      n.isInt = i >= -(2n ** 63n) && i < 2n ** 63n;
      n.isUint = i >= 0n && i < 2n ** 64n;
    }
    if (n.isInt || n.isUint) {
      n.isFloat = true;
      n.value = Number(i);
      n.big = i;
    } else {
      const f = parseFloat64(text);
      if (f !== undefined) {
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${text}`);
        n.isFloat = true;
        n.value = f;
        n.isInt = Number.isInteger(f) && Math.abs(f) < 2 ** 63;
        n.isUint = Number.isInteger(f) && f >= 0 && f < 2 ** 64;
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) this.errorf(`illegal number syntax: ${goQuote(text)}`);
    return n;
  }
}
