/**
 * The pod-shaping args several Kanister functions share (`podOverride`, `podLabels`, `podAnnotations`;
 * constants in `pkg/function/utils.go`), with the label and annotation syntax checks Kanister's
 * `ValidatePodLabelsAndAnnotations` applies through Kubernetes' own validation.
 */
import { goArg, goJsonMap } from './arg-schemas.js';
import { decodeMap, decodeString, WeakDecodeError } from './weak-decode.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ANNOTATIONS_MAX_BYTES = 256 * 1024;
const utf8 = new TextEncoder();

/** Kubernetes `IsQualifiedName`: `[prefix/]name`, prefix a DNS subdomain (≤ 253), name ≤ 63 characters. */
function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'has more than one /';
  const name = parts.at(-1) ?? '';
  const prefix = parts.length === 2 ? (parts[0] ?? '') : undefined;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return 'has a prefix that is not a DNS subdomain (lower-case letters, digits, - and .)';
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    return 'must be at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit';
  }
  return undefined;
}

function decodeLabels(value: unknown): Record<string, string> {
  const labels = decodeMap(value, decodeString);
  for (const [key, labelValue] of Object.entries(labels)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) throw new WeakDecodeError(`label key ${JSON.stringify(key)} ${keyProblem}`, [key]);
    if (labelValue !== '' && (labelValue.length > 63 || !QUALIFIED_NAME_PART.test(labelValue))) {
      throw new WeakDecodeError(
        `label value ${JSON.stringify(labelValue)} must be empty or at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit`,
        [key],
      );
    }
  }
  return labels;
}

function decodeAnnotations(value: unknown): Record<string, string> {
  const annotations = decodeMap(value, decodeString);
  let bytes = 0;
  for (const [key, annotationValue] of Object.entries(annotations)) {
    const keyProblem = qualifiedNameProblem(key.toLowerCase());
    if (keyProblem) throw new WeakDecodeError(`annotation key ${JSON.stringify(key)} ${keyProblem}`, [key]);
    bytes += utf8.encode(key).length + utf8.encode(annotationValue).length;
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    throw new WeakDecodeError(`annotations total ${bytes} bytes; Kubernetes allows at most ${ANNOTATIONS_MAX_BYTES}`);
  }
  return annotations;
}

/** `podOverride`: a pod spec fragment merged into the pod the function creates. */
export const podOverrideArg = () => goJsonMap('a pod spec override').optional();

/** `podLabels`: extra labels for the pod the function creates. */
export const podLabelsArg = () => goArg('pod labels (map of strings)', decodeLabels).optional();

/** `podAnnotations`: extra annotations for the pod the function creates. */
export const podAnnotationsArg = () => goArg('pod annotations (map of strings)', decodeAnnotations).optional();
