/**
 * The ActionRunner a run uses in a real cluster: template parameters read from the cluster (Kanister's `param.New`:
 * `.Object`, the workload's running pods, containers and PVCs), Secrets/ConfigMaps of phase `objects:` fetched through
 * the API, functions bound to the run's clients, the location as `.Profile`. `.Time` is fixed once per run (in a
 * step), so a replayed run renders the same paths.
 */
import { type ParamsObject, runAction } from '../blueprint/interpreter.js';
import type { RunContext } from '../blueprint/run-context.js';
import { functionLookup } from '../engine/function-lookup.js';
import { createRenderer } from '../engine/renderer.js';
import type { EdgeClients } from '../functions/ports.js';
import { kubeObjectResolver } from '../kube/object-fetch.js';
import { subjectParams } from '../kube/subject-params.js';
import type { ActionRunner } from '../runtime/ports.js';

export interface LocationProfile {
  readonly bucket: string;
  readonly prefix: string;
  readonly region: string;
  readonly endpoint?: string;
}

export function clusterActionRunner(rc: RunContext, clients: EdgeClients, profile?: LocationProfile): ActionRunner {
  const kube = clients.kube;
  const functions = functionLookup(clients);
  const renderer = createRenderer();
  let time: Promise<string> | undefined;
  return {
    async run(req) {
      time ??= rc.step('clock:template-time', async () => rc.now().toISOString());
      const subject = kube
        ? await subjectParams(
            kube,
            { kind: req.subject.kind, name: req.subject.name, namespace: req.subject.namespace },
            rc.signal,
          )
        : {
            Object: { kind: req.subject.kind, metadata: { name: req.subject.name, namespace: req.subject.namespace } },
          };
      const params: ParamsObject = {
        ...subject,
        Options: req.options,
        Time: await time,
        ArtifactsIn: Object.fromEntries(
          Object.entries(req.artifactsIn ?? {}).map(([k, v]) => [
            k,
            { KeyValue: v.keyValue, KopiaSnapshot: v.kopiaSnapshot },
          ]),
        ),
        ...(profile ? { Profile: kanisterProfile(profile) } : {}),
      };
      return runAction({
        blueprint: req.blueprint,
        action: req.action,
        params,
        functions,
        renderer,
        resolver: kube ? kubeObjectResolver(kube) : noObjects,
        run: rc,
      });
    },
  };
}

/** Kanister's `.Profile` for blueprints that read the location (credentials never: Holdfast keeps them out). */
function kanisterProfile(p: LocationProfile) {
  return {
    Location: { type: 's3Compliant', bucket: p.bucket, endpoint: p.endpoint ?? '', prefix: p.prefix, region: p.region },
    Credential: { Type: '' },
    SkipSSLVerify: false,
  };
}

const noObjects = {
  secret: () => Promise.reject(new Error('this run has no cluster connection to read Secrets from')),
  configMap: () => Promise.reject(new Error('this run has no cluster connection to read ConfigMaps from')),
};
