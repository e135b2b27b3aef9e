/**
 * The policies' triggers as AWS resources, all aimed at the `trigger` function's `live` alias:
 * - one EventBridge Scheduler schedule per policy schedule (cron/rate in the schedule's time zone), input
 *   `{"policy": <name>, "schedule": <schedule name>}`;
 * - one EventBridge rule per event pattern, input `{"policy", "trigger", "event": <the matched event>}`. Patterns on
 *   AWS sources (`aws.*`) match on the default bus, where AWS services publish; any other source (e.g.
 *   kubernetes-event-exporter's EventBridge sink) on the Holdfast bus.
 * Rules are L1 so a policy's pattern (including `$or`) goes to EventBridge verbatim.
 */
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { CfnRule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  type IScheduleGroup,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Policy } from '../../shared/policy/schema.js';
import { triggerName } from '../../shared/runtime/trigger.js';

export interface PolicyTriggersProps {
  readonly policies: readonly Policy[];
  /** The trigger function's `live` alias. */
  readonly target: IFunction;
  readonly bus: IEventBus;
  readonly deadLetterQueue: IQueue;
  readonly scheduleGroup: IScheduleGroup;
}

/** Name of a policy schedule or event trigger: its own, or its position (1-based) when it has none. */

export class PolicyTriggers extends Construct {
  readonly schedules: Schedule[] = [];
  readonly rules: CfnRule[] = [];

  constructor(scope: Construct, id: string, props: PolicyTriggersProps) {
    super(scope, id);
    for (const policy of props.policies) {
      const name = policy.metadata.name;
      (policy.spec.triggers?.schedules ?? []).forEach((s, i) => {
        const schedule = triggerName(s.name, i, 'schedule');
        this.schedules.push(
          new Schedule(this, `${name}-${schedule}`, {
            description: `Holdfast policy ${name}, schedule ${schedule}`,
            schedule: ScheduleExpression.expression(s.expression, TimeZone.of(s.timeZone)),
            scheduleGroup: props.scheduleGroup,
            target: new LambdaInvoke(props.target, {
              // The trigger's input schema (shared/runtime/trigger.ts); the scheduled time is part of each run's
              // idempotency key, so a retried delivery starts nothing new.
              input: ScheduleTargetInput.fromObject({
                trigger: 'schedule',
                policy: name,
                schedule,
                scheduledTime: ContextAttribute.scheduledTime,
              }),
              deadLetterQueue: props.deadLetterQueue,
              retryAttempts: 3,
              maxEventAge: Duration.hours(1),
            }),
          }),
        );
      });
      (policy.spec.triggers?.events ?? []).forEach((e, i) => {
        this.rules.push(this.patternRule(props, name, triggerName(e.name, i, 'event'), e.pattern));
      });
    }
  }

  private patternRule(props: PolicyTriggersProps, policy: string, trigger: string, pattern: object): CfnRule {
    const sources = (pattern as { source?: unknown }).source;
    const onAwsBus = Array.isArray(sources) && sources.every((s) => typeof s === 'string' && s.startsWith('aws.'));
    const rule = new CfnRule(this, `${policy}-${trigger}`, {
      description: `Holdfast policy ${policy}, event trigger ${trigger}`,
      ...(onAwsBus ? {} : { eventBusName: props.bus.eventBusName }),
      eventPattern: pattern,
      state: 'ENABLED',
      targets: [
        {
          id: 'trigger',
          arn: props.target.functionArn,
          inputTransformer: {
            inputTemplate: `{"trigger":"event","policy":${JSON.stringify(policy)},"name":${JSON.stringify(trigger)},"event":<aws.events.event.json>}`,
          },
          deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        },
      ],
    });
    props.target.addPermission(`Rule-${policy}-${trigger}`, {
      principal: new ServicePrincipal('events.amazonaws.com'),
      sourceArn: rule.attrArn,
      sourceAccount: Stack.of(this).account,
    });
    props.deadLetterQueue.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [props.deadLetterQueue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': rule.attrArn } },
      }),
    );
    return rule;
  }
}
