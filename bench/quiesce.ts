/**
 * Issue 4: the quiesce window of a run that locks, snapshots and unlocks, when it unquiesces as soon as RDS accepts
 * the snapshot (its point in time) against locking until the snapshot is `available` — measured against the local
 * RDS API (real PostgreSQL behind it) with a short simulated snapshot, and projected to a 10-minute snapshot.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { RDSClient } from '@aws-sdk/client-rds';
import { silentLogger } from '../cli/logger.js';
import { startRdsApi } from '../local/rds-api/index.js';
import { InProcessRunContext } from '../shared/blueprint/in-process-context.js';
import type { EdgeClients } from '../shared/functions/ports.js';
import { invokeFunction } from '../shared/wiring/invoke-function.js';
import type { BenchRow } from './report.js';

const SIMULATED_SECONDS = 2;
const TEN_MINUTES = 600;

export async function quiesceBench(rounds: number): Promise<BenchRow[]> {
  const api = await startRdsApi({
    dataDir: mkdtempSync(join('/tmp', 'hfq-')),
    delays: { creating: SIMULATED_SECONDS * 1000 },
  });
  const clients: EdgeClients = {
    rds: {
      defaultRegion: 'us-east-1',
      client: (region = 'us-east-1') =>
        new RDSClient({ region, endpoint: api.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    },
  };
  try {
    await api.createInstance({ id: 'bench-db' });
    const window = async (i: number, accepted: boolean) => {
      const rc = new InProcessRunContext({
        log: silentLogger,
        runId: `bench-${accepted ? 'a' : 'b'}-${i}`,
        firstPollMs: 100,
        maxPollMs: 200,
      });
      const start = performance.now();
      await invokeFunction(rc, clients, {
        func: 'CreateRDSSnapshot',
        phase: 'snap',
        args: { instanceID: 'bench-db' },
        options: accepted ? { 'holdfast.io/rds-snapshot-wait': 'accepted' } : {},
      });
      return (performance.now() - start) / 1000;
    };
    const acceptedWindows: number[] = [];
    for (let i = 0; i < rounds; i++) acceptedWindows.push(await window(i, true));
    const untilAvailable = await window(0, false);
    const median = acceptedWindows.sort((a, b) => a - b)[Math.floor(acceptedWindows.length / 2)] ?? 0;
    return [
      { name: 'quiesce: window unquiescing at snapshot acceptance (median)', value: median, unit: 's' },
      {
        name: `quiesce: window locking until available (${SIMULATED_SECONDS} s simulated snapshot)`,
        value: untilAvailable,
        unit: 's',
      },
      {
        name: 'quiesce ratio, 10-minute snapshot (projected: acceptance + 600 s)',
        value: (median + TEN_MINUTES) / median,
        unit: 'x',
      },
    ];
  } finally {
    await api.close();
  }
}
