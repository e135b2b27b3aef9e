import { describe, expect, it } from 'vitest';
import { blueprintJsonSchema } from '../../../shared/blueprint/json-schema.js';
import { policyJsonSchema } from '../../../shared/policy/json-schema.js';

type Json = Record<string, unknown>;
const at = (schema: Json, ...path: string[]): Json =>
  path.reduce<Json>((s, key) => ((s.properties as Json | undefined)?.[key] as Json) ?? {}, schema);

describe('JSON Schemas', () => {
  it('describes a Policy as a person writes it: required fields, closed objects, defaults optional', () => {
    const schema = policyJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(at(schema, 'apiVersion').const).toBe('holdfast.io/v1alpha1');
    const spec = at(schema, 'spec');
    expect(spec.additionalProperties).toBe(false);
    expect(spec.required).toEqual(['subjects', 'capture', 'retention']);
    expect(at(spec, 'maxQuiesceSeconds')).toMatchObject({ default: 300, minimum: 10, maximum: 3600 });
    expect(at(spec, 'onPrehookFailure')).toMatchObject({ enum: ['fail', 'crash-consistent'], default: 'fail' });
    expect(at(spec, 'retention', 'daily')).toMatchObject({ type: 'integer', minimum: 0 });
    expect(at(schema, 'metadata', 'name').pattern).toBe('^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$');
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('describes a Blueprint, recursive args included', () => {
    const schema = blueprintJsonSchema();
    expect(at(schema, 'apiVersion').const).toBe('cr.kanister.io/v1alpha1');
    expect(schema.required).toEqual(['apiVersion', 'kind', 'metadata', 'actions']);
    const text = JSON.stringify(schema);
    expect(text).toContain('"$ref":"#/$defs/');
    expect(text).toContain('"deferPhase"');
    expect(JSON.parse(text)).toEqual(schema);
  });
});
