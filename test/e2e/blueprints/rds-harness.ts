/**
 * The RDS side of the RDS/Aurora blueprint tests: local/rds-api (real PostgreSQL behind the RDS Query API, one
 * simulated RDS per region) with short delays, SDK clients per region as the runtime builds them, and the files its
 * export tasks write.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RDSClient } from '@aws-sdk/client-rds';
import { type RdsApi, startRdsApi } from '../../../local/rds-api/index.js';
import type { RdsAccess } from '../../../shared/functions/ports.js';

export interface LocalRds {
  readonly api: RdsApi;
  readonly access: RdsAccess;
  client(region?: string): RDSClient;
  /** `export_info_<task>.json` of an export task written to `bucket/prefix`. */
  exportInfo(bucket: string, prefix: string, task: string): { tables: { target: string; rows: number }[] };
  stop(): Promise<void>;
}

export async function startLocalRds(): Promise<LocalRds> {
  // Short: local/rds-api puts PostgreSQL sockets under the data dir, and a Unix socket path may not exceed 107 bytes.
  const dataDir = mkdtempSync('/tmp/r');
  const api = await startRdsApi({
    dataDir,
    delays: {
      provisioning: 50,
      restoring: 100,
      creating: 100,
      copying: 200,
      deleting: 50,
      exportStarting: 100,
      exportRunning: 100,
    },
    log: () => {},
  });
  const clients = new Map<string, RDSClient>();
  const client = (region = 'us-east-1') => {
    let found = clients.get(region);
    if (!found) {
      found = new RDSClient({
        endpoint: api.url,
        region,
        credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
      });
      clients.set(region, found);
    }
    return found;
  };
  return {
    api,
    access: { defaultRegion: 'us-east-1', client },
    client,
    exportInfo: (bucket, prefix, task) =>
      JSON.parse(readFileSync(join(dataDir, 's3', bucket, prefix, task, `export_info_${task}.json`), 'utf8')),
    async stop() {
      for (const c of clients.values()) c.destroy();
      await api.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
