/** The executor of Go's text/template (exec.go) over JS values; see go-template.ts for the mapping. */
import { isTrue, type FuncSpec, type ParamType } from './go-template-funcs.js';
import { nodeString, type BranchNode, type ChainNode, type CommandNode, type FieldNode, type IdentifierNode, type ListNode, type Node, type NumberNode, type PipeNode, type VariableNode } from './go-template-nodes.js';
import { goString } from './go-template-printf.js';
import { goQuote } from './go-template-strconv.js';
import { NO_VALUE, TYPED_NIL, TemplateError, goTypeName, hasField, isMap, isNil, sortedKeys, structType, utf8Length } from './go-template-values.js';

/** No pipeline value yet: the first command of a pipeline gets no final argument. */
const MISSING: unique symbol = Symbol('missing');
type Signal = 'none' | 'break' | 'continue';

const PARAM_NAMES: Record<ParamType, string> = { any: 'interface {}', string: 'string', int: 'int', strings: '[]string' };

export function execute(text: string, root: ListNode, funcs: Map<string, FuncSpec>, builtins: Set<string>, data: unknown, missingKeyError = false): string {
  const state = new State(text, funcs, builtins, missingKeyError);
  const dot = isNil(data) ? NO_VALUE : data;
  state.vars.push({ name: '$', value: dot });
  state.walk(dot, root);
  return state.out;
}

class State {
  out = '';
  vars: { name: string; value: unknown }[] = [];
  private node: Node | null = null;

  constructor(
    private text: string,
    private funcs: Map<string, FuncSpec>,
    private builtins: Set<string>,
    private missingKeyError: boolean,
  ) {}

  private at(node: Node): void {
    this.node = node;
  }

  private errorf(message: string): never {
    if (!this.node) throw new TemplateError(`template: : ${message}`);
    const before = this.text.slice(0, this.node.pos);
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = before.split('\n').length;
    const location = `:${line}:${utf8Length(before.slice(lineStart))}`;
    throw new TemplateError(`template: ${location}: executing "" at <${nodeString(this.node)}>: ${message}`);
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    this.errorf(`undefined variable: ${name}`);
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  walk(dot: unknown, node: Node): Signal {
    this.at(node);
    switch (node.type) {
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        // A declaration prints nothing.
        if (node.pipe.decl.length === 0) this.print(node, value);
        return 'none';
      }
      case 'if':
      case 'with':
        return this.walkIfOrWith(dot, node);
      case 'range':
        return this.walkRange(dot, node);
      case 'list':
        for (const n of node.nodes) {
          const signal = this.walk(dot, n);
          if (signal !== 'none') return signal;
        }
        return 'none';
      case 'text':
        this.out += node.text;
        return 'none';
      case 'break':
      case 'continue':
        return node.type;
    }
    this.errorf(`unknown node: ${nodeString(node)}`);
  }

  private print(node: Node, value: unknown): void {
    this.at(node);
    if (value === TYPED_NIL) this.out += '<nil>';
    else if (isNil(value)) this.out += '<no value>';
    else this.out += goString(value);
  }

