/**
 * Built on first use, then reused by every invocation the container serves (STYLE.md: clients are built once).
 */
export function lazy<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: make() };
    return value.v;
  };
}
