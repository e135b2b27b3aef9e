// The parts of a PodSpec the local kubelet acts on, parsed with zod (unknown fields are kept and ignored).

import { z } from 'zod';

const keyRef = z.looseObject({ name: z.string().optional(), key: z.string(), optional: z.boolean().optional() });

export const envVarSchema = z.looseObject({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z
    .looseObject({
      secretKeyRef: keyRef.optional(),
      configMapKeyRef: keyRef.optional(),
      fieldRef: z.looseObject({ fieldPath: z.string() }).optional(),
    })
    .optional(),
});

const envFromSchema = z.looseObject({
  prefix: z.string().optional(),
  configMapRef: z.looseObject({ name: z.string(), optional: z.boolean().optional() }).optional(),
  secretRef: z.looseObject({ name: z.string(), optional: z.boolean().optional() }).optional(),
});

export const containerSchema = z.looseObject({
  name: z.string(),
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  env: z.array(envVarSchema).optional(),
  envFrom: z.array(envFromSchema).optional(),
  ports: z.array(z.looseObject({ name: z.string().optional(), containerPort: z.number().int() })).optional(),
});

export const podSpecSchema = z.looseObject({
  containers: z.array(containerSchema),
  initContainers: z.array(containerSchema).optional(),
  restartPolicy: z.enum(['Always', 'OnFailure', 'Never']).default('Always'),
  terminationGracePeriodSeconds: z.number().optional(),
  nodeName: z.string().optional(),
});

export type ContainerSpec = z.infer<typeof containerSchema>;
export type EnvVar = z.infer<typeof envVarSchema>;
export type PodSpec = z.infer<typeof podSpecSchema>;
export type RestartPolicy = PodSpec['restartPolicy'];

/** Name of the single node every pod is scheduled to. */
export const NODE_NAME = 'holdfast-local';
export const POD_IP = '127.0.0.1';
