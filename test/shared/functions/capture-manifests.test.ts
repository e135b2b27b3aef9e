import { describe, expect, it } from 'vitest';
import { captureManifests } from '../../../shared/functions/capture-manifests.js';
import { parsed, problemsOf } from './parse-helpers.js';

describe('CaptureManifests args', () => {
  it('captures Secrets by default', () => {
    expect(parsed(captureManifests, { namespace: 'app', path: 'app/manifests.yaml' })).toEqual({
      namespace: 'app',
      path: 'app/manifests.yaml',
      includeSecrets: true,
    });
  });

  it('refuses contradictory kind filters', () => {
    expect(
      problemsOf(captureManifests, {
        namespace: 'app',
        path: 'm.yaml',
        includeKinds: ['Deployment', 'ConfigMap'],
        excludeKinds: 'configmap',
      }),
    ).toEqual(['excludeKinds: ConfigMap both included and excluded']);
    expect(
      problemsOf(captureManifests, {
        namespace: 'app',
        path: 'm.yaml',
        includeKinds: ['Secret'],
        includeSecrets: false,
      }),
    ).toEqual(['includeSecrets: is false but includeKinds lists Secret']);
  });
});
