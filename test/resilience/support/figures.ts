/**
 * What a scenario tells docs/RESILIENCE.md: what it breaks, what it asserts and what it does not, and the
 * figures of this run. `scenario()` writes data/resilience/<id>.json as "started" when the test begins;
 * `done()` rewrites it as "passed" with the figures at the very end of the test, after every assertion,
 * so a scenario that failed shows as failed in the report, never with figures it did not earn.
 * report.ts renders the files when the run ends (global-setup.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const FIGURES_DIR = join(ROOT, 'data/resilience');

export interface Scenario {
  /** file name of the JSON, and the order of the report's sections ("1-kill-intake") */
  id: string;
  title: string;
  /** what is broken on purpose, and how */
  broken: string;
  asserted: string[];
  /** said plainly: what this scenario does not check */
  notAsserted: string[];
}

export type Figures = Record<string, string | number>;

export interface ScenarioRecord extends Scenario {
  file: string;
  status: 'started' | 'passed';
  startedAt: string;
  finishedAt?: string;
  ms?: number;
  figures?: Figures;
}

export function scenario(s: Scenario, testFile: string): { done(figures: Figures): void } {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const path = join(FIGURES_DIR, `${s.id}.json`);
  const started = Date.now();
  const base: ScenarioRecord = { ...s, file: relative(ROOT, testFile), status: 'started', startedAt: new Date(started).toISOString() };
  writeFileSync(path, JSON.stringify(base, null, 2));
  return {
    done(figures) {
      const finished = Date.now();
      const rec: ScenarioRecord = { ...base, status: 'passed', finishedAt: new Date(finished).toISOString(), ms: finished - started, figures };
      writeFileSync(path, JSON.stringify(rec, null, 2));
    },
  };
}

/** a duration for the report: "12.3 s" */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
