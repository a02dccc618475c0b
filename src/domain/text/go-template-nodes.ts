/** The parse tree of Go's text/template (parse/node.go). */

interface At {
  /** Offset of the node in the template (UTF-16 units). */
  pos: number;
}
export interface TextNode extends At { type: 'text'; text: string }
export interface ActionNode extends At { type: 'action'; pipe: PipeNode }
export interface PipeNode extends At { type: 'pipe'; isAssign: boolean; decl: VariableNode[]; cmds: CommandNode[] }
export interface CommandNode extends At { type: 'command'; args: Node[] }
export interface FieldNode extends At { type: 'field'; ident: string[] }
export interface VariableNode extends At { type: 'variable'; ident: string[] }
export interface ChainNode extends At { type: 'chain'; node: Node; fields: string[] }
export interface IdentifierNode extends At { type: 'identifier'; name: string }
export interface DotNode extends At { type: 'dot' }
export interface NilNode extends At { type: 'nil' }
export interface BoolNode extends At { type: 'bool'; value: boolean }
export interface StringNode extends At { type: 'string'; quoted: string; text: string }
export interface NumberNode extends At {
  type: 'number';
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  value: number;
  /** The exact integer, when it is one. */
  big?: bigint;
}
export interface ListNode extends At { type: 'list'; nodes: Node[] }
export interface BranchNode extends At { type: 'if' | 'range' | 'with'; pipe: PipeNode; list: ListNode; elseList: ListNode | null }
export interface MarkerNode extends At { type: 'break' | 'continue' | 'end' | 'else' }

export type Node =
  | TextNode | ActionNode | PipeNode | CommandNode | FieldNode | VariableNode | ChainNode | IdentifierNode
  | DotNode | NilNode | BoolNode | StringNode | NumberNode | ListNode | BranchNode | MarkerNode;

/** Node.String() as Go prints it in error contexts. */
export function nodeString(n: Node): string {
  const inner = (a: Node): string => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a));
  switch (n.type) {
    case 'text': return n.text;
    case 'action': return `{{${nodeString(n.pipe)}}}`;
    case 'pipe': {
      const decl = n.decl.length ? n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ') : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
    case 'command': return n.args.map(inner).join(' ');
    case 'field': return n.ident.map((i) => '.' + i).join('');
    case 'variable': return n.ident.join('.');
    case 'chain': return inner(n.node) + n.fields.map((f) => '.' + f).join('');
    case 'identifier': return n.name;
    case 'dot': return '.';
    case 'nil': return 'nil';
    case 'bool': return String(n.value);
    case 'string': return n.quoted;
    case 'number': return n.text;
    case 'list': return n.nodes.map(nodeString).join('');
    case 'if':
    case 'range':
    case 'with': {
      const otherwise = n.elseList ? `{{else}}${nodeString(n.elseList)}` : '';
      return `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}${otherwise}{{end}}`;
    }
    default: return `{{${n.type}}}`;
  }
}
