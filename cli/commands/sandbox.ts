/**
 * `holdfast sandbox`: keeps the sandbox — the local Kubernetes API, the local RDS API and the embedded stores — up
 * until Ctrl-C, and writes a kubeconfig for it, so other holdfast commands (`--sandbox`) and kubectl share one
 * sandbox whose RDS instances survive between commands.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ExitCode } from '../errors.js';
import { LocalHome } from '../local-mode/home.js';
import { openLocalSession } from '../local-mode/session.js';
import { silentLogger } from '../logger.js';
import { type Io, type OutputFormat, printJson } from '../output.js';

export function sandboxKubeconfig(server: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'sandbox', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'sandbox', user: {} }],
    contexts: [{ name: 'sandbox', context: { cluster: 'sandbox', user: 'sandbox', namespace: 'default' } }],
    'current-context': 'sandbox',
  });
}

export async function sandboxCommand(opts: { output: OutputFormat }, io: Io): Promise<ExitCode> {
  const home = new LocalHome();
  const session = await openLocalSession(home, { sandbox: true }, silentLogger);
  try {
    const endpoints = await session.sandbox();
    const kubeconfig = join(home.dir('sandbox'), 'kubeconfig');
    await writeFile(kubeconfig, sandboxKubeconfig(endpoints.kube ?? ''));
    const info = { kubernetes: endpoints.kube, rds: endpoints.rds, kubeconfig, home: home.root };
    if (opts.output === 'json') printJson(io, info);
    else {
      io.stdout(`sandbox up: Kubernetes API ${info.kubernetes}, RDS API ${info.rds}\n`);
      io.stdout(`kubectl --kubeconfig ${kubeconfig} get pods -A\n`);
      io.stdout('other holdfast commands with --sandbox use it; Ctrl-C stops it\n');
    }
    await new Promise<void>((resolve) => {
      // A signal listener alone does not keep Node running.
      const alive = setInterval(() => undefined, 60_000);
      const stop = () => {
        clearInterval(alive);
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}
