/**
 * The demo's app, shaped like seed 000's AnimalAI: animals and their traits in an RDS PostgreSQL database (the
 * records), their 2-d embeddings (trainability, conservation) as float arrays in an in-cluster PostgreSQL
 * StatefulSet (standing in for Qdrant, which cannot run here), and a writer Deployment that keeps ingesting animals
 * into both. Manifests are for the sandbox's local Kubernetes API, whose containers are processes on this machine.
 */

const ANIMALS = [
  'dog:mammal:0.95:0.05',
  'cat:mammal:0.45:0.05',
  'horse:mammal:0.85:0.10',
  'parrot:bird:0.70:0.55',
  'wolf:mammal:0.30:0.35',
  'tiger:mammal:0.15:0.90',
  'elephant:mammal:0.60:0.85',
  'dolphin:mammal:0.80:0.40',
  'pig:mammal:0.70:0.05',
  'goat:mammal:0.55:0.05',
  'falcon:bird:0.65:0.30',
  'giant panda:mammal:0.20:0.75',
  'snow leopard:mammal:0.10:0.80',
  'axolotl:amphibian:0.05:0.95',
  'kakapo:bird:0.15:0.98',
  'orangutan:mammal:0.50:0.97',
  'rat:mammal:0.75:0.02',
  'ferret:mammal:0.60:0.05',
  'camel:mammal:0.65:0.15',
  'sea otter:mammal:0.40:0.80',
  'pangolin:mammal:0.05:0.93',
  'rhino:mammal:0.10:0.96',
  'honeybee:insect:0.10:0.50',
  'koala:mammal:0.10:0.60',
];

/** Ingests one animal at a time into both stores; between two animals it honours the maintenance flag. */
const WRITER = `
set -u
ANIMALS='${ANIMALS.join('|')}'
IFS='|' read -r -a LIST <<< "$ANIMALS"
emb() { psql -h "$EMBEDDINGS_HOST" -U postgres -d "$1" -v ON_ERROR_STOP=1 -qAtc "$2"; }
rec() { psql "$RECORDS_DSN" -v ON_ERROR_STOP=1 -qAtc "$1"; }
until id=$(rec 'SELECT coalesce(max(id), 0) FROM animals'); do sleep 0.5; done
while true; do
  if [ "$(emb postgres 'SELECT paused FROM writer_control')" = t ]; then
    emb postgres 'UPDATE writer_control SET idle = true'
    sleep 0.1
    continue
  fi
  next=$((id + 1))
  IFS=: read -r name class t c <<< "\${LIST[$(( (next - 1) % \${#LIST[@]} ))]}"
  round=$(( (next - 1) / \${#LIST[@]} ))
  [ "$round" -gt 0 ] && name="$name #$((round + 1))"
  if rec "INSERT INTO animals (id, name, class, trainability, conservation) VALUES ($next, '$name', '$class', $t, $c)"; then
    until emb embeddings "INSERT INTO embeddings (animal_id, embedding) VALUES ($next, ARRAY[$t, $c]::real[])"; do sleep 0.2; done
    id=$next
  fi
  sleep 0.2
done
`;

export const NAMESPACE = 'animalai';
export const RDS_INSTANCE = 'animalai-records';
export const RDS_DATABASE = 'animalai';
export const RDS_USER = 'animalai';
export const EMBEDDINGS = 'animalai-embeddings';
export const WRITER_NAME = 'animalai-writer';

export interface AppSettings {
  readonly rdsHost: string;
  readonly rdsPort: number;
  readonly rdsPassword: string;
  readonly pgBin: string;
  readonly dataDir: string;
  readonly socketDir: string;
  /** PostgreSQL refuses to run as root: then the server runs as the `postgres` user. */
  readonly asRoot: boolean;
}

const labels = (app: string) => ({ app });

export function manifests(s: AppSettings): Record<string, unknown>[] {
  const server = [
    `${s.pgBin}/postgres`,
    '-D',
    s.dataDir,
    '-k',
    s.socketDir,
    '-c',
    'listen_addresses=',
    '-c',
    'fsync=off',
  ];
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'animalai-records', namespace: NAMESPACE },
      stringData: { password: s.rdsPassword },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dbconfig', namespace: NAMESPACE },
      data: {
        'postgres.instanceid': RDS_INSTANCE,
        'postgres.host': s.rdsHost,
        'postgres.port': String(s.rdsPort),
        'postgres.database': RDS_DATABASE,
        'postgres.user': RDS_USER,
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: {
        name: EMBEDDINGS,
        namespace: NAMESPACE,
        annotations: { 'kanister.kasten.io/blueprint': 'postgresql' },
      },
      spec: {
        replicas: 1,
        serviceName: EMBEDDINGS,
        selector: { matchLabels: labels(EMBEDDINGS) },
        template: {
          metadata: { labels: labels(EMBEDDINGS) },
          spec: {
            terminationGracePeriodSeconds: 5,
            containers: [
              {
                name: 'postgres',
                image: 'postgres:15',
                command: s.asRoot ? ['runuser', '-u', 'postgres', '--', ...server] : server,
                env: [
                  { name: 'PGHOST', value: s.socketDir },
                  { name: 'POSTGRES_USER', value: 'postgres' },
                  { name: 'POSTGRES_DB', value: 'embeddings' },
                ],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: WRITER_NAME, namespace: NAMESPACE },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels(WRITER_NAME) },
        template: {
          metadata: { labels: labels(WRITER_NAME) },
          spec: {
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'writer',
                image: 'postgres:15',
                command: ['bash', '-c', WRITER],
                env: [
                  { name: 'EMBEDDINGS_HOST', value: s.socketDir },
                  {
                    name: 'RECORDS_DSN',
                    value: `host=${s.rdsHost} port=${s.rdsPort} dbname=${RDS_DATABASE} user=${RDS_USER}`,
                  },
                  { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'animalai-records', key: 'password' } } },
                ],
              },
            ],
          },
        },
      },
    },
  ];
}

export const RECORDS_SCHEMA =
  'CREATE TABLE animals (id int PRIMARY KEY, name text NOT NULL, class text NOT NULL, ' +
  'trainability real NOT NULL, conservation real NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp())';
export const EMBEDDINGS_SCHEMA = 'CREATE TABLE embeddings (animal_id int PRIMARY KEY, embedding real[] NOT NULL)';
export const CONTROL_SCHEMA =
  'CREATE TABLE writer_control (paused boolean NOT NULL, idle boolean NOT NULL); ' +
  'INSERT INTO writer_control VALUES (false, false)';
