/**
 * The clients blueprint functions execute with, per cluster, built once per container: the cluster's API server
 * (EKS endpoint + CA + IAM token), RDS clients per region, and the artifact location.
 */
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { S3Location } from '../../shared/aws/location.js';
import type { EdgeClients, RdsAccess } from '../../shared/functions/ports.js';
import type { LocationProfile } from '../../shared/wiring/action-runner.js';
import { env } from './env.js';
import { kubeAccess } from './kube.js';
import { lazy } from './lazy.js';

const rdsClients = new Map<string, RDSClient>();
export const rdsAccess = lazy((): RdsAccess => {
  const defaultRegion = env('AWS_REGION');
  return {
    defaultRegion,
    client(region = defaultRegion) {
      let client = rdsClients.get(region);
      if (!client) {
        client = new RDSClient({ region });
        rdsClients.set(region, client);
      }
      return client;
    },
  };
});

/** The artifact location: the stack's bucket, under the `default` location's prefix when one is configured. */
export const locationProfile = lazy((): LocationProfile => {
  const configured = Object.values(env('HOLDFAST_LOCATIONS'))[0];
  return {
    bucket: configured?.bucket ?? env('HOLDFAST_BUCKET_NAME'),
    prefix: configured?.prefix ?? '',
    region: configured?.region ?? env('AWS_REGION'),
  };
});

const location = lazy(() => {
  const p = locationProfile();
  const forcePathStyle = env('HOLDFAST_S3_FORCE_PATH_STYLE') === 'true';
  return new S3Location({
    ...p,
    kmsKeyId: env('HOLDFAST_KMS_KEY_ARN'),
    client: new S3Client({ region: p.region, forcePathStyle }),
  });
});

/** Clients for a run on `cluster` (RDS-only subjects carry their cluster too: policies name one). */
export async function edgeClients(cluster: string): Promise<EdgeClients> {
  return { kube: await kubeAccess(cluster), rds: rdsAccess(), location: location() };
}

/** The cluster of a subject id `<cluster>/<ns>/<kind>/<name>`. */
export function clusterOf(subjectId: string): string {
  return subjectId.split('/')[0] ?? '';
}
