/**
 * Stands in for a handler whose file has not been written yet, so the stack tests can synthesize every function.
 * test/infra/handlers.test.ts still fails for each handler that has no real entry file.
 */
export const handler = async (): Promise<{ readonly status: 'stub' }> => ({ status: 'stub' });
