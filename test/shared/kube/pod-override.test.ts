import { describe, expect, it } from 'vitest';
import { KubeError } from '../../../shared/kube/errors.js';
import { mergeOverrides, mergePodSpec } from '../../../shared/kube/pod-override.js';

const base = {
  containers: [
    {
      name: 'container',
      image: 'busybox',
      command: ['sh', '-c', 'true'],
      env: [{ name: 'A', value: '1' }],
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
    },
  ],
  restartPolicy: 'Never',
  volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'pvc' } }],
};

describe('podOverride as a strategic merge patch of the pod spec', () => {
  it('merges containers by name and their env by name, keeping what the patch does not mention', () => {
    const merged = mergePodSpec(base, {
      containers: [
        {
          name: 'container',
          env: [
            { name: 'B', value: '2' },
            { name: 'A', value: 'one' },
          ],
        },
      ],
    }) as typeof base;
    expect(merged.containers).toHaveLength(1);
    expect(merged.containers[0]?.image).toBe('busybox');
    expect(merged.containers[0]?.env).toEqual([
      { name: 'A', value: 'one' },
      { name: 'B', value: '2' },
    ]);
  });

  it('appends new list items, replaces lists without a merge key, and deletes keys set to null', () => {
    const merged = mergePodSpec(base, {
      containers: [
        { name: 'sidecar', image: 'envoy' },
        { name: 'container', command: ['echo', 'hi'] },
      ],
      tolerations: [{ key: 'k', operator: 'Exists' }],
      restartPolicy: null,
      nodeSelector: { zone: 'a' },
    }) as Record<string, unknown> & typeof base;
    expect(merged.containers.map((c) => c.name)).toEqual(['container', 'sidecar']);
    expect(merged.containers[0]?.command).toEqual(['echo', 'hi']);
    expect(merged.tolerations).toEqual([{ key: 'k', operator: 'Exists' }]);
    expect('restartPolicy' in merged).toBe(false);
    expect(merged.nodeSelector).toEqual({ zone: 'a' });
  });

  it('merges volumes by name and maps recursively', () => {
    const merged = mergePodSpec(base, { volumes: [{ name: 'data', persistentVolumeClaim: { readOnly: true } }] });
    expect(merged.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'pvc', readOnly: true } }]);
  });

  it('merges the ActionSet override with the blueprint one, the blueprint winning', () => {
    const merged = mergeOverrides(
      {
        nodeSelector: { zone: 'a', disk: 'ssd' },
        containers: [{ name: 'container', env: [{ name: 'X', value: 'as' }] }],
      },
      { nodeSelector: { zone: 'b' }, containers: [{ name: 'container', env: [{ name: 'X', value: 'bp' }] }] },
    );
    expect(merged).toEqual({
      nodeSelector: { zone: 'b', disk: 'ssd' },
      containers: [{ name: 'container', env: [{ name: 'X', value: 'bp' }] }],
    });
  });

  it('refuses strategic-merge directives it does not implement', () => {
    expect(() => mergePodSpec(base, { containers: [{ name: 'container', $patch: 'delete' }] })).toThrow(KubeError);
  });
});
