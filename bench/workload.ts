/**
 * The templates the render benchmark runs: taken from the shapes real blueprints use (Kanister's example corpus and
 * the seeds), over one realistic TemplateParams document.
 */

export const benchParamsJson = JSON.stringify({
  StatefulSet: {
    Name: 'my-pg-postgresql',
    Namespace: 'db',
    Pods: ['my-pg-postgresql-0', 'my-pg-postgresql-1', 'my-pg-postgresql-2'],
    Containers: [['postgresql'], ['postgresql'], ['postgresql']],
    PersistentVolumeClaims: {
      'my-pg-postgresql-0': { 'data-my-pg-postgresql-0': '/bitnami/postgresql' },
      'my-pg-postgresql-1': { 'data-my-pg-postgresql-1': '/bitnami/postgresql' },
    },
  },
  Object: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'dbconfig', namespace: 'db', labels: { 'app.kubernetes.io/instance': 'my-pg' } },
    data: { 'postgres.instanceid': 'test-postgresql-instance', 'postgres.database': 'postgres' },
  },
  Options: { mode: 'full', bucket: 'backups' },
  Profile: {
    Location: { type: 's3Compliant', bucket: 'my-bucket', endpoint: '', prefix: 'backups', region: 'us-west-2' },
    Credential: { Type: 'keyPair', KeyPair: { ID: 'AKIAEXAMPLE', Secret: 's3cr3t' } },
    SkipSSLVerify: false,
  },
  Secrets: {
    db: { metadata: { name: 'db', namespace: 'db' }, data: { 'postgres-password': 'c2VjcmV0LXBhc3N3b3Jk' } },
  },
  Phases: { createSnapshot: { Output: { snapshotID: 'snap-1', allocatedStorage: '20GiB', replicas: 3 } } },
  Time: '2024-03-05T17:45:12.123456789Z',
});

export const benchTemplates: readonly string[] = [
  '{{ .StatefulSet.Namespace }}',
  '{{ index .StatefulSet.Pods 0 }}',
  '{{ index .Object.data "postgres.instanceid" }}',
  '{{ .Phases.createSnapshot.Output.snapshotID }}',
  '{{ index .Secrets.db.Data "postgres-password" | toString }}',
  '{{ .Profile.Location.Bucket }}/{{ .Profile.Location.Prefix }}/{{ .StatefulSet.Name }}',
  '{{ toDate "2006-01-02T15:04:05.999999999Z07:00" .Time | date "2006-01-02T15-04-05" }}',
  '{{ toJson .Profile }}',
  '{{ range .StatefulSet.Pods }} {{.}}{{end}}',
  '{{- range $key, $_ := index .StatefulSet.PersistentVolumeClaims (index .StatefulSet.Pods 0) -}}{{$key}}{{break}}{{end}}',
  '{{ .StatefulSet.Name | upper | replace "-" "_" }}',
  '{{ if eq .Options.mode "full" }}pg_dumpall -U postgres{{ else }}pg_dump -U postgres {{ index .Object.data "postgres.database" }}{{ end }}',
  'PGPASSWORD={{ index .Secrets.db.Data "postgres-password" | toString | quote }} pg_dumpall --clean -h {{ .StatefulSet.Name }}.{{ .StatefulSet.Namespace }} | gzip -c',
  '{{ printf "%s-%d" .Options.bucket .Phases.createSnapshot.Output.replicas }}',
  '{{ index .Object.metadata.labels "app.kubernetes.io/instance" }}',
];
