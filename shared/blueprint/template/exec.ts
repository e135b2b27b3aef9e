/**
 * Go 1.19 text/template execution (exec.go) with Option("missingkey=error"): walking, pipelines, field and map
 * access, function calls with Go's argument conversion, and Go's error texts and positions. Every `at()` call
 * mirrors Go's `s.at()`, because the node an error is reported at decides the `config:LINE:COL` and `<…>` context.
 *
 * Longer than the house ceiling: it mirrors one Go file whose functions recurse into each other.
 */
import { type Callable, CallError, findFunction, type ParamType, REFLECT } from './callable.js';
import { sprintArgs } from './fmt.js';
import type { FuncMap } from './funcs.js';
import type {
  ActionNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  RangeNode,
  TemplateNode,
  VariableNode,
} from './nodes.js';
import type { ParsedTrees } from './parse.js';
import {
  COMPLEX,
  Complex,
  elemRV,
  fieldByName,
  fieldByPath,
  INVALID,
  ifaceElem,
  indirect,
  indirectInterface,
  isInterface,
  isTrue,
  type RV,
  rv,
  toFmtArg,
  truth,
  typeName,
} from './rv.js';
import { formatFloat, quote } from './strconv.js';
import { compareGoStrings, utf8Length } from './utf8.js';
import type { GoMap, GoPointer, GoSlice, GoStruct, GoType, GoValue } from './values.js';
import { assignableTo, type IntTypeName, intType, isUnsignedInt, T, zeroValue } from './values.js';

/** An execution failure; `message` is Go's error text. */
export class GoExecError extends Error {
  override readonly name = 'GoExecError';
}

const MISSING: RV = Object.freeze({ t: null, v: null });
const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

interface Variable {
  name: string;
  value: RV;
}

class State {
  node: Node | null = null;
  vars: Variable[];

  constructor(
    private readonly tmpl: ParsedTrees,
    private readonly name: string,
    private readonly funcs: FuncMap,
    private readonly builtins: FuncMap,
    private readonly out: string[],
    dot: RV,
    private readonly depth = 0,
  ) {
    this.vars = [{ name: '$', value: dot }];
  }

  at(node: Node): void {
    this.node = node;
  }

  errorf(msg: string): never {
    if (this.node === null) throw new GoExecError(`template: ${this.name}: ${msg}`);
    const text = this.tmpl.text;
    const pos = this.node.pos;
    const before = text.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    const col = utf8Length(nl === -1 ? before : before.slice(nl + 1));
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    throw new GoExecError(`template: config:${line}:${col}: executing ${quote(this.name)} at <${this.node}>: ${msg}`);
  }

  // ---- variables ----

  push(name: string, value: RV): void {
    this.vars.push({ name, value });
  }

  pop(mark: number): void {
    this.vars.length = mark;
  }

