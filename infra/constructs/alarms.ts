/**
 * Alarms a person must hear about, on one key-encrypted, TLS-only SNS topic (with an email subscription when the
 * config has `alarmEmail`): a failed run, a quiesce marker the watchdog found overdue (an app stayed quiesced too
 * long), a watchdog that errors or stops running, and any message in a dead-letter queue.
 * `RunFailed` and `StuckQuiesceMarker` are published by the handlers (Powertools metrics, namespace `Holdfast`).
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE } from '../names.js';

export interface AlarmsProps {
  readonly key: IKey;
  readonly email?: string;
  readonly watchdog: IFunction;
  /** Dead-letter queues by a readable name. */
  readonly deadLetterQueues: ReadonlyMap<string, IQueue>;
}

const PERIOD = Duration.minutes(5);

export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Holdfast alarms', masterKey: props.key, enforceSSL: true });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    const holdfast = (metricName: string) =>
      new Metric({ namespace: METRIC_NAMESPACE, metricName, statistic: 'Sum', period: PERIOD });
    this.add('RunFailed', holdfast('RunFailed'), 'A Holdfast run failed: see the run record and its logs');
    this.add(
      'StuckQuiesceMarker',
      holdfast('StuckQuiesceMarker'),
      'An app stayed quiesced past maxQuiesceSeconds; the watchdog ran its posthook',
    );
    this.add('WatchdogErrors', props.watchdog.metricErrors({ period: PERIOD }), 'The watchdog failed');
    this.add(
      'WatchdogStopped',
      props.watchdog.metricInvocations({ period: PERIOD }),
      'The watchdog has not run for 5 minutes: overdue posthooks would not run',
      { threshold: 1, comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD, missing: TreatMissingData.BREACHING },
    );
    for (const [name, queue] of props.deadLetterQueues) {
      this.add(
        `${name}DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
        `Messages in the ${name} dead-letter queue: inspect and redrive them`,
      );
    }
  }

  private add(
    id: string,
    metric: IMetric,
    description: string,
    opts: { threshold?: number; comparisonOperator?: ComparisonOperator; missing?: TreatMissingData } = {},
  ): void {
    const alarm = new Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: opts.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator: opts.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: opts.missing ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
