/**
 * The function map Kanister renders with: Go's builtins plus sprig v2.22.0's TxtFuncMap with Kanister's FIPS
 * changes, minus env/expandenv/getHostByName (templates may not read the environment or the network).
 * Built once: the parse cache is keyed by this map's identity.
 */
import { withBuiltins } from '../blueprint/template/builtins.js';
import type { FuncMap } from '../blueprint/template/funcs.js';
import { sprigFuncs } from '../blueprint/template/sprig/index.js';

let funcs: FuncMap | undefined;

export function kanisterFuncs(): FuncMap {
  funcs ??= withBuiltins(sprigFuncs);
  return funcs;
}
