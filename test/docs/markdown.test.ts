/**
 * The Markdown reading behind the docs test: fenced blocks and their tags, shell word splitting, output matching.
 * If these were wrong, examples would be skipped or mis-run silently.
 */
import { describe, expect, it } from 'vitest';
import {
  DocExampleError,
  fencedBlocks,
  headingAnchors,
  outputMatches,
  relativeLinks,
  shellCommands,
} from './markdown.js';

describe('fencedBlocks', () => {
  it('reads the language, tags, attributes, line and section of each block', () => {
    const md = '# T\n## Use\ntext\n```sh holdfast-example exit=2\nholdfast validate x\n```\n````md\n```\n````\n';
    const [first, second] = fencedBlocks(md, 'a.md');
    expect(first).toMatchObject({ line: 4, lang: 'sh', tags: ['holdfast-example'], attrs: { exit: '2' } });
    expect(first?.section).toBe('Use');
    expect(first?.text).toBe('holdfast validate x\n');
    expect(second?.text).toBe('```\n');
  });

  it('refuses a block that is never closed', () => {
    expect(() => fencedBlocks('```sh\nholdfast', 'a.md')).toThrow(DocExampleError);
  });
});

describe('shellCommands', () => {
  it('splits words as sh does: quotes, escapes, continuations and comments', () => {
    const script = [
      '# a comment',
      `npx holdfast template '{{ .Options.a | upper }}' --params "docs/x y.json"  # trailing`,
      'npx holdfast render -b bp.yaml \\',
      '  --option a=b',
    ].join('\n');
    expect(shellCommands(script)).toEqual([
      ['npx', 'holdfast', 'template', '{{ .Options.a | upper }}', '--params', 'docs/x y.json'],
      ['npx', 'holdfast', 'render', '-b', 'bp.yaml', '--option', 'a=b'],
    ]);
  });

  it('refuses expansions, pipes and redirections', () => {
    expect(() => shellCommands('holdfast validate $HOME')).toThrow(DocExampleError);
    expect(() => shellCommands('holdfast validate x | head')).toThrow(DocExampleError);
    expect(() => shellCommands('echo {} > p.json')).toThrow(DocExampleError);
    expect(() => shellCommands('holdfast template "$(id)"')).toThrow(DocExampleError);
  });
});

describe('outputMatches', () => {
  it('compares line by line, ignoring trailing spaces and blank lines', () => {
    expect(outputMatches('a\nb\n', 'a  \nb\n\n')).toBe(true);
    expect(outputMatches('a\nb\n', 'a\nc\n')).toBe(false);
    expect(outputMatches('a\n', 'a\nb\n')).toBe(false);
  });

  it('lets ... stand for any number of lines', () => {
    expect(outputMatches('first\n...\nlast\n', 'first\nx\ny\nlast\n')).toBe(true);
    expect(outputMatches('first\n...\nlast\n', 'first\nlast\n')).toBe(true);
    expect(outputMatches('first\n...\nlast\n', 'first\nx\n')).toBe(false);
  });
});

describe('relativeLinks', () => {
  it('finds relative links outside code, with their anchors', () => {
    const md = 'See [a](docs/a.md#x), [web](https://x.io), [top](#top), `[no](b.md)`.\n```\n[no](c.md)\n```\n';
    expect(relativeLinks(md)).toEqual([
      { target: 'docs/a.md', anchor: 'x', line: 1 },
      { target: '', anchor: 'top', line: 1 },
    ]);
  });
});

describe('headingAnchors', () => {
  it('slugs headings as GitHub does', () => {
    const md =
      '# Top\n## 5. Forward cluster events (event-pattern triggers)\n### `maxQuiesceSeconds` and more\n## Top\n';
    expect([...headingAnchors(md)]).toEqual([
      'top',
      '5-forward-cluster-events-event-pattern-triggers',
      'maxquiesceseconds-and-more',
      'top-1',
    ]);
  });
});
