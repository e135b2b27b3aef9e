/**
 * VPC placement for the handlers that talk to clusters, for clusters whose API endpoint is private: a security group
 * for the functions (HTTPS out only), 443 into each cluster's control-plane security group from it, and the VPC
 * endpoints a subnet without NAT needs (STS, EKS, RDS, KMS, Logs, Events, Lambda; S3 and DynamoDB gateways).
 */
import { Stack } from 'aws-cdk-lib';
import {
  CfnSecurityGroupIngress,
  GatewayVpcEndpoint,
  GatewayVpcEndpointAwsService,
  InterfaceVpcEndpoint,
  InterfaceVpcEndpointAwsService,
  type IVpc,
  Peer,
  Port,
  SecurityGroup,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { NetworkConfig } from '../config.js';
import type { HandlerNetwork as Placement } from './handler-function.js';

const INTERFACE_SERVICES: Record<string, InterfaceVpcEndpointAwsService> = {
  Sts: InterfaceVpcEndpointAwsService.STS,
  Eks: InterfaceVpcEndpointAwsService.EKS,
  Rds: InterfaceVpcEndpointAwsService.RDS,
  Kms: InterfaceVpcEndpointAwsService.KMS,
  Logs: InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  Events: InterfaceVpcEndpointAwsService.EVENTBRIDGE,
  Lambda: InterfaceVpcEndpointAwsService.LAMBDA,
};

export class HandlerNetwork extends Construct {
  readonly vpc: IVpc;
  readonly securityGroup: SecurityGroup;
  readonly placement: Placement;

  constructor(scope: Construct, id: string, network: NetworkConfig) {
    super(scope, id);
    this.vpc = Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: network.vpcId,
      vpcCidrBlock: network.vpcCidrBlock,
      availabilityZones: network.availabilityZones,
      privateSubnetIds: network.privateSubnetIds,
      privateSubnetRouteTableIds: network.privateSubnetRouteTableIds,
    });
    this.securityGroup = new SecurityGroup(this, 'Functions', {
      vpc: this.vpc,
      description: 'Holdfast functions: HTTPS to cluster API servers and AWS endpoints',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS to cluster API servers and AWS APIs');
    this.placement = {
      vpc: this.vpc,
      subnets: { subnets: this.vpc.privateSubnets },
      securityGroups: [this.securityGroup],
    };
    network.clusterSecurityGroupIds.forEach((groupId, i) => {
      new CfnSecurityGroupIngress(this, `ClusterIngress${i}`, {
        groupId,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        sourceSecurityGroupId: this.securityGroup.securityGroupId,
        description: `Holdfast functions (${Stack.of(this).stackName}) to the cluster API server`,
      });
    });
    if (network.interfaceEndpoints) this.addInterfaceEndpoints();
    if (network.gatewayEndpoints) this.addGatewayEndpoints();
  }

  private addInterfaceEndpoints(): void {
    const endpoints = new SecurityGroup(this, 'Endpoints', {
      vpc: this.vpc,
      description: 'Holdfast VPC interface endpoints: HTTPS from the functions',
      allowAllOutbound: false,
    });
    endpoints.addIngressRule(this.securityGroup, Port.tcp(443), 'HTTPS from Holdfast functions');
    for (const [name, service] of Object.entries(INTERFACE_SERVICES)) {
      new InterfaceVpcEndpoint(this, name, {
        vpc: this.vpc,
        service,
        subnets: { subnets: this.vpc.privateSubnets },
        securityGroups: [endpoints],
        privateDnsEnabled: true,
        open: false,
      });
    }
  }

  private addGatewayEndpoints(): void {
    const subnets = [{ subnets: this.vpc.privateSubnets }];
    new GatewayVpcEndpoint(this, 'S3', { vpc: this.vpc, service: GatewayVpcEndpointAwsService.S3, subnets });
    new GatewayVpcEndpoint(this, 'DynamoDb', {
      vpc: this.vpc,
      service: GatewayVpcEndpointAwsService.DYNAMODB,
      subnets,
    });
  }
}
