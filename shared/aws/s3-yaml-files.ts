/**
 * YAML files under an S3 prefix: where the stack deploys policies and blueprints for the Lambda functions.
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { YamlFiles } from '../runtime/config-sources.js';

export function s3YamlFiles(client: S3Client, bucket: string, prefix: string): YamlFiles {
  return {
    async readAll() {
      const out = new Map<string, string>();
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) {
          if (!o.Key || !/\.ya?ml$/.test(o.Key)) continue;
          const obj = await client.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
          out.set(`s3://${bucket}/${o.Key}`, (await obj.Body?.transformToString('utf8')) ?? '');
        }
        token = page.NextContinuationToken;
      } while (token);
      return out;
    },
  };
}
