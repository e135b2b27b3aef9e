/**
 * A deployed stack's outputs (CloudFormation `DescribeStacks`): where remote mode finds the `invoke` function and the
 * table. There is no CloudFormation client among our dependencies, so this one Query-protocol call is signed with
 * the SDK's own SigV4 signer and the caller's default credential chain (read from an SDK client's config).
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SignatureV4 } from '@smithy/signature-v4';

export class StackLookupError extends Error {
  override readonly name = 'StackLookupError';
}

/** `undefined` when the stack does not exist; throws StackLookupError when CloudFormation cannot be asked. */
export async function stackOutputs(
  stackName: string,
  opts: { region?: string; timeoutMs?: number } = {},
): Promise<Record<string, string> | undefined> {
  const lambda = new LambdaClient(opts.region ? { region: opts.region } : {});
  let region: string;
  try {
    region = await lambda.config.region();
  } catch {
    lambda.destroy();
    throw new StackLookupError('no AWS region configured: set AWS_REGION or pass --region');
  }
  const endpoint = new URL(
    process.env.AWS_ENDPOINT_URL_CLOUDFORMATION ??
      process.env.AWS_ENDPOINT_URL ??
      `https://cloudformation.${region}.amazonaws.com/`,
  );
  const body = new URLSearchParams({
    Action: 'DescribeStacks',
    StackName: stackName,
    Version: '2010-05-15',
  }).toString();
  const signer = new SignatureV4({
    credentials: lambda.config.credentials,
    region,
    service: 'cloudformation',
    sha256: Sha256,
  });
  const signed = await signer
    .sign({
      method: 'POST',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      path: endpoint.pathname,
      headers: { host: endpoint.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    })
    .catch((err: unknown) => {
      throw new StackLookupError(`no AWS credentials: ${err instanceof Error ? err.message : String(err)}`);
    })
    .finally(() => lambda.destroy());
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: signed.headers,
    body,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  }).catch((err: unknown) => {
    throw new StackLookupError(`CloudFormation in ${region} did not answer: ${String(err)}`);
  });
  const xml = await res.text();
  if (!res.ok) {
    if (/does not exist/.test(xml)) return undefined;
    throw new StackLookupError(`CloudFormation DescribeStacks ${stackName}: ${tag(xml, 'Message') ?? res.status}`);
  }
  const outputs: Record<string, string> = {};
  for (const member of tag(xml, 'Outputs')?.split('<member>') ?? []) {
    const key = tag(member, 'OutputKey');
    const value = tag(member, 'OutputValue');
    if (key && value !== undefined) outputs[key] = value;
  }
  return outputs;
}

function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
