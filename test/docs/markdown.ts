/**
 * What the docs test reads out of Markdown: fenced code blocks with their info strings (language, `holdfast-*` tags,
 * `key=value` attributes) and line numbers, relative links, the `holdfast` commands of an example block split as a
 * POSIX shell would (quotes, backslashes, line continuations, comments), and output matching with `...` lines.
 */

export interface FencedBlock {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  readonly tags: readonly string[];
  readonly attrs: Readonly<Record<string, string>>;
  readonly text: string;
  /** The `## ` heading the block is under ('' before the first). */
  readonly section: string;
}

export class DocExampleError extends Error {
  override readonly name = 'DocExampleError';
}

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

export function fencedBlocks(markdown: string, file: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const open = FENCE.exec(line);
    if (!open) continue;
    const fence = open[2] ?? '```';
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j] ?? '';
      const close = FENCE.exec(l);
      if (close && close[2]?.[0] === fence[0] && (close[2]?.length ?? 0) >= fence.length && close[3]?.trim() === '') {
        break;
      }
      body.push(l);
    }
    if (j >= lines.length) throw new DocExampleError(`${file}:${i + 1}: code block is never closed`);
    blocks.push({ file, line: i + 1, section, ...parseInfo(open[3] ?? ''), text: `${body.join('\n')}\n` });
    i = j;
  }
  return blocks;
}

function parseInfo(info: string): { lang: string; tags: string[]; attrs: Record<string, string> } {
  const [lang = '', ...words] = info
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const attrs: Record<string, string> = {};
  const tags: string[] = [];
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq > 0) attrs[w.slice(0, eq)] = w.slice(eq + 1);
    else tags.push(w);
  }
  return { lang, tags, attrs };
}

export interface RelativeLink {
  /** The linked path, '' for a link within the same page. */
  readonly target: string;
  /** The `#fragment`, '' when there is none. */
  readonly anchor: string;
  readonly line: number;
}

/** Relative links (`[text](target#anchor)`) outside code; web links are left out. */
export function relativeLinks(markdown: string): RelativeLink[] {
  const out: RelativeLink[] = [];
  // Links inside code spans or blocks are text, not links.
  const text = markdown.replace(/```[\s\S]*?```/g, (m) => m.replace(/[^\n]/g, ' ')).replace(/`[^`\n]*`/g, ' ');
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const raw = m[1] ?? '';
      if (/^[a-z]+:/i.test(raw)) continue;
      const hash = raw.indexOf('#');
      const target = hash < 0 ? raw : raw.slice(0, hash);
      out.push({ target: decodeURIComponent(target), anchor: hash < 0 ? '' : raw.slice(hash + 1), line: i + 1 });
    }
  });
  return out;
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to `-`, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const text = markdown.replace(/```[\s\S]*?```/g, '');
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (m[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/**
 * The commands of a shell example: one per logical line (a trailing `\` continues it), comments dropped, each split
 * into words. Expansions, pipes and redirections are refused so every example is a literal `holdfast` invocation.
 */
export function shellCommands(script: string): string[][] {
  const logical = script.replace(/\\\n/g, ' ').split('\n');
  return logical.map(shellWords).filter((words) => words.length > 0);
}

export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  const push = (s: string) => {
    word = (word ?? '') + s;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new DocExampleError(`unterminated ' in: ${line}`);
      push(line.slice(i + 1, end));
      i = end;
    } else if (c === '"') {
      i = doubleQuoted(line, i + 1, push);
    } else if (c === '\\') {
      push(line[i + 1] ?? '');
      i++;
    } else if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      break;
    } else if ('$`|&;<>()'.includes(c)) {
      throw new DocExampleError(`"${c}" is not allowed in a holdfast example (write the command literally): ${line}`);
    } else {
      push(c);
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Reads a "…" string starting after its quote; returns the index of the closing quote. */
function doubleQuoted(line: string, from: number, push: (s: string) => void): number {
  for (let i = from; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '"') return i;
    if (c === '$' || c === '`') {
      throw new DocExampleError(`"${c}" is not allowed in a holdfast example (write the command literally): ${line}`);
    }
    if (c === '\\' && '"\\$`'.includes(line[i + 1] ?? '')) {
      push(line[i + 1] as string);
      i++;
    } else {
      push(c);
    }
  }
  throw new DocExampleError(`unterminated " in: ${line}`);
}

/**
 * Whether `actual` output matches the documented one: line by line, trailing spaces and trailing blank lines ignored;
 * a documented line `...` stands for any number of lines.
 */
export function outputMatches(documented: string, actual: string): boolean {
  const want = normalizedLines(documented);
  const got = normalizedLines(actual);
  const memo = new Map<string, boolean>();
  const match = (w: number, g: number): boolean => {
    const key = `${w},${g}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (w === want.length) result = g === got.length;
    else if (want[w] === '...') result = match(w + 1, g) || (g < got.length && match(w, g + 1));
    else result = g < got.length && want[w] === got[g] && match(w + 1, g + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

function normalizedLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trimEnd());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}
