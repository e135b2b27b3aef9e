/**
 * sprig v2.22.0 path functions: Go's `path` package (slash-separated, lexical). The `os*` filepath variants only
 * exist from sprig v3.2.0 and are not defined here.
 */
import { T } from '../values.js';
import { type FuncTable, fn, str } from './define.js';

/** path.Clean: shortest equivalent path by purely lexical processing. */
export function clean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

export function base(pIn: string): string {
  if (pIn === '') return '.';
  const p = pIn.replace(/\/+$/, '');
  if (p === '') return '/';
  return p.slice(p.lastIndexOf('/') + 1);
}

export function dir(p: string): string {
  return clean(p.slice(0, p.lastIndexOf('/') + 1));
}

export function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

export const pathFuncs: FuncTable = {
  base: fn([T.string], T.string, ([p]) => base(str(p))),
  dir: fn([T.string], T.string, ([p]) => dir(str(p))),
  clean: fn([T.string], T.string, ([p]) => clean(str(p))),
  ext: fn([T.string], T.string, ([p]) => ext(str(p))),
  isAbs: fn([T.string], T.bool, ([p]) => str(p).startsWith('/')),
};
