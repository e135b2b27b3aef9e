/**
 * Engine-vs-oracle verdicts for the differential test: agreement is equal output or both erroring; mismatches and
 * error-text differences are grouped by cause for the report.
 */
import type { OracleResult } from '../../oracle/oracle.js';
import type { EngineResult } from './engine.js';

/** The oracle's answer, or 'crash' when the Go process died on it (a fatal error Kanister would crash on too). */
export type GoResult =
  | OracleResult
  | { readonly ok: false; readonly phase: 'crash'; readonly error: string; readonly goError: string };

// Go prints pointers inside maps and structs as addresses (0xc000123456; 0x96dfc8 for a pointer to an empty
// struct), which depend on the run and the binary.
const address = /0x[0-9a-f]{6,}/g;

function sameOutput(go: string, ours: string): boolean {
  if (go === ours) return true;
  return go.replace(address, '0xADDR') === ours.replace(address, '0xADDR') && go.search(address) >= 0;
}

const missingKeyText = 'map has no entry for key ';

export interface Verdict {
  readonly agree: boolean;
  /** Mismatch cause, for grouping. */
  readonly cause?: string;
  /** Both errored but Kanister's message (or the phase) differs. */
  readonly messageCause?: string;
}

/** Strips Go's location prefix and quoted parts so similar errors group together. */
export function errorShape(message: string): string {
  return message
    .replace(/^template: [^:]*:\d+(:\d+)?: (executing "[^"]*" at <.*?>: )?/, '')
    .replace(/"(?:[^"\\]|\\.)*"/g, 'Q')
    .replace(/\d+/g, 'N')
    .slice(0, 90);
}

export function judge(go: GoResult, ours: EngineResult): Verdict {
  if (!ours.ok && (ours.phase === 'threw' || ours.phase === 'params')) {
    return { agree: false, cause: `engine ${ours.phase}: ${errorShape(ours.message)}` };
  }
  if (go.ok && ours.ok) {
    return sameOutput(go.output, ours.output) ? { agree: true } : { agree: false, cause: 'output differs' };
  }
  if (go.ok && !ours.ok)
    return { agree: false, cause: `engine ${ours.phase} error, Go renders: ${errorShape(ours.goMessage)}` };
  if (!go.ok && ours.ok)
    return { agree: false, cause: `engine renders, Go ${go.phase} error: ${errorShape(go.goError)}` };
  if (go.ok || ours.ok) return { agree: false, cause: 'unreachable' };
  if (go.phase === 'params') return { agree: false, cause: `generator bug: Go rejects params: ${go.error}` };
  const samePhase =
    go.phase === ours.phase ||
    ((go.phase === 'panic' || go.phase === 'crash' || go.phase === 'limit') && ours.phase === 'exec');
  if (samePhase && go.error === ours.message) return { agree: true };
  if (samePhase && go.goError.includes(missingKeyText) && !/map has no entry for key "\w+"$/.test(go.goError)) {
    // Kanister rewrites every exec error containing the phrase, taking all that follows its last occurrence as the key.
    return {
      agree: true,
      messageCause: 'Kanister missing-key rewrite of an error whose text merely contains the phrase',
    };
  }
  const messageCause = samePhase
    ? `message: Go ${errorShape(go.goError)} / ours ${errorShape(ours.goMessage)}`
    : `phase: Go ${go.phase} / ours ${ours.phase}: ${errorShape(go.goError)}`;
  return { agree: true, messageCause };
}
