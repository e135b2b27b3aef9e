// Validation of object names, labels and annotations with kube-apiserver's messages, so names that a
// real cluster would reject are rejected here too (422 Invalid).

import type { StatusCause } from '../errors.js';
import { isRecord, type KubeObject } from '../types.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export type NameRule = 'subdomain' | 'label';

export function invalid(field: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${detail}` };
}

export function required(field: string, detail?: string): StatusCause {
  return { reason: 'FieldValueRequired', field, message: detail ? `Required value: ${detail}` : 'Required value' };
}

export function unsupported(field: string, value: unknown, allowed: string[]): StatusCause {
  return {
    reason: 'FieldValueNotSupported',
    field,
    message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
  };
}

export function validateName(name: string, rule: NameRule, field = 'metadata.name'): StatusCause[] {
  if (rule === 'label') {
    if (name.length > 63 || !DNS_LABEL.test(name)) {
      return [
        invalid(
          field,
          name,
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        ),
      ];
    }
    return [];
  }
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    return [
      invalid(
        field,
        name,
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ),
    ];
  }
  return [];
}

function validateQualifiedKey(key: string, field: string): StatusCause[] {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const causes: StatusCause[] = [];
  if (slash >= 0 && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    causes.push(invalid(field, key, 'prefix part must be a lowercase RFC 1123 subdomain'));
  }
  if (name.length > 63 || !LABEL_NAME.test(name)) {
    causes.push(
      invalid(
        field,
        key,
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
      ),
    );
  }
  return causes;
}

export function validateLabels(labels: unknown, field: string): StatusCause[] {
  if (labels === undefined) return [];
  if (!isRecord(labels)) return [invalid(field, labels, 'must be a map of strings')];
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(labels)) {
    causes.push(...validateQualifiedKey(key, field));
    if (typeof value !== 'string' || value.length > 63 || (value !== '' && !LABEL_NAME.test(value))) {
      causes.push(
        invalid(
          field,
          value,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ),
      );
    }
  }
  return causes;
}

function validateAnnotations(annotations: unknown): StatusCause[] {
  if (annotations === undefined) return [];
  if (!isRecord(annotations)) return [invalid('metadata.annotations', annotations, 'must be a map of strings')];
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    causes.push(...validateQualifiedKey(key, 'metadata.annotations'));
    if (typeof value !== 'string') causes.push(invalid('metadata.annotations', value, 'must be a string'));
  }
  return causes;
}

export function validateMetadata(object: KubeObject, rule: NameRule): StatusCause[] {
  const name = object.metadata.name ?? '';
  return [
    ...(name === '' ? [required('metadata.name', 'name or generateName is required')] : validateName(name, rule)),
    ...validateLabels(object.metadata.labels, 'metadata.labels'),
    ...validateAnnotations(object.metadata.annotations),
  ];
}
