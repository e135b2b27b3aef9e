/**
 * Benchmark rows, printed as a table and written as JSON (bench-results/bench.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

export function report(sections: Record<string, BenchRow[]>, file: string): void {
  const rows = Object.entries(sections).flatMap(([section, list]) => list.map((r) => ({ section, ...r })));
  const width = Math.max(...rows.map((r) => r.name.length));
  process.stdout.write(`${'benchmark'.padEnd(width)}  ${'value'.padStart(14)}  unit\n`);
  for (const r of rows) {
    const v = r.value >= 100 ? r.value.toFixed(0) : r.value.toPrecision(3);
    process.stdout.write(`${r.name.padEnd(width)}  ${v.padStart(14)}  ${r.unit}\n`);
  }
  const json = { machine: { cpus: navigatorCpus(), node: process.version }, date: new Date().toISOString(), rows };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\n${JSON.stringify(json)}\n`);
}

function navigatorCpus(): number {
  return globalThis.navigator?.hardwareConcurrency ?? 0;
}
