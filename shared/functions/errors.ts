/** Errors of the blueprint-function registry and arg parsing. */

/** Root of this package's errors. */
export class FunctionsError extends Error {
  override readonly name: string = 'FunctionsError';
}

/** Rendered args that do not fit a function's schema; `problems` are `<arg>: <what is wrong>` lines. */
export class FunctionArgsError extends FunctionsError {
  override readonly name = 'FunctionArgsError';
  constructor(
    readonly functionName: string,
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`invalid args for ${functionName}:\n  ${problems.join('\n  ')}`, options);
  }
}

/** Two registry entries (supported or rejected) share a name. */
export class DuplicateFunctionError extends FunctionsError {
  override readonly name = 'DuplicateFunctionError';
  constructor(readonly functionName: string) {
    super(`blueprint function ${functionName} is registered twice`);
  }
}