  setVar(name: string, value: RV): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) {
        v.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  setTopVar(n: number, value: RV): void {
    (this.vars[this.vars.length - n] as Variable).value = value;
  }

  varValue(name: string): RV {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) return v.value;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  // ---- walking ----

  walk(dot: RV, node: Node): void {
    this.at(node);
    switch (node.type) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'if':
      case 'with':
        this.walkIfOrWith(node.type, dot, node.pipe, node.list, node.elseList);
        return;
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'template':
        this.walkTemplate(dot, node);
        return;
      case 'text':
        this.out.push(node.text);
        return;
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      default:
        this.errorf(`unknown node: ${node}`);
    }
  }

  walkIfOrWith(typ: 'if' | 'with', dot: RV, pipe: PipeNode, list: ListNode, elseList: ListNode | null): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, pipe);
      if (isTrue(indirectInterface(val))) this.walk(typ === 'with' ? val : dot, list);
      else if (elseList !== null) this.walk(dot, elseList);
    } finally {
      this.pop(mark);
    }
  }

  walkRange(dot: RV, r: RangeNode): void {
    this.at(r);
    const outer = this.vars.length;
    try {
      const val = indirect(this.evalPipeline(dot, r.pipe)).v;
      const mark = this.vars.length;
      const oneIteration = (index: RV, elem: RV): void => {
        if (r.pipe.decl.length > 0) this.setTopVar(1, elem);
        if (r.pipe.decl.length > 1) this.setTopVar(2, index);
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.pop(mark);
        }
      };
      const t = val.t;
      if (t !== null && (t.kind === 'slice' || t.kind === 'bytes')) {
        const items = t.kind === 'slice' ? ((val.v as GoSlice).items ?? []) : [];
        const bytes = t.kind === 'bytes' ? ((val.v as { bytes: Uint8Array | null }).bytes ?? []) : [];
        const n = t.kind === 'slice' ? items.length : bytes.length;
        if (n > 0) {
          for (let i = 0; i < n; i++) {
            const elem =
              t.kind === 'slice'
                ? elemRV(t.elem, items[i] as GoValue, val.v as GoSlice)
                : rv({ kind: 'int', name: 'uint8' }, BigInt(bytes[i] as number));
            oneIteration(rv(T.int, BigInt(i)), elem);
          }
          return;
        }
      } else if (t !== null && t.kind === 'map') {
        const m = val.v as GoMap;
        if (m.entries !== null && m.entries.size > 0) {
          const keys = [...m.entries.keys()].sort(compareGoStrings);
          for (const k of keys) oneIteration(rv(T.string, k), elemRV(t.elem, m.entries.get(k) as GoValue, m));
          return;
        }
      } else if (t !== null) {
        this.errorf(`range can't iterate over ${sprintArgs([toFmtArg(val)])}`);
      }
      if (r.elseList !== null) this.walk(dot, r.elseList);
    } catch (e) {
      if (e !== BREAK) throw e;
    } finally {
      this.pop(outer);
    }
  }

  walkTemplate(dot: RV, t: TemplateNode): void {
    this.at(t);
    const tree = this.tmpl.trees.get(t.name);
    if (tree === undefined) this.errorf(`template ${quote(t.name)} not defined`);
    const newDot = this.evalPipeline(dot, t.pipe);
    const s = new State(this.tmpl, t.name, this.funcs, this.builtins, this.out, newDot, this.depth + 1);
    try {
      s.walk(newDot, tree);
    } catch (e) {
      if (e instanceof RangeError) {
        // JavaScript's stack ends long before Go's limit; report what Go reports at its limit.
        this.at(t);
        this.errorf('exceeded maximum template depth (100000)');
      }
      throw e;
    }
  }

  // ---- pipelines and commands ----

  evalPipeline(dot: RV, pipe: PipeNode | null): RV {
    if (pipe === null) return INVALID;
    this.at(pipe);
    let value = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      if (isInterface(value)) value = ifaceElem(value);
    }
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0] as string, value);
      else this.push(variable.ident[0] as string, value);
    }
    return value;
  }

  notAFunction(args: readonly Node[] | null, final: RV): void {
    if ((args !== null && args.length > 1) || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${(args as Node[])[0]}`);
    }
  }

  evalCommand(dot: RV, cmd: CommandNode, final: RV): RV {
    const first = cmd.args[0] as Node;
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
        return rv(T.bool, first.value);
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return rv(T.string, first.text);
    }
    return this.errorf(`can't evaluate command ${quote(String(first))}`);
  }

  idealConstant(c: NumberNode): RV {
    this.at(c);
    if (c.isComplex) return { t: COMPLEX, v: new Complex(c.complexRe, c.complexIm) };
    const text = c.text;
    const isHexInt = text.length > 2 && text[0] === '0' && (text[1] === 'x' || text[1] === 'X') && !/[pP]/.test(text);
    if (c.isFloat && !isHexInt && text[0] !== "'" && /[.eEpP]/.test(text)) return rv(T.float64, c.float64);
    if (c.isInt) return rv(T.int, c.int64);
    if (c.isUint) this.errorf(`${text} overflows int`);
    return INVALID;
  }

  evalFieldNode(dot: RV, field: FieldNode, args: readonly Node[] | null, final: RV): RV {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  evalChainNode(dot: RV, chain: ChainNode, args: readonly Node[] | null, final: RV): RV {
    this.at(chain);
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${chain}`);
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  evalVariableNode(dot: RV, variable: VariableNode, args: readonly Node[] | null, final: RV): RV {
    this.at(variable);
    const value = this.varValue(variable.ident[0] as string);
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, variable, variable.ident.slice(1), args, final);
  }

  evalFieldChain(dot: RV, receiver: RV, node: Node, ident: string[], args: readonly Node[] | null, final: RV): RV {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(dot, ident[i] as string, node, null, MISSING, receiver);
    return this.evalField(dot, ident[n - 1] as string, node, args, final, receiver);
  }

  evalFunction(dot: RV, node: IdentifierNode, cmd: Node, args: readonly Node[] | null, final: RV): RV {
    this.at(node);
    const name = node.ident;
    const fn = findFunction(name, this.funcs, this.builtins);
    if (fn === null) return this.errorf(`${quote(name)} is not a defined function`);
    return this.evalCall(dot, fn, cmd, name, args, final);
  }

  /** Go's evalField (no methods exist in our value model, so `dot` and `node` are unused). */
  evalField(_dot: RV, fieldName: string, _node: Node, args: readonly Node[] | null, final: RV, receiver: RV): RV {
    if (receiver.t === null) this.errorf(`nil data; no entry for key ${quote(fieldName)}`);
    const typ = typeName(receiver.t);
    const { v: recv, isNil } = indirect(receiver);
    if (isNil && isInterface(recv)) this.errorf(`nil pointer evaluating ${typ}.${fieldName}`);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    const t = recv.t as GoType;
    switch (t.kind) {
      case 'struct': {
        const path = fieldByName(t.struct, fieldName);
        if (path !== null) {
          if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
          return fieldByPath(recv.v as GoStruct, path);
        }
        break;
      }
      case 'map': {
        if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
        const m = recv.v as GoMap;
        const found = m.entries?.get(fieldName);
        if (found === undefined) this.errorf(`map has no entry for key ${quote(fieldName)}`);
        return elemRV(t.elem, found, m);
      }
      case 'ptr': {
        const et = t.elem;
        if (et.kind === 'struct' && fieldByName(et.struct, fieldName) === null) break;
        if (isNil) this.errorf(`nil pointer evaluating ${typ}.${fieldName}`);
        break;
      }
    }
    return this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  // ---- calls ----

  evalCall(dot: RV, fn: Callable, node: Node, name: string, allArgs: readonly Node[] | null, final: RV): RV {
    const args = allArgs === null ? [] : allArgs.slice(1);
    let numIn = args.length;
    if (final !== MISSING) numIn++;
    let numFixed = args.length;
    const nParams = fn.params.length + (fn.variadic === null ? 0 : 1);
    if (fn.variadic !== null) {
      numFixed = fn.params.length;
      if (numIn < numFixed) {
        this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${args.length}`);
      }
    } else if (numIn !== nParams) this.errorf(`wrong number of args for ${name}: want ${nParams} got ${numIn}`);

    if (fn.builtin && (name === 'and' || name === 'or')) {
      let v = INVALID;
      for (const arg of args) {
        v = this.evalArg(dot, REFLECT, arg);
        if (truth(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, REFLECT);
      return v;
    }

    const argv: RV[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++)
      argv.push(this.evalArg(dot, fn.params[i] as ParamType, args[i] as Node));
    if (fn.variadic !== null) for (; i < args.length; i++) argv.push(this.evalArg(dot, fn.variadic, args[i] as Node));
    if (final !== MISSING) {
      let t: ParamType;
      if (fn.variadic === null) t = fn.params[nParams - 1] as ParamType;
      else if (numIn - 1 < numFixed) t = fn.params[numIn - 1] as ParamType;
      else t = fn.variadic;
      argv.push(this.validateType(final, t));
    }
    try {
      return fn.call(argv);
    } catch (e) {
      if (!(e instanceof CallError)) throw e;
      this.at(node);
      return this.errorf(`error calling ${name}: ${e.message}`);
    }
  }

  validateType(value: RV, typ: ParamType | null): RV {
    if (value.t === null) {
      if (typ === null || typ.kind === 'reflect') return INVALID;
      if (canBeNil(typ)) return zeroRV(typ);
      return this.errorf(`invalid value; expected ${typeName(typ)}`);
    }
    if (typ === null || typ.kind === 'reflect' || assignable(value.t, typ)) return value;
    if (isInterface(value) && value.v !== null) {
      value = ifaceElem(value);
      if (assignable(value.t as GoType, typ)) return value;
    }
    const vt = value.t as GoType;
    if (vt.kind === ('complex' as string))
      return this.errorf(`wrong type for value; expected ${typeName(typ)}; got complex128`);
    if (vt.kind === 'ptr' && assignable(vt.elem, typ)) {
      const target = (value.v as GoPointer).target;
      if (target === null) this.errorf(`dereference of nil pointer of type ${typeName(typ)}`);
      return rv(vt.elem, target);
    }
    return this.errorf(`wrong type for value; expected ${typeName(typ)}; got ${typeName(vt)}`);
  }

  evalArg(dot: RV, typ: ParamType | null, n: Node): RV {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ !== null && typ.kind === 'reflect') return INVALID;
        if (typ !== null && canBeNil(typ)) return zeroRV(typ);
        return this.errorf(`cannot assign nil to ${typ === null ? '<nil>' : typeName(typ)}`);
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, null, MISSING), typ);
    }
    if (typ !== null && typ.kind === 'reflect') return this.evalEmptyInterface(dot, n);
    if (typ === null) return this.errorf(`can't handle ${n} for arg of type <nil>`);
    switch (typ.kind) {
      case 'bool':
        if (n.type === 'bool') return rv(typ, n.value);
        return this.errorf(`expected bool; found ${n}`);
      case 'float64':
        if (n.type === 'number' && n.isFloat) return rv(typ, n.float64);
        return this.errorf(`expected float; found ${n}`);
      case 'int':
        return this.evalInteger(typ.name, n);
      case 'interface':
        return this.evalEmptyInterface(dot, n);
      case 'string':
        if (n.type === 'string') return rv(typ, n.text);
        return this.errorf(`expected string; found ${n}`);
    }
    return this.errorf(`can't handle ${n} for arg of type ${typeName(typ)}`);
  }

  evalInteger(name: IntTypeName, n: Node): RV {
    const typ = intType(name);
    const unsigned = isUnsignedInt(name);
    const bits = name === 'uint8' ? 8 : name === 'int32' ? 32 : 64;
    if (!unsigned && n.type === 'number' && n.isInt) return rv(typ, BigInt.asIntN(bits, n.int64));
    if (unsigned && n.type === 'number' && n.isUint) return rv(typ, BigInt.asUintN(bits, n.uint64));
    return this.errorf(`expected ${unsigned ? 'unsigned integer' : 'integer'}; found ${n}`);
  }

  evalEmptyInterface(dot: RV, n: Node): RV {
    this.at(n);
    switch (n.type) {
      case 'bool':
        return rv(T.bool, n.value);
      case 'dot':
        return dot;
      case 'field':
        return this.evalFieldNode(dot, n, null, MISSING);
      case 'identifier':
        return this.evalFunction(dot, n, n, null, MISSING);
      case 'nil':
        return this.errorf("evalEmptyInterface: nil (can't happen)");
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return rv(T.string, n.text);
      case 'variable':
        return this.evalVariableNode(dot, n, null, MISSING);
      case 'pipe':
        return this.evalPipeline(dot, n);
    }
    return this.errorf(`can't handle assignment of ${n} to empty interface argument`);
  }

  // ---- printing ----

  printValue(n: ActionNode, v: RV): void {
    this.at(n);
    if (v.t !== null) {
      switch (v.t.kind) {
        case 'string':
          this.out.push(v.v as string);
          return;
        case 'int':
          if (v.t.name === 'int' || v.t.name === 'int64') {
            this.out.push((v.v as bigint).toString());
            return;
          }
          break;
        case 'complex': {
          const c = v.v as Complex;
          const im = formatFloat(c.im, 'g', -1);
          this.out.push(`(${formatFloat(c.re, 'g', -1)}${/^[+-]/.test(im) ? '' : '+'}${im}i)`);
          return;
        }
        case 'ptr':
          v = indirect(v).v;
          break;
      }
    }
    if (v.t === null) this.out.push('<no value>');
    else this.out.push(sprintArgs([toFmtArg(v)]));
  }
}

function canBeNil(t: GoType): boolean {
  switch (t.kind) {
    case 'interface':
    case 'map':
    case 'ptr':
    case 'slice':
    case 'bytes':
      return true;
    default:
      return false;
  }
}

function zeroRV(t: GoType): RV {
  if (t.kind === 'interface') return { t, v: null, dt: null };
  return rv(t, zeroValue(t));
}

function assignable(v: GoType | typeof COMPLEX, t: GoType): boolean {
  if (t.kind === 'interface') return true;
  if (v.kind === 'complex') return false;
  return assignableTo(v, t);
}

/** Executes the parsed template "config" with `data` as dot; returns the output or throws GoExecError. */
export function execute(tmpl: ParsedTrees, data: RV, funcs: FuncMap, builtins: FuncMap): string {
  const out: string[] = [];
  const root = tmpl.trees.get('config');
  const s = new State(tmpl, 'config', funcs, builtins, out, data);
  if (root === undefined) return s.errorf('"config" is an incomplete or empty template');
  s.walk(data, root);
  return out.join('');
}
