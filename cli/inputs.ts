/**
 * Turning CLI flags into run inputs: `k=v` options, `alias=FILE` Secrets/ConfigMaps, `name.key=value` artifacts, and
 * the object manifest. Shared by `render`, `run` and `backup`.
 */
import { parse as parseYaml } from 'yaml';
import type { KubeDataObject, ObjectResolver } from '../shared/blueprint/functions-port.js';
import { CliError } from './errors.js';
import { readText } from './files.js';

export function parsePairs(values: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i <= 0) throw new CliError(`${flag} ${v}: expected KEY=VALUE`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

export function parseArtifacts(values: readonly string[]): Record<string, { KeyValue: Record<string, string> }> {
  const out: Record<string, { KeyValue: Record<string, string> }> = {};
  for (const [k, v] of Object.entries(parsePairs(values, '--artifact'))) {
    const dot = k.indexOf('.');
    if (dot <= 0) throw new CliError(`--artifact ${k}=…: expected NAME.KEY=VALUE, e.g. backupInfo.snapshotID=snap-1`);
    const name = k.slice(0, dot);
    out[name] ??= { KeyValue: {} };
    out[name].KeyValue[k.slice(dot + 1)] = v;
  }
  return out;
}

export async function readManifest(path: string, expectKind?: string): Promise<Record<string, unknown>> {
  let doc: unknown;
  try {
    doc = parseYaml(await readText(path));
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${path}: not valid YAML (${err instanceof Error ? err.message.split('\n')[0] : err})`);
  }
  const obj = doc as Record<string, unknown> | null;
  const meta = obj?.metadata as Record<string, unknown> | undefined;
  if (!obj || typeof obj !== 'object' || typeof obj.kind !== 'string' || typeof meta?.name !== 'string') {
    throw new CliError(`${path}: expected a Kubernetes object with kind and metadata.name`);
  }
  if (expectKind && obj.kind !== expectKind) throw new CliError(`${path}: expected a ${expectKind}, found ${obj.kind}`);
  return obj;
}

/** `alias=FILE` flags → { alias: object }. */
export async function readAliased(
  values: readonly string[],
  flag: string,
  kind: string,
): Promise<Record<string, KubeDataObject>> {
  const out: Record<string, KubeDataObject> = {};
  for (const [alias, file] of Object.entries(parsePairs(values, flag))) {
    out[alias] = (await readManifest(file, kind)) as unknown as KubeDataObject;
  }
  return out;
}

/** Resolves phase `objects:` against the Secrets and ConfigMaps given on the command line. */
export function fileResolver(secrets: KubeDataObject[], configMaps: KubeDataObject[]): ObjectResolver {
  const find = (list: KubeDataObject[], kind: string, ns: string, name: string) => {
    const hit = list.find((o) => o.metadata.name === name && (o.metadata.namespace ?? '') === ns);
    if (!hit) {
      throw new CliError(
        `the blueprint reads ${kind} ${ns}/${name}: pass it with --${kind.toLowerCase()} ALIAS=FILE.yaml`,
      );
    }
    return Promise.resolve(hit);
  };
  return {
    secret: (ns, name) => find(secrets, 'Secret', ns, name),
    configMap: (ns, name) => find(configMaps, 'ConfigMap', ns, name),
  };
}
