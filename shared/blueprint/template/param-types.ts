/**
 * Kanister's `param.TemplateParams` and the types it reaches, as Go struct types (docs/dev/template-params.md).
 * Field order is Go's declaration order: `%v` prints fields in that order.
 *
 * `param.Phase` also has `ConfigMaps map[string]v1.ConfigMap` (Kanister's pkg/param/param.go; the shared render
 * cases read `.Phases.<name>.ConfigMaps.<cm>.Namespace`), declared between Secrets and Output as in Kanister.
 */
import { type GoType, type StructField, type StructType, T } from './values.js';

function field(name: string, type: GoType, json?: string, extra: Partial<StructField> = {}): StructField {
  return { name, type, ...(json === undefined ? {} : { json }), ...extra };
}

const str = T.string;
const strMap = T.map(T.string);
const bytesMap = T.map(T.bytes);

export const TypeMetaType: StructType = {
  name: 'v1.TypeMeta',
  fields: [
    field('Kind', str, 'kind', { omitEmpty: true }),
    field('APIVersion', str, 'apiVersion', { omitEmpty: true }),
  ],
};

export const ObjectMetaType: StructType = {
  name: 'v1.ObjectMeta',
  fields: [
    field('Name', str, 'name', { omitEmpty: true }),
    field('GenerateName', str, 'generateName', { omitEmpty: true }),
    field('Namespace', str, 'namespace', { omitEmpty: true }),
    field('UID', str, 'uid', { omitEmpty: true }),
    field('ResourceVersion', str, 'resourceVersion', { omitEmpty: true }),
    field('Labels', strMap, 'labels', { omitEmpty: true }),
    field('Annotations', strMap, 'annotations', { omitEmpty: true }),
  ],
};

const typeMeta = field('TypeMeta', T.struct(TypeMetaType), '', { embedded: true, inline: true });
const objectMeta = field('ObjectMeta', T.struct(ObjectMetaType), 'metadata', { embedded: true, omitEmpty: true });
const immutable = field('Immutable', T.ptr(T.bool), 'immutable', { omitEmpty: true });

export const SecretType: StructType = {
  name: 'v1.Secret',
  fields: [
    typeMeta,
    objectMeta,
    immutable,
    field('Data', bytesMap, 'data', { omitEmpty: true }),
    field('StringData', strMap, 'stringData', { omitEmpty: true }),
    field('Type', str, 'type', { omitEmpty: true }),
  ],
};

export const ConfigMapType: StructType = {
  name: 'v1.ConfigMap',
  fields: [
    typeMeta,
    objectMeta,
    immutable,
    field('Data', strMap, 'data', { omitEmpty: true }),
    field('BinaryData', bytesMap, 'binaryData', { omitEmpty: true }),
  ],
};

export const ArtifactType: StructType = {
  name: 'v1alpha1.Artifact',
  fields: [
    field('KeyValue', strMap, 'keyValue', { omitEmpty: true }),
    field('KopiaSnapshot', str, 'kopiaSnapshot', { omitEmpty: true }),
  ],
};

export const LocationType: StructType = {
  name: 'v1alpha1.Location',
  fields: [
    field('Type', { kind: 'string', name: 'v1alpha1.LocationType' }, 'type'),
    field('Bucket', str, 'bucket'),
    field('Endpoint', str, 'endpoint'),
    field('Prefix', str, 'prefix'),
    field('Region', str, 'region'),
  ],
};

export const KeyPairType: StructType = { name: 'param.KeyPair', fields: [field('ID', str), field('Secret', str)] };

export const KopiaServerCredsType: StructType = {
  name: 'param.KopiaServerCreds',
  fields: [
    field('Username', str),
    field('Hostname', str),
    field('Password', str),
    field('Cert', str),
    field('ConnectOptions', T.map(T.int)),
  ],
};

export const CredentialType: StructType = {
  name: 'param.Credential',
  fields: [
    field('Type', { kind: 'string', name: 'param.CredentialType' }),
    field('KeyPair', T.ptr(T.struct(KeyPairType))),
    field('Secret', T.ptr(T.struct(SecretType))),
    field('KopiaServerSecret', T.ptr(T.struct(KopiaServerCredsType))),
  ],
};

export const ProfileType: StructType = {
  name: 'param.Profile',
  fields: [
    field('Location', T.struct(LocationType)),
    field('Credential', T.struct(CredentialType)),
    field('SkipSSLVerify', T.bool),
  ],
};

function workload(name: string): StructType {
  return {
    name,
    fields: [
      field('Name', str),
      field('Namespace', str),
      field('Pods', T.slice(str)),
      field('Containers', T.slice(T.slice(str))),
      field('PersistentVolumeClaims', T.map(strMap)),
    ],
  };
}

export const StatefulSetParamsType = workload('param.StatefulSetParams');
export const DeploymentParamsType = workload('param.DeploymentParams');
export const DeploymentConfigParamsType = workload('param.DeploymentConfigParams');
export const PVCParamsType: StructType = {
  name: 'param.PVCParams',
  fields: [field('Name', str), field('Namespace', str)],
};
export const NamespaceParamsType: StructType = {
  name: 'param.NamespaceParams',
  fields: [field('Name', str), field('Namespace', str)],
};
export const RepositoryServerType: StructType = { name: 'param.RepositoryServer', fields: [] };

export const PhaseType: StructType = {
  name: 'param.Phase',
  fields: [
    field('Secrets', T.map(T.struct(SecretType))),
    field('ConfigMaps', T.map(T.struct(ConfigMapType))),
    field('Output', T.map(T.iface)),
  ],
};

export const TemplateParamsType: StructType = {
  name: 'param.TemplateParams',
  fields: [
    field('StatefulSet', T.ptr(T.struct(StatefulSetParamsType))),
    field('DeploymentConfig', T.ptr(T.struct(DeploymentConfigParamsType))),
    field('Deployment', T.ptr(T.struct(DeploymentParamsType))),
    field('PVC', T.ptr(T.struct(PVCParamsType))),
    field('Namespace', T.ptr(T.struct(NamespaceParamsType))),
    field('ArtifactsIn', T.map(T.struct(ArtifactType))),
    field('ConfigMaps', T.map(T.struct(ConfigMapType))),
    field('Secrets', T.map(T.struct(SecretType))),
    field('Time', str),
    field('Profile', T.ptr(T.struct(ProfileType))),
    field('RepositoryServer', T.ptr(T.struct(RepositoryServerType))),
    field('Options', strMap),
    field('Object', T.map(T.iface)),
    field('Phases', T.map(T.ptr(T.struct(PhaseType)))),
    field('DeferPhase', T.ptr(T.struct(PhaseType))),
    field('PodOverride', { kind: 'map', elem: T.iface, name: 'v1alpha1.JSONMap' }),
  ],
};
