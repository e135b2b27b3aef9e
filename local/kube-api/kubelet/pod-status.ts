// Builds a Pod's `status` (phase, conditions, container statuses, IPs) from the local kubelet's view,
// keeping condition transition times stable between updates.

import { nowTimestamp } from '../types.js';
import type { Container } from './container.js';
import { POD_IP } from './spec.js';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface PodView {
  phase: PodPhase;
  initialized: boolean;
  startTime: string;
  init: Container[];
  main: Container[];
}

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastProbeTime: null;
  lastTransitionTime: string;
}

function containerStatus(container: Container, init: boolean): Record<string, unknown> {
  const ready = init ? 'terminated' in container.state && container.state.terminated.exitCode === 0 : container.running;
  return {
    name: container.name,
    state: container.state,
    lastState: container.lastState,
    ready,
    restartCount: container.restartCount,
    image: container.spec.image ?? '',
    imageID: '',
    ...(container.pid ? { containerID: `local://${container.pid}` } : {}),
    started: container.running,
  };
}

export class PodConditions {
  readonly #since = new Map<string, { status: string; time: string }>();

  #condition(type: string, ok: boolean, reason?: string, message?: string): Condition {
    const status = ok ? 'True' : 'False';
    const previous = this.#since.get(type);
    const time = previous && previous.status === status ? previous.time : nowTimestamp();
    this.#since.set(type, { status, time });
    return {
      type,
      status,
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
      lastProbeTime: null,
      lastTransitionTime: time,
    };
  }

  build(view: PodView): Condition[] {
    const terminal = view.phase === 'Succeeded' || view.phase === 'Failed';
    const unready = view.main.filter((c) => !c.running).map((c) => c.name);
    const ready = view.initialized && unready.length === 0 && !terminal;
    const why = terminal ? 'PodCompleted' : 'ContainersNotReady';
    const message = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
    return [
      this.#condition('PodReadyToStartContainers', true),
      this.#condition(
        'Initialized',
        view.initialized || terminal,
        view.initialized ? undefined : 'ContainersNotInitialized',
      ),
      this.#condition('Ready', ready, ready ? undefined : why, ready ? undefined : message),
      this.#condition('ContainersReady', ready, ready ? undefined : why, ready ? undefined : message),
      this.#condition('PodScheduled', true),
    ];
  }
}

export function buildPodStatus(view: PodView, conditions: PodConditions): Record<string, unknown> {
  return {
    phase: view.phase,
    conditions: conditions.build(view),
    hostIP: POD_IP,
    hostIPs: [{ ip: POD_IP }],
    podIP: POD_IP,
    podIPs: [{ ip: POD_IP }],
    startTime: view.startTime,
    ...(view.init.length > 0 ? { initContainerStatuses: view.init.map((c) => containerStatus(c, true)) } : {}),
    containerStatuses: view.main.map((c) => containerStatus(c, false)),
    qosClass: 'BestEffort',
  };
}
