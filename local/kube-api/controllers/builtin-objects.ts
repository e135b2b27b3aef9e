// Objects every local cluster starts with: the CSI snapshot CRDs (as the external-snapshotter installs
// them), the local node, a default StorageClass and a default VolumeSnapshotClass.

import { NODE_NAME, POD_IP } from '../kubelet/spec.js';
import type { ObjectService } from '../objects.js';
import { typeOf } from './common.js';
import { LOCAL_CSI_DRIVER } from './pvc-binder.js';

const SNAPSHOT_GROUP = 'snapshot.storage.k8s.io';

function snapshotCrd(
  plural: string,
  kind: string,
  namespaced: boolean,
  shortNames: string[],
  status: boolean,
): unknown {
  return {
    metadata: {
      name: `${plural}.${SNAPSHOT_GROUP}`,
      annotations: { 'api-approved.kubernetes.io': 'https://github.com/kubernetes-csi/external-snapshotter/pull/814' },
    },
    spec: {
      group: SNAPSHOT_GROUP,
      scope: namespaced ? 'Namespaced' : 'Cluster',
      names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List`, shortNames },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          ...(status ? { subresources: { status: {} } } : {}),
        },
      ],
    },
  };
}

export function installBuiltinObjects(objects: ObjectService): void {
  const crdType = typeOf(objects.registry, 'apiextensions.k8s.io/customresourcedefinitions');
  const crds = [
    snapshotCrd('volumesnapshotclasses', 'VolumeSnapshotClass', false, ['vsclass', 'vsclasses'], false),
    snapshotCrd('volumesnapshotcontents', 'VolumeSnapshotContent', false, ['vsc', 'vscs'], true),
    snapshotCrd('volumesnapshots', 'VolumeSnapshot', true, ['vs'], true),
  ];
  for (const crd of crds) {
    const name = (crd as { metadata: { name: string } }).metadata.name;
    if (!objects.find(crdType, undefined, name)) objects.create(crdType, undefined, crd);
  }
  const ensure = (key: string, name: string, body: Record<string, unknown>): void => {
    const type = typeOf(objects.registry, key);
    if (!objects.find(type, undefined, name))
      objects.create(type, undefined, { ...body, metadata: { name, ...(body.metadata as object) } });
  };
  ensure('/nodes', NODE_NAME, {
    metadata: { labels: { 'kubernetes.io/hostname': NODE_NAME, 'kubernetes.io/os': 'linux' } },
    spec: {},
  });
  objects.setStatus(typeOf(objects.registry, '/nodes'), undefined, NODE_NAME, {
    addresses: [
      { type: 'InternalIP', address: POD_IP },
      { type: 'Hostname', address: NODE_NAME },
    ],
    conditions: [
      { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'local kubelet is posting ready status' },
    ],
    nodeInfo: {
      kubeletVersion: 'v1.31.0-holdfast-local',
      operatingSystem: process.platform,
      architecture: process.arch,
    },
  });
  ensure('storage.k8s.io/storageclasses', 'standard', {
    metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: LOCAL_CSI_DRIVER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
  ensure(`${SNAPSHOT_GROUP}/volumesnapshotclasses`, 'holdfast-local', {
    metadata: { annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } },
    driver: LOCAL_CSI_DRIVER,
    deletionPolicy: 'Delete',
  });
}
