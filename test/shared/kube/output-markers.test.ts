import { describe, expect, it } from 'vitest';
import { OutputMarkerError } from '../../../shared/kube/errors.js';
import { OutputMarkerParser, parseOutputMarkers } from '../../../shared/kube/output-markers.js';

const marker = (key: string, value: string) => `###Phase-output###: ${JSON.stringify({ key, value })}`;

describe('output markers, as Kanister pkg/output parses them', () => {
  it('takes key/value pairs from marker lines and logs every other line', () => {
    const logged: string[] = [];
    const out = parseOutputMarkers(`starting\n${marker('version', '1.2.3')}\nplain\n${marker('path', 'a/b')}\n`, (l) =>
      logged.push(l),
    );
    expect(out).toEqual({ version: '1.2.3', path: 'a/b' });
    expect(logged).toEqual(['starting', 'plain']);
  });

  it('lets a later value for a key win, and ignores surrounding whitespace and CRLF', () => {
    expect(parseOutputMarkers(`${marker('k', 'a')}\r\n   ${marker('k', 'b')}   \r\n`)).toEqual({ k: 'b' });
  });

  it('finds a marker after other text on the same line, logging that text', () => {
    const logged: string[] = [];
    expect(parseOutputMarkers(`progress 50% ${marker('k', 'v')}`, (l) => logged.push(l))).toEqual({ k: 'v' });
    expect(logged).toEqual(['progress 50% ']);
  });

  it('decodes the JSON as Go does: field names case-insensitively, unknown fields ignored, null as empty', () => {
    expect(parseOutputMarkers('###Phase-output###: {"KEY":"a","Value":"x","extra":1}\n')).toEqual({ a: 'x' });
    expect(parseOutputMarkers('###Phase-output###: {"key":"b","value":null}\n')).toEqual({ b: '' });
  });

  it('fails like Kanister on a marker whose value is not a JSON string', () => {
    expect(() => parseOutputMarkers('###Phase-output###: {"key":"n","value":5}\n')).toThrow(OutputMarkerError);
    expect(() => parseOutputMarkers('###Phase-output###: {"key":"n","value":5}\n')).toThrow(
      'cannot unmarshal number into Go struct field Output.value of type string',
    );
    expect(() => parseOutputMarkers('###Phase-output###: not json\n')).toThrow(/Failed to unmarshal key-value pair/);
  });

  it('accepts a value far longer than the 64 KiB line buffer', () => {
    const big = 'x'.repeat(200_000);
    expect(parseOutputMarkers(`${marker('big', big)}\n`).big).toBe(big);
  });

  it('finds a marker split across two 64 KiB pieces of one long line', () => {
    const prefix = 'p'.repeat(64 * 1024 - 5);
    const logged: string[] = [];
    const out = parseOutputMarkers(`${prefix}${marker('split', 'ok')}\n`, (l) => logged.push(l));
    expect(out).toEqual({ split: 'ok' });
    expect(logged.join('').length).toBe(prefix.length + 5);
  });

  it('is the same whatever the chunking of the stream', () => {
    const text = `a\n${marker('one', '1')}\nb\r\n${marker('two', 'x'.repeat(70_000))}\nc`;
    const whole = parseOutputMarkers(text);
    const parser = new OutputMarkerParser();
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 777) parser.write(bytes.subarray(i, i + 777));
    expect(parser.end()).toEqual(whole);
    expect(Object.keys(whole)).toEqual(['one', 'two']);
  });

  it('reads a last line without a newline', () => {
    expect(parseOutputMarkers(marker('last', 'yes'))).toEqual({ last: 'yes' });
  });
});
