/**
 * The triggers every deployment has, all aimed at `live` aliases with a DLQ for failed deliveries: the watchdog
 * every minute, retention daily, `aws.rds` events (from this region and forwarded from the others) to rds-events,
 * and run outcome events on the Holdfast bus to notify.
 */
import { Duration } from 'aws-cdk-lib';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type IScheduleGroup, Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HOLDFAST_SOURCE } from '../../events/holdfast.js';
import { RDS_EVENT_PATTERN } from './rds-event-forwarding.js';

export interface SystemTriggersProps {
  readonly watchdog: IFunction;
  readonly retention: IFunction;
  readonly rdsEvents: IFunction;
  readonly notify: IFunction;
  readonly bus: IEventBus;
  readonly deadLetterQueue: IQueue;
  readonly scheduleGroup: IScheduleGroup;
}

/** The run outcomes notify reports (events/holdfast.ts detail types). */
export const NOTIFY_DETAIL_TYPES = ['Run Succeeded', 'Run Failed'];

export const RETENTION_SCHEDULE = 'cron(0 3 * * ? *)';

export class SystemTriggers extends Construct {
  constructor(scope: Construct, id: string, props: SystemTriggersProps) {
    super(scope, id);
    const delivery = { deadLetterQueue: props.deadLetterQueue, retryAttempts: 3 };
    new Schedule(this, 'Watchdog', {
      description: 'Holdfast watchdog: overdue posthooks and run reconciliation',
      schedule: ScheduleExpression.expression('rate(1 minute)'),
      scheduleGroup: props.scheduleGroup,
      // A late tick is useless: the next one comes a minute later.
      target: new LambdaInvoke(props.watchdog, { ...delivery, maxEventAge: Duration.minutes(1) }),
    });
    new Schedule(this, 'Retention', {
      description: 'Holdfast retention: expire restore points by GFS counts',
      schedule: ScheduleExpression.expression(RETENTION_SCHEDULE),
      scheduleGroup: props.scheduleGroup,
      target: new LambdaInvoke(props.retention, { ...delivery, maxEventAge: Duration.hours(6) }),
    });
    new Rule(this, 'RdsEvents', {
      description: 'aws.rds snapshot, copy and export events complete Holdfast waits',
      eventPattern: RDS_EVENT_PATTERN,
      targets: [new LambdaFunction(props.rdsEvents, { ...delivery, maxEventAge: Duration.hours(2) })],
    });
    new Rule(this, 'RunOutcomes', {
      description: 'Holdfast run outcomes to Slack and webhooks',
      eventBus: props.bus,
      eventPattern: { source: [HOLDFAST_SOURCE], detailType: NOTIFY_DETAIL_TYPES },
      targets: [new LambdaFunction(props.notify, { ...delivery, maxEventAge: Duration.hours(6) })],
    });
  }
}
