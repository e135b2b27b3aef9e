import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFiles } from '../support/cli.js';

const params = tempFiles({
  'p.json': JSON.stringify({
    Options: { bucket: 'b1' },
    Secrets: {
      db: { metadata: { name: 'db', namespace: 'ns' }, data: { password: Buffer.from('pass').toString('base64') } },
    },
  }),
  'bad.json': '{"Options": {"x": 1',
  't.tmpl': '{{ range $i, $e := list 1 2 }}{{ $i }}={{ $e }}\n{{ end }}',
});
const p = (f: string) => join(params, f);

describe('holdfast template', () => {
  it('prints the rendered text exactly, with no newline added', async () => {
    expect(await runCli('template', '-p', p('p.json'), '{{ .Options.bucket | upper }}')).toEqual({
      code: 0,
      stdout: 'B1',
      stderr: '',
    });
  });

  it('treats Secret Data as bytes, as Kanister does', async () => {
    expect((await runCli('template', '-p', p('p.json'), '{{ .Secrets.db.Data.password }}')).stdout).toBe(
      '[112 97 115 115]',
    );
    expect((await runCli('template', '-p', p('p.json'), '{{ .Secrets.db.Data.password | toString }}')).stdout).toBe(
      'pass',
    );
  });

  it('reads the template from a file', async () => {
    expect((await runCli('template', '--file', p('t.tmpl'))).stdout).toBe('0=1\n1=2\n');
  });

  it("reports a render error on stderr with exit code 1, in Kanister's words", async () => {
    expect(await runCli('template', '-p', p('p.json'), '{{ .Options.nope }}')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Failed to render template: "nope" not found\n',
    });
  });

  it('reports broken params JSON in one line naming the file', async () => {
    const run = await runCli('template', '-p', p('bad.json'), 'x');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^.*bad\.json: invalid TemplateParams JSON: .+\n$/);
  });

  it('prints JSON with --output json', async () => {
    expect(JSON.parse((await runCli('template', '-o', 'json', '{{ 1 }}')).stdout)).toEqual({ output: '1' });
    expect(JSON.parse((await runCli('template', '-o', 'json', '{{ nope }}')).stdout)).toEqual({
      error: 'template: config:1: function "nope" not defined',
    });
  });

  it('refuses env: templates cannot read the environment', async () => {
    const run = await runCli('template', '{{ env "HOME" }}');
    expect(run.stderr).toBe('template: config:1: function "env" not defined\n');
  });
});