  private walkIfOrWith(dot: unknown, node: BranchNode): Signal {
    const mark = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      if (isTrue(value)) return this.walk(node.type === 'with' ? value : dot, node.list);
      return node.elseList ? this.walk(dot, node.elseList) : 'none';
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: unknown, node: BranchNode): Signal {
    this.at(node);
    const outer = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      // The declared variables are on top of the stack; each iteration sets them.
      const mark = this.vars.length;
      const decl = node.pipe.decl.length;
      const iterate = (entries: [unknown, unknown][]): Signal => {
        for (const [key, elem] of entries) {
          if (decl > 0) this.vars[this.vars.length - 1].value = elem;
          if (decl > 1) this.vars[this.vars.length - 2].value = key;
          const signal = this.walk(elem, node.list);
          this.vars.length = mark;
          if (signal === 'break') break;
        }
        return 'none';
      };
      if (Array.isArray(value)) {
        if (value.length > 0) return iterate(value.map((e, i) => [i, e]));
      } else if (isMap(value)) {
        const keys = sortedKeys(value);
        if (keys.length > 0) return iterate(keys.map((k) => [k, value[k]]));
      } else if (typeof value === 'number' && Number.isInteger(value)) {
        if (decl > 1) this.errorf(`can't use ${goString(value)} to iterate over more than one variable`);
        if (value > 0) return iterate(Array.from({ length: value }, (_, i) => [NO_VALUE, i]));
      } else if (!isNil(value)) this.errorf(`range can't iterate over ${goString(value)}`);
      return node.elseList ? this.walk(dot, node.elseList) : 'none';
    } finally {
      this.vars.length = outer;
    }
  }

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.at(pipe);
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // Go digs a nil interface{} down to an invalid value.
      if (value === null || value === undefined) value = NO_VALUE;
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0], value);
      else this.vars.push({ name: v.ident[0], value });
    }
    return value;
  }

  private notAFunction(args: Node[], final: unknown): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: unknown): unknown {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    this.errorf(`can't evaluate command ${goQuote(nodeString(first))}`);
  }

  private idealConstant(n: NumberNode): number | bigint {
    this.at(n);
    if (n.isFloat && !/^[+-]?0[xX]/.test(n.text) && /[.eEpP]/.test(n.text)) return n.value;
    if (n.isInt) return Number.isSafeInteger(n.value) || n.big === undefined ? n.value : n.big;
    this.errorf(`${n.text} overflows int`);
  }

  private evalFieldNode(dot: unknown, field: FieldNode, args: Node[], final: unknown): unknown {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private evalChainNode(dot: unknown, chain: ChainNode, args: Node[], final: unknown): unknown {
    this.at(chain);
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const receiver = this.evalArg(dot, 'any', chain.node);
    return this.evalFieldChain(dot, receiver, chain, chain.fields, args, final);
  }

  private evalVariableNode(dot: unknown, v: VariableNode, args: Node[], final: unknown): unknown {
    this.at(v);
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(dot: unknown, receiver: unknown, node: Node, ident: string[], args: Node[], final: unknown): unknown {
    for (let i = 0; i < ident.length - 1; i++) receiver = this.evalField(dot, ident[i], node, [], MISSING, receiver);
    return this.evalField(dot, ident[ident.length - 1], node, args, final, receiver);
  }

  private evalFunction(dot: unknown, node: IdentifierNode, cmd: Node, args: Node[], final: unknown): unknown {
    this.at(node);
    const spec = this.funcs.get(node.name);
    if (!spec) this.errorf(`${goQuote(node.name)} is not a defined function`);
    return this.evalCall(dot, spec, this.builtins.has(node.name), cmd, node.name, args, final);
  }

  private evalField(dot: unknown, name: string, node: Node, args: Node[], final: unknown, receiver: unknown): unknown {
    if (receiver === NO_VALUE || receiver === undefined) return NO_VALUE;
    if (receiver === null || receiver === TYPED_NIL) this.errorf(`nil pointer evaluating interface {}.${name}`);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (typeof receiver === 'object' && !Array.isArray(receiver)) {
      const obj = receiver as Record<string, unknown>;
      const struct = structType(obj) !== undefined;
      const present = hasField(obj, name);
      const value = present ? obj[name] : undefined;
      if (typeof value === 'function') {
        const method: FuncSpec = { params: Array<ParamType>(value.length).fill('any'), fn: (...a: unknown[]) => value.apply(obj, a) };
        const result = this.evalCall(dot, method, false, node, name, args, final);
        return struct && isNil(result) ? TYPED_NIL : result;
      }
      if (struct && present) {
        if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
        return isNil(value) ? TYPED_NIL : value;
      }
      if (!struct) {
        if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
        if (!present && this.missingKeyError) this.errorf(`map has no entry for key ${goQuote(name)}`);
        return present ? (value ?? null) : NO_VALUE;
      }
    }
    this.errorf(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
  }

  private evalCall(dot: unknown, spec: FuncSpec, builtin: boolean, node: Node, name: string, args: Node[], final: unknown): unknown {
    const argNodes = args.slice(1);
    const numIn = argNodes.length + (final !== MISSING ? 1 : 0);
    let numFixed = argNodes.length;
    if (spec.variadic) {
      numFixed = spec.params.length;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${argNodes.length}`);
    } else if (numIn !== spec.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${spec.params.length} got ${numIn}`);
    }
    if (builtin && (name === 'and' || name === 'or')) {
      let v: unknown;
      for (const a of argNodes) {
        v = this.evalArg(dot, 'any', a);
        if (isTrue(v) === (name === 'or')) return v;
      }
      return final !== MISSING ? final : v;
    }
    const argv: unknown[] = [];
    let i = 0;
    for (; i < numFixed && i < argNodes.length; i++) argv.push(this.evalArg(dot, spec.params[i], argNodes[i]));
    for (; i < argNodes.length; i++) argv.push(this.evalArg(dot, spec.variadic!, argNodes[i]));
    if (final !== MISSING) {
      const type = !spec.variadic ? spec.params[spec.params.length - 1] : numIn - 1 < numFixed ? spec.params[numIn - 1] : spec.variadic;
      argv.push(this.validateType(final, type));
    }
    try {
      return spec.fn(...(spec.raw ? argv : argv.map((a) => (isNil(a) ? null : a))));
    } catch (e) {
      if (e instanceof TemplateError) throw e;
      this.at(node);
      this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private evalArg(dot: unknown, type: ParamType, n: Node): unknown {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, type);
      case 'nil':
        if (type === 'any' || type === 'strings') return null;
        this.errorf(`cannot assign nil to ${PARAM_NAMES[type]}`);
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), type);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, [], MISSING), type);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), type);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, [], MISSING), type);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, [], MISSING), type);
    }
    if (type === 'string') {
      if (n.type === 'string') return n.text;
      this.errorf(`expected string; found ${nodeString(n)}`);
    }
    if (type === 'int') {
      if (n.type === 'number' && n.isInt) return n.value;
      this.errorf(`expected integer; found ${nodeString(n)}`);
    }
    if (type === 'any') {
      if (n.type === 'bool') return n.value;
      if (n.type === 'number') return this.idealConstant(n);
      if (n.type === 'string') return n.text;
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${PARAM_NAMES[type]}`);
  }

  private validateType(value: unknown, type: ParamType): unknown {
    if (type === 'any') return value;
    if (isNil(value)) {
      if (type === 'strings') return [];
      if (value === NO_VALUE) this.errorf(`invalid value; expected ${PARAM_NAMES[type]}`);
    } else if (type === 'string' ? typeof value === 'string'
      : type === 'int' ? Number.isInteger(value)
      : Array.isArray(value) && value.every((e) => typeof e === 'string')) {
      return value;
    }
    const got = isNil(value) ? 'interface {}' : goTypeName(value);
    this.errorf(`wrong type for value; expected ${PARAM_NAMES[type]}; got ${got}`);
  }
}
