/**
 * Cluster access, on a deployment with three kinds of cluster: a private one in the deployment region (access entries
 * mapped to Holdfast's RBAC groups, functions in its VPC), one in another region on AmazonEKSEditPolicy scoped to its
 * namespaces, and one still on the aws-auth ConfigMap. Synthesized with cdk-nag on: the VPC permissions must pass it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBERNETES_GROUPS } from '../../infra/constructs/cluster-access.js';
import { handlers } from '../../infra/handlers.js';
import { rbacObjects } from '../../infra/kube-rbac.js';
import { stackNames } from '../../infra/names.js';
import { type Synthesized, synthHoldfast } from './support/synth.js';

type Resources = Record<string, { Properties: Record<string, unknown>; DependsOn?: string[] }>;

let synth: Synthesized;
let agents: (type: string) => Resources;

beforeAll(() => {
  synth = synthHoldfast({
    nag: true,
    configure: (c) => {
      const [demo] = c.clusters;
      if (demo) demo.endpoint = 'private';
      c.clusters.push(
        { name: 'eu-shop', region: 'eu-west-1', namespaces: ['shop', 'payments'], accessPolicy: 'eks-edit' },
        { name: 'legacy', region: 'us-west-2', namespaces: ['old'], access: 'aws-auth' },
      );
      c.network = {
        vpcId: 'vpc-0abc12345def67890',
        vpcCidrBlock: '10.0.0.0/16',
        availabilityZones: ['us-west-2a', 'us-west-2b'],
        privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
        privateSubnetRouteTableIds: ['rtb-0aaaaaaaaaaaaaaa1', 'rtb-0aaaaaaaaaaaaaaa2'],
        clusterSecurityGroupIds: ['sg-0ccccccccccccccc1'],
      };
    },
  });
  const t = synth.template(stackNames.agents(synth.config));
  agents = (type) => t.findResources(type) as Resources;
});

afterAll(() => synth?.cleanup());

const runners = handlers.filter((h) => h.needs.cluster === 'runner').map((h) => h.name);
const readers = handlers.filter((h) => h.needs.cluster === 'reader').map((h) => h.name);

describe('access entries', () => {
  it('map each cluster-using role of the private cluster to its RBAC group, and nothing else', () => {
    const entries = Object.values(agents('AWS::EKS::AccessEntry')).map((e) => e.Properties);
    expect(entries.every((e) => e.ClusterName === 'demo-eks')).toBe(true);
    expect(entries).toHaveLength(runners.length + readers.length);
    for (const e of entries) {
      expect(e.Type).toBe('STANDARD');
      expect(e.AccessPolicies).toBeUndefined();
      const role = JSON.stringify(e.PrincipalArn);
      const group = runners.some((r) => role.includes(pascal(r))) ? KUBERNETES_GROUPS.runner : KUBERNETES_GROUPS.reader;
      expect(e.KubernetesGroups, role).toEqual([group]);
    }
  });

  it('give a cluster in another region AmazonEKSEditPolicy/ViewPolicy scoped to its namespaces, after the roles exist', () => {
    const stack = synth.stacks.clusterAccess.find((s) => s.region === 'eu-west-1');
    expect(stack?.dependencies.map((d) => d.stackName)).toContain(stackNames.agents(synth.config));
    const entries = Object.values(
      synth
        .template(stackNames.clusterAccess(synth.config, 'eu-west-1'))
        .findResources('AWS::EKS::AccessEntry') as Resources,
    ).map((e) => e.Properties);
    expect(entries).toHaveLength(runners.length + readers.length);
    for (const e of entries) {
      expect(e.ClusterName).toBe('eu-shop');
      expect(e.PrincipalArn).toMatch(/^arn:aws:iam::123456789012:role\/holdfast-[a-z-]+-us-west-2$/);
      const [policy] = e.AccessPolicies as { PolicyArn: string; AccessScope: unknown }[];
      expect(policy?.PolicyArn).toMatch(/cluster-access-policy\/AmazonEKS(Edit|View)Policy$/);
      expect(policy?.AccessScope).toEqual({ Type: 'namespace', Namespaces: ['shop', 'payments'] });
    }
  });

  it('create nothing for an aws-auth cluster, and output the role ARNs to map instead', () => {
    const all = [
      ...Object.values(agents('AWS::EKS::AccessEntry')),
      ...synth.stacks.clusterAccess.flatMap((s) =>
        Object.values(synth.template(s.stackName).findResources('AWS::EKS::AccessEntry') as Resources),
      ),
    ];
    expect(all.some((e) => e.Properties.ClusterName === 'legacy')).toBe(false);
    const outputs = Object.keys(synth.template(stackNames.agents(synth.config)).findOutputs('*'));
    for (const name of [...runners, ...readers]) expect(outputs, name).toContain(`${pascal(name)}RoleArn`);
  });
});

describe('private cluster network', () => {
  it('puts exactly the cluster-using functions in the VPC', () => {
    const functions = Object.values(agents('AWS::Lambda::Function'));
    const inVpc = functions.filter((f) => f.Properties.VpcConfig).map((f) => f.Properties.Description);
    const expected = handlers.filter((h) => h.needs.cluster).map((h) => h.description);
    expect(inVpc.sort()).toEqual([...expected].sort());
  });

  it('lets the functions reach the cluster API server on 443 only', () => {
    const ingress = Object.values(agents('AWS::EC2::SecurityGroupIngress')).map((i) => i.Properties);
    expect(ingress).toContainEqual(
      expect.objectContaining({ GroupId: 'sg-0ccccccccccccccc1', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    );
    const functionsGroup = Object.values(agents('AWS::EC2::SecurityGroup')).find((g) =>
      String(g.Properties.GroupDescription).startsWith('Holdfast functions'),
    );
    expect(functionsGroup?.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
  });

  it('creates the endpoints a subnet without NAT needs', () => {
    const services = Object.values(agents('AWS::EC2::VPCEndpoint')).map((e) =>
      JSON.stringify(e.Properties.ServiceName),
    );
    for (const s of ['sts', 'eks', 'rds', 'kms', 'logs', 'events', 'lambda', 's3', 'dynamodb']) {
      expect(
        services.some((x) => x.includes(`.${s}"`)),
        s,
      ).toBe(true);
    }
  });

  it('passes cdk-nag with the network permissions acknowledged', () => {
    const report = synth.report?.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(report?.violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('RBAC for the groups', () => {
  it('binds both groups in each configured namespace and nowhere else', () => {
    const objects = rbacObjects({
      name: 'demo-eks',
      region: 'us-west-2',
      namespaces: ['animalai', 'pacman'],
      access: 'access-entry',
      accessPolicy: 'rbac',
      endpoint: 'public',
    }) as { kind: string; metadata: { namespace?: string }; subjects?: { name: string }[] }[];
    const bindings = objects.filter((o) => o.kind === 'RoleBinding');
    expect(bindings.map((b) => `${b.metadata.namespace}/${b.subjects?.[0]?.name}`).sort()).toEqual([
      'animalai/holdfast-readers',
      'animalai/holdfast-runners',
      'pacman/holdfast-readers',
      'pacman/holdfast-runners',
    ]);
    const clusterBindings = objects.filter((o) => o.kind === 'ClusterRoleBinding');
    expect(clusterBindings.map((b) => b.subjects?.[0]?.name).sort()).toEqual(['holdfast-readers', 'holdfast-runners']);
  });
});

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase());
}
