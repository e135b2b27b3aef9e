/**
 * Go 1.19 text/template/parse parser: the same grammar, the same tree and the same error texts
 * (`template: config:LINE: …`). Function names are checked at parse time, as Go does.
 */
import { type Item, ItemType, itemString, Lexer } from './lexer.js';
import {
  ActionNode,
  BoolNode,
  BreakNode,
  ChainNode,
  CommandNode,
  ContinueNode,
  DotNode,
  ElseNode,
  EndNode,
  FieldNode,
  IdentifierNode,
  IfNode,
  ListNode,
  NilNode,
  type Node,
  PipeNode,
  RangeNode,
  StringNode,
  TemplateNode,
  TextNode,
  VariableNode,
  WithNode,
} from './nodes.js';
import { newNumber } from './numparse.js';
import { quote, unquote } from './strconv.js';

/** A parse failure; `message` is Go's error text. */
export class GoParseError extends Error {
  override readonly name = 'GoParseError';
}

export interface ParsedTrees {
  readonly text: string;
  /** Template name → root list (Go's treeSet); "config" is the top-level template. */
  readonly trees: ReadonlyMap<string, ListNode>;
}

const PARSE_NAME = 'config';

/** Go's bytes.TrimSpace emptiness check (Unicode White_Space). */
function isBlank(s: string): boolean {
  return /^[\s\u0085]*$/u.test(s);
}

function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  if (n instanceof ListNode) return n.nodes.every(isEmptyTree);
  if (n instanceof TextNode) return isBlank(n.text);
  return false;
}

class Tree {
  root: ListNode | null = null;
  private readonly token: Item[] = [];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;

  constructor(
    public name: string,
    private readonly lex: Lexer,
    private readonly treeSet: Map<string, ListNode>,
    private readonly hasFunction: (name: string) => boolean,
  ) {}

  // ---- token buffer (three-token lookahead) ----

