/**
 * Where runs find policies and blueprints: a set of YAML files (a directory for the CLI, an S3 prefix the stack
 * deploys them to for Lambda), parsed and validated with the same loaders `holdfast validate` uses. A file that does
 * not validate is skipped with its diagnostics logged: one bad file never stops the other policies.
 */
import { type Diagnostic, formatDiagnostic, hasErrors } from '../blueprint/diagnostics.js';
import { loadKanisterDocuments } from '../blueprint/load.js';
import type { Logger } from '../blueprint/run-context.js';
import type { Blueprint } from '../blueprint/schema.js';
import { type ValidationPorts, validateBlueprint } from '../blueprint/validate.js';
import { loadPolicies } from '../policy/load.js';
import type { Policy } from '../policy/schema.js';
import type { BlueprintSource } from './ports.js';
import type { PolicySource } from './trigger.js';

export interface YamlFiles {
  /** Every YAML file: name → text. */
  readAll(): Promise<Map<string, string>>;
}

export class UnknownBlueprintError extends Error {
  override readonly name = 'UnknownBlueprintError';
}

interface Loaded {
  policies: Map<string, Policy>;
  blueprints: Map<string, Blueprint>;
  loadedAt: number;
}

export class ConfigSource {
  private cache: Promise<Loaded> | undefined;

  constructor(
    private readonly files: YamlFiles,
    private readonly ports: ValidationPorts,
    private readonly log: Logger,
    private readonly ttlMs = 300_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async blueprint(name: string): Promise<Blueprint> {
    const bp = (await this.load()).blueprints.get(name);
    if (!bp) throw new UnknownBlueprintError(`blueprint ${name} is not deployed (or did not validate; see the logs)`);
    return bp;
  }

  async policy(name: string): Promise<Policy | undefined> {
    return (await this.load()).policies.get(name);
  }

  async list(): Promise<Policy[]> {
    return [...(await this.load()).policies.values()];
  }

  private load(): Promise<Loaded> {
    const fresh = this.cache;
    if (fresh) {
      return fresh.then((l) => (this.clock() - l.loadedAt < this.ttlMs ? l : this.reload()));
    }
    return this.reload();
  }

  private reload(): Promise<Loaded> {
    this.cache = this.files.readAll().then((files) => this.parse(files));
    this.cache.catch(() => {
      this.cache = undefined;
    });
    return this.cache;
  }

  private parse(files: Map<string, string>): Loaded {
    const loaded: Loaded = { policies: new Map(), blueprints: new Map(), loadedAt: this.clock() };
    for (const [file, text] of files) {
      const isPolicy = /^\s*kind:\s*Policy\s*$/m.test(text);
      const problems: Diagnostic[] = [];
      if (isPolicy) {
        const r = loadPolicies(text, file);
        problems.push(...r.diagnostics);
        if (!hasErrors(r.diagnostics)) for (const p of r.policies) loaded.policies.set(p.value.metadata.name, p.value);
      } else {
        const r = loadKanisterDocuments(text, file);
        problems.push(...r.diagnostics);
        for (const bp of r.blueprints) {
          const found = validateBlueprint(bp, this.ports);
          problems.push(...found);
          if (!hasErrors(found)) loaded.blueprints.set(bp.value.metadata.name, bp.value);
        }
      }
      for (const d of problems) {
        (d.severity === 'error' ? this.log.error : this.log.warn)('configuration file problem', {
          finding: formatDiagnostic(d),
        });
      }
    }
    return loaded;
  }
}

/** The policy view of a ConfigSource (PolicySource's get returns a policy). */
export function policySource(config: ConfigSource): PolicySource {
  return { get: (name) => config.policy(name), list: () => config.list() };
}

/** The blueprint view of a ConfigSource. */
export function blueprintSource(config: ConfigSource): BlueprintSource {
  return { get: (name) => config.blueprint(name) };
}
