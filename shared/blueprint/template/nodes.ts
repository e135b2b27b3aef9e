/**
 * Parse tree nodes as Go's text/template/parse defines them. `toString()` is Go's `String()`: exec errors print it
 * as the `<…>` context, so it must match byte for byte. `pos` is the node's index in the template text.
 */
import { quote } from './strconv.js';

export type Node =
  | ListNode
  | TextNode
  | ActionNode
  | PipeNode
  | CommandNode
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | EndNode
  | ElseNode
  | IfNode
  | RangeNode
  | WithNode
  | BreakNode
  | ContinueNode
  | TemplateNode;

export class ListNode {
  readonly type = 'list';
  readonly nodes: Node[] = [];
  constructor(readonly pos: number) {}
  toString(): string {
    return this.nodes.map(String).join('');
  }
}

export class TextNode {
  readonly type = 'text';
  constructor(
    readonly pos: number,
    readonly text: string,
  ) {}
  toString(): string {
    return this.text;
  }
}

export class PipeNode {
  readonly type = 'pipe';
  isAssign = false;
  readonly decl: VariableNode[] = [];
  readonly cmds: CommandNode[] = [];
  constructor(
    readonly pos: number,
    readonly line: number,
  ) {}
  toString(): string {
    let s = '';
    if (this.decl.length > 0) s = `${this.decl.map(String).join(', ')} := `;
    return s + this.cmds.map(String).join(' | ');
  }
}

export class ActionNode {
  readonly type = 'action';
  constructor(
    readonly pos: number,
    readonly line: number,
    readonly pipe: PipeNode,
  ) {}
  toString(): string {
    return `{{${this.pipe}}}`;
  }
}

export class CommandNode {
  readonly type = 'command';
  readonly args: Node[] = [];
  constructor(readonly pos: number) {}
  toString(): string {
    return this.args.map((a) => (a instanceof PipeNode ? `(${a})` : String(a))).join(' ');
  }
}

export class IdentifierNode {
  readonly type = 'identifier';
  constructor(
    readonly pos: number,
    readonly ident: string,
  ) {}
  toString(): string {
    return this.ident;
  }
}

export class VariableNode {
  readonly type = 'variable';
  readonly ident: string[];
  constructor(
    readonly pos: number,
    ident: string,
  ) {
    this.ident = ident.split('.');
  }
  toString(): string {
    return this.ident.join('.');
  }
}

export class DotNode {
  readonly type = 'dot';
  constructor(readonly pos: number) {}
  toString(): string {
    return '.';
  }
}

export class NilNode {
  readonly type = 'nil';
  constructor(readonly pos: number) {}
  toString(): string {
    return 'nil';
  }
}

export class FieldNode {
  readonly type = 'field';
  readonly ident: string[];
  constructor(
    readonly pos: number,
    ident: string,
  ) {
    this.ident = ident.slice(1).split('.');
  }
  toString(): string {
    return this.ident.map((id) => `.${id}`).join('');
  }
}

export class ChainNode {
  readonly type = 'chain';
  readonly field: string[] = [];
  constructor(
    readonly pos: number,
    readonly node: Node,
  ) {}
  add(field: string): void {
    this.field.push(field.slice(1));
  }
  toString(): string {
    const head = this.node instanceof PipeNode ? `(${this.node})` : String(this.node);
    return head + this.field.map((f) => `.${f}`).join('');
  }
}

export class BoolNode {
  readonly type = 'bool';
  constructor(
    readonly pos: number,
    readonly value: boolean,
  ) {}
  toString(): string {
    return this.value ? 'true' : 'false';
  }
}

export class NumberNode {
  readonly type = 'number';
  isInt = false;
  isUint = false;
  isFloat = false;
  isComplex = false;
  int64 = 0n;
  uint64 = 0n;
  float64 = 0;
  complexRe = 0;
  complexIm = 0;
  constructor(
    readonly pos: number,
    readonly text: string,
  ) {}
  toString(): string {
    return this.text;
  }
}

export class StringNode {
  readonly type = 'string';
  constructor(
    readonly pos: number,
    readonly quoted: string,
    readonly text: string,
  ) {}
  toString(): string {
    return this.quoted;
  }
}

export class EndNode {
  readonly type = 'end';
  constructor(readonly pos: number) {}
  toString(): string {
    return '{{end}}';
  }
}

export class ElseNode {
  readonly type = 'else';
  constructor(
    readonly pos: number,
    readonly line: number,
  ) {}
  toString(): string {
    return '{{else}}';
  }
}

abstract class BranchNode {
  abstract readonly type: 'if' | 'range' | 'with';
  constructor(
    readonly pos: number,
    readonly line: number,
    readonly pipe: PipeNode,
    readonly list: ListNode,
    readonly elseList: ListNode | null,
  ) {}
  toString(): string {
    const e = this.elseList === null ? '' : `{{else}}${this.elseList}`;
    return `{{${this.type} ${this.pipe}}}${this.list}${e}{{end}}`;
  }
}

export class IfNode extends BranchNode {
  readonly type = 'if';
}

export class RangeNode extends BranchNode {
  readonly type = 'range';
}

export class WithNode extends BranchNode {
  readonly type = 'with';
}

export class BreakNode {
  readonly type = 'break';
  constructor(
    readonly pos: number,
    readonly line: number,
  ) {}
  toString(): string {
    return '{{break}}';
  }
}

export class ContinueNode {
  readonly type = 'continue';
  constructor(
    readonly pos: number,
    readonly line: number,
  ) {}
  toString(): string {
    return '{{continue}}';
  }
}

export class TemplateNode {
  readonly type = 'template';
  constructor(
    readonly pos: number,
    readonly line: number,
    readonly name: string,
    readonly pipe: PipeNode | null,
  ) {}
  toString(): string {
    return `{{template ${quote(this.name)}${this.pipe === null ? '' : ` ${this.pipe}`}}}`;
  }
}
