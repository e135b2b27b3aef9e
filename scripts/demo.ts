/**
 * `npm run demo`: the end-to-end path that exists today — validate every bundled Kanister blueprint, then dry-run
 * each of their actions against sample objects, through the same `holdfast` CLI a user runs.
 */
import { main } from '../cli/main.js';

const bp = 'examples/seed-blueprints';
const obj = 'examples/objects';
const runs: { title: string; argv: string[] }[] = [
  { title: 'Validate the seed blueprints and ActionSet', argv: ['validate', bp] },
  ...['backupPrehook', 'backupPosthook'].map((action) => ({
    title: `Dry-run qdrant-hooks/${action} on the AnimalAI Qdrant StatefulSet`,
    argv: ['render', '-b', `${bp}/qdrant-hooks.yaml`, '-a', action, '--object', `${obj}/qdrant-statefulset.yaml`],
  })),
  ...['backupPrehook', 'backupPosthook'].map((action) => ({
    title: `Dry-run mongo-hooks/${action} on the Pacman MongoDB Deployment (root password masked)`,
    argv: [
      'render',
      ...['-b', `${bp}/mongo-hooks.yaml`, '-a', action, '--object', `${obj}/pacman-mongodb-deployment.yaml`],
      ...['--secret', `mongodb=${obj}/pacman-mongodb-secret.yaml`],
    ],
  })),
  {
    title: 'Dry-run rds-postgres-snapshot-bp/backup on the dbconfig ConfigMap (as the seed ActionSet asks)',
    argv: [
      'render',
      '-b',
      `${bp}/rds-postgres-snapshot-bp.yaml`,
      '-a',
      'backup',
      '--object',
      `${obj}/dbconfig-configmap.yaml`,
    ],
  },
  ...['restore', 'delete'].map((action) => ({
    title: `Dry-run rds-postgres-snapshot-bp/${action} from a restore point's artifacts`,
    argv: [
      'render',
      ...['-b', `${bp}/rds-postgres-snapshot-bp.yaml`, '-a', action, '--object', `${obj}/dbconfig-configmap.yaml`],
      ...['--artifact', 'backupInfo.snapshotID=holdfast-20240305t174512-createsnapshot'],
      ...['--artifact', 'backupInfo.instanceID=test-postgresql-instance'],
      ...['--artifact', 'backupInfo.securityGroupID=- sg-0123456789abcdef0'],
      ...['--artifact', 'backupInfo.dbSubnetGroup=default'],
      ...['--artifact', 'backupInfo.allocatedStorage=20GiB'],
    ],
  })),
];

let failed = 0;
for (const { title, argv } of runs) {
  process.stdout.write(`\n=== ${title}\n$ holdfast ${argv.join(' ')}\n`);
  const code = await main(argv);
  if (code !== 0) {
    failed++;
    process.stdout.write(`(exit code ${code})\n`);
  }
}
process.stdout.write(`\n${runs.length - failed} of ${runs.length} demo steps succeeded\n`);
process.exitCode = failed === 0 ? 0 : 1;