  next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount] as Item;
  }

  backup(): void {
    this.peekCount++;
  }

  backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1] as Item;
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  nextNonSpace(): Item {
    let token: Item;
    do token = this.next();
    while (token.typ === ItemType.Space);
    return token;
  }

  peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // ---- errors ----

  errorf(msg: string): never {
    this.root = null;
    const line = this.token[0]?.line ?? 1;
    throw new GoParseError(`template: ${PARSE_NAME}:${line}: ${msg}`);
  }

  expect(expected: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  unexpected(token: Item, context: string): never {
    if (token.typ === ItemType.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${PARSE_NAME}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  // ---- grammar ----

  add(): void {
    const tree = this.treeSet.get(this.name);
    if (tree === undefined || isEmptyTree(tree)) {
      this.treeSet.set(this.name, this.root as ListNode);
      return;
    }
    if (!isEmptyTree(this.root)) this.errorf(`template: multiple definition of template ${quote(this.name)}`);
  }

  parse(): void {
    this.root = new ListNode(this.peek().pos);
    while (this.peek().typ !== ItemType.EOF) {
      if (this.peek().typ === ItemType.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === ItemType.Define) {
          const newT = new Tree('definition', this.lex, this.treeSet, this.hasFunction);
          newT.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) this.errorf(`unexpected ${n}`);
      this.root.nodes.push(n);
    }
  }

  parseDefinition(): void {
    const context = 'define clause';
    const token = this.nextNonSpace();
    if (token.typ !== ItemType.String && token.typ !== ItemType.RawString) this.unexpected(token, context);
    this.name = this.unquote(token.val);
    this.expect(ItemType.RightDelim, context);
    const [list, end] = this.itemList();
    this.root = list;
    if (!(end instanceof EndNode)) this.errorf(`unexpected ${end} in ${context}`);
    this.add();
  }

  unquote(s: string): string {
    try {
      return unquote(s);
    } catch (e) {
      return this.errorf((e as Error).message);
    }
  }

  itemList(): [ListNode, Node] {
    const list = new ListNode(this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== ItemType.EOF) {
      const n = this.textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) return [list, n];
      list.nodes.push(n);
    }
    return this.errorf('unexpected EOF');
  }

  textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case ItemType.Text:
        return new TextNode(token.pos, token.val);
      case ItemType.LeftDelim:
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      default:
        return this.unexpected(token, 'input');
    }
  }

  action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case ItemType.Block:
        return this.blockControl();
      case ItemType.Break:
        return this.breakOrContinue(token, 'break');
      case ItemType.Continue:
        return this.breakOrContinue(token, 'continue');
      case ItemType.Else:
        return this.elseControl();
      case ItemType.End:
        return new EndNode(this.expect(ItemType.RightDelim, 'end').pos);
      case ItemType.If:
        return this.ifControl();
      case ItemType.Range:
        return new RangeNode(...this.parseControl(false, 'range'));
      case ItemType.Template:
        return this.templateControl();
      case ItemType.With:
        return new WithNode(...this.parseControl(false, 'with'));
    }
    this.backup();
    const t = this.peek();
    return new ActionNode(t.pos, t.line, this.pipeline('command', ItemType.RightDelim));
  }

  breakOrContinue(token: Item, word: 'break' | 'continue'): Node {
    const next = this.nextNonSpace();
    if (next.typ !== ItemType.RightDelim) this.unexpected(next, `{{${word}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${word}}} outside {{range}}`);
    return word === 'break' ? new BreakNode(token.pos, token.line) : new ContinueNode(token.pos, token.line);
  }

  pipeline(context: string, end: ItemType): PipeNode {
    const token = this.peekNonSpace();
    const pipe = new PipeNode(token.pos, token.line);
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== ItemType.Variable) break;
      this.next();
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === ItemType.Assign || next.typ === ItemType.Declare) {
        pipe.isAssign = next.typ === ItemType.Assign;
        this.nextNonSpace();
        pipe.decl.push(new VariableNode(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === ItemType.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(new VariableNode(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === ItemType.Variable || p === ItemType.RightDelim || p === ItemType.RightParen) continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === ItemType.Space) this.backup3(v, tokenAfterVariable);
      else this.backup2(v);
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.typ) {
        case ItemType.Bool:
        case ItemType.CharConstant:
        case ItemType.Complex:
        case ItemType.Dot:
        case ItemType.Field:
        case ItemType.Identifier:
        case ItemType.Number:
        case ItemType.Nil:
        case ItemType.RawString:
        case ItemType.String:
        case ItemType.Variable:
        case ItemType.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const a = c.args[0];
      if (a instanceof BoolNode || a instanceof DotNode || a instanceof NilNode || a?.type === 'number') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
      if (a instanceof StringNode) this.errorf(`non executable command in pipeline stage ${i + 2}`);
    });
  }

  parseControl(allowElseIf: boolean, context: string): [number, number, PipeNode, ListNode, ListNode | null] {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, ItemType.RightDelim);
      if (context === 'range') this.rangeDepth++;
      let [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next instanceof ElseNode) {
        if (allowElseIf && this.peek().typ === ItemType.If) {
          this.next();
          elseList = new ListNode(next.pos);
          elseList.nodes.push(this.ifControl());
        } else {
          [elseList, next] = this.itemList();
          if (!(next instanceof EndNode)) this.errorf(`expected end; found ${next}`);
        }
      }
      return [pipe.pos, pipe.line, pipe, list, elseList];
    } finally {
      this.vars.length = mark;
    }
  }

  ifControl(): Node {
    return new IfNode(...this.parseControl(true, 'if'));
  }

  elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === ItemType.If) return new ElseNode(peek.pos, peek.line);
    const token = this.expect(ItemType.RightDelim, 'else');
    return new ElseNode(token.pos, token.line);
  }

  blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, ItemType.RightDelim);
    const block = new Tree(name, this.lex, this.treeSet, this.hasFunction);
    const [list, end] = block.itemList();
    block.root = list;
    if (!(end instanceof EndNode)) this.errorf(`unexpected ${end} in ${context}`);
    block.add();
    return new TemplateNode(token.pos, token.line, name, pipe);
  }

  templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== ItemType.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, ItemType.RightDelim);
    }
    return new TemplateNode(token.pos, token.line, name, pipe);
  }

  parseTemplateName(token: Item, context: string): string {
    if (token.typ === ItemType.String || token.typ === ItemType.RawString) return this.unquote(token.val);
    return this.unexpected(token, context);
  }

  command(): CommandNode {
    const cmd = new CommandNode(this.peekNonSpace().pos);
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === ItemType.Space) continue;
      if (token.typ === ItemType.RightDelim || token.typ === ItemType.RightParen) this.backup();
      else if (token.typ !== ItemType.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  operand(): Node | null {
    let node = this.term();
    if (node === null) return null;
    if (this.peek().typ === ItemType.Field) {
      const chain = new ChainNode(this.peek().pos, node);
      while (this.peek().typ === ItemType.Field) chain.add(this.next().val);
      switch (node.type) {
        case 'field':
          node = new FieldNode(chain.pos, String(chain));
          break;
        case 'variable':
          node = new VariableNode(chain.pos, String(chain));
          break;
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf(`unexpected . after term ${quote(String(node))}`);
          break;
        default:
          node = chain;
      }
    }
    return node;
  }

  term(): Node | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case ItemType.Identifier:
        if (!this.hasFunction(token.val)) this.errorf(`function ${quote(token.val)} not defined`);
        return new IdentifierNode(token.pos, token.val);
      case ItemType.Dot:
        return new DotNode(token.pos);
      case ItemType.Nil:
        return new NilNode(token.pos);
      case ItemType.Variable:
        return this.useVar(token.pos, token.val);
      case ItemType.Field:
        return new FieldNode(token.pos, token.val);
      case ItemType.Bool:
        return new BoolNode(token.pos, token.val === 'true');
      case ItemType.CharConstant:
      case ItemType.Complex:
      case ItemType.Number:
        try {
          const kind =
            token.typ === ItemType.CharConstant ? 'char' : token.typ === ItemType.Complex ? 'complex' : 'number';
          return newNumber(token.pos, token.val, kind);
        } catch (e) {
          return this.errorf((e as Error).message);
        }
      case ItemType.LeftParen:
        return this.pipeline('parenthesized pipeline', ItemType.RightParen);
      case ItemType.String:
      case ItemType.RawString:
        return new StringNode(token.pos, token.val, this.unquote(token.val));
    }
    this.backup();
    return null;
  }

  useVar(pos: number, name: string): Node {
    const v = new VariableNode(pos, name);
    if (this.vars.includes(v.ident[0] as string)) return v;
    return this.errorf(`undefined variable ${quote(v.ident[0] as string)}`);
  }
}

/**
 * Parses `text` as the template "config" (with its {{define}}/{{block}} templates), checking function names with
 * `hasFunction`. Throws GoParseError with Go's message.
 */
export function parseTrees(text: string, hasFunction: (name: string) => boolean): ParsedTrees {
  const lex = new Lexer(text, !hasFunction('break'), !hasFunction('continue'));
  const treeSet = new Map<string, ListNode>();
  const t = new Tree(PARSE_NAME, lex, treeSet, hasFunction);
  t.parse();
  t.add();
  return { text, trees: treeSet };
}
