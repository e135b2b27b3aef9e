// API errors of the local Kubernetes API server and their `Status` bodies, shaped like kube-apiserver's
// (`metav1.Status`: status Failure, reason, message, details, code) so clients parse them unchanged.

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Names a resource in messages the way kube-apiserver does: `pods`, `deployments.apps`. */
export interface ResourceRef {
  group: string;
  plural: string;
}

function qualified(ref: ResourceRef): string {
  return ref.group === '' ? ref.plural : `${ref.plural}.${ref.group}`;
}

export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }

  toStatus(): StatusBody {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

export class NotFoundError extends KubeApiError {
  constructor(ref: ResourceRef, name: string) {
    super(404, 'NotFound', `${qualified(ref)} "${name}" not found`, detailsFor(ref, name));
    this.name = 'NotFoundError';
  }
}

/** The path named no resource type this server knows. */
export class UnknownResourceError extends KubeApiError {
  constructor() {
    super(404, 'NotFound', 'the server could not find the requested resource', {});
    this.name = 'UnknownResourceError';
  }
}

export class AlreadyExistsError extends KubeApiError {
  constructor(ref: ResourceRef, name: string) {
    super(409, 'AlreadyExists', `${qualified(ref)} "${name}" already exists`, detailsFor(ref, name));
    this.name = 'AlreadyExistsError';
  }
}

export class ConflictError extends KubeApiError {
  constructor(
    ref: ResourceRef,
    name: string,
    why = 'the object has been modified; please apply your changes to the latest version and try again',
  ) {
    super(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(ref)} "${name}": ${why}`,
      detailsFor(ref, name),
    );
    this.name = 'ConflictError';
  }
}

export class InvalidError extends KubeApiError {
  constructor(kind: string, name: string, group: string, causes: StatusCause[]) {
    const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
    const message =
      causes.length > 1 ? `${kind} "${name}" is invalid: [${summary}]` : `${kind} "${name}" is invalid: ${summary}`;
    super(422, 'Invalid', message, { name, ...(group ? { group } : {}), kind, causes });
    this.name = 'InvalidError';
  }
}

export class BadRequestError extends KubeApiError {
  constructor(message: string) {
    super(400, 'BadRequest', message);
    this.name = 'BadRequestError';
  }
}

export class UnauthorizedError extends KubeApiError {
  constructor() {
    super(401, 'Unauthorized', 'Unauthorized');
    this.name = 'UnauthorizedError';
  }
}

export class MethodNotAllowedError extends KubeApiError {
  constructor() {
    super(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    this.name = 'MethodNotAllowedError';
  }
}

export class UnsupportedMediaTypeError extends KubeApiError {
  constructor(contentType: string) {
    super(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`,
    );
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class GoneError extends KubeApiError {
  constructor(message: string) {
    super(410, 'Expired', message);
    this.name = 'GoneError';
  }
}

export class ServiceUnavailableError extends KubeApiError {
  constructor(message: string) {
    super(503, 'ServiceUnavailable', message);
    this.name = 'ServiceUnavailableError';
  }
}

export class InternalError extends KubeApiError {
  constructor(message: string) {
    super(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
    this.name = 'InternalError';
  }
}

function detailsFor(ref: ResourceRef, name: string): StatusDetails {
  return { name, ...(ref.group ? { group: ref.group } : {}), kind: ref.plural };
}

/** Wraps anything thrown by a handler so the HTTP layer can always answer with a Status body. */
export function toKubeApiError(error: unknown): KubeApiError {
  if (error instanceof KubeApiError) return error;
  return new InternalError(error instanceof Error ? error.message : String(error));
}
