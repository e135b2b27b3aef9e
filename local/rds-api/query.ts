/**
 * Decoding of AWS Query request bodies (`Action=…&Version=…&Tags.Tag.1.Key=…`) into typed values.
 * The SDK names list members after the model's xmlName (`Tags.Tag.1`, `VpcSecurityGroupIds.VpcSecurityGroupId.1`,
 * `Filters.Filter.1.Values.Value.1`); other clients send `member` (`ExportOnly.member.1`). Both are accepted, as is
 * the empty value the SDK sends for an empty list (`ValuesToRemove=`).
 */
import { faults } from './errors.js';

interface QueryNode {
  value?: string;
  readonly children: Map<string, QueryNode>;
}

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface Filter {
  readonly name: string;
  readonly values: readonly string[];
}

const newNode = (): QueryNode => ({ children: new Map() });
const isIndex = (key: string): boolean => /^[1-9]\d*$/.test(key);

function listItems(node: QueryNode): QueryNode[] {
  const keys = [...node.children.keys()];
  let holder = node;
  if (keys.length > 0 && !keys.every(isIndex)) {
    const [only] = keys;
    const inner = only === undefined ? undefined : node.children.get(only);
    if (keys.length !== 1 || inner === undefined) return [];
    holder = inner;
  }
  return [...holder.children.entries()]
    .filter(([key]) => isIndex(key))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, item]) => item);
}

/** One decoded request (or a nested structure of it). */
export class QueryParams {
  private constructor(private readonly node: QueryNode) {}

  static parse(body: string): QueryParams {
    const root = newNode();
    for (const [key, value] of new URLSearchParams(body)) {
      let node = root;
      for (const part of key.split('.')) {
        let child = node.children.get(part);
        if (child === undefined) {
          child = newNode();
          node.children.set(part, child);
        }
        node = child;
      }
      node.value = value;
    }
    return new QueryParams(root);
  }

  str(name: string): string | undefined {
    const value = this.node.children.get(name)?.value;
    return value === '' ? undefined : value;
  }

  required(name: string): string {
    const value = this.str(name);
    if (value === undefined) throw faults.missingParameter(name);
    return value;
  }

  int(name: string): number | undefined {
    const value = this.str(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw faults.invalidParameterValue(`Invalid value ${value} for ${name}`);
    return Number(value);
  }

  bool(name: string): boolean | undefined {
    const value = this.str(name);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') {
      throw faults.invalidParameterValue(`Invalid boolean value ${value} for ${name}`);
    }
    return value === 'true';
  }

  /** Nested structures of a list member, e.g. each `Tags.Tag.N`. Undefined when the list is absent. */
  structs(name: string): QueryParams[] | undefined {
    const node = this.node.children.get(name);
    if (node === undefined) return undefined;
    return listItems(node).map((item) => new QueryParams(item));
  }

  strings(name: string): string[] | undefined {
    const node = this.node.children.get(name);
    if (node === undefined) return undefined;
    return listItems(node)
      .map((item) => item.value)
      .filter((v): v is string => v !== undefined && v !== '');
  }

  tags(name = 'Tags'): Tag[] {
    return (this.structs(name) ?? []).map((t) => ({ Key: t.required('Key'), Value: t.str('Value') ?? '' }));
  }

  filters(): Filter[] {
    return (this.structs('Filters') ?? []).map((f) => ({
      name: f.required('Name'),
      values: f.strings('Values') ?? [],
    }));
  }
}
