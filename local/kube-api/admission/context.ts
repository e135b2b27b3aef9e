// What an admission function may know besides the object itself.

import type { KubeObject } from '../types.js';

export interface AdmissionContext {
  operation: 'create' | 'update';
  /** The stored object an update replaces. */
  old?: KubeObject;
  /** Whether a Service cluster IP is already taken, for allocation. */
  clusterIpInUse(ip: string): boolean;
}
