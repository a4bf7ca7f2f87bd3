/**
 * Once per `npm run test:resilience`: clears the figures of the previous run, starts the private MariaDB
 * server the scenarios' databases live on (its base URL provided as `mariaBase`, see world.ts), and
 * when they are all done stops it and renders docs/RESILIENCE.md from this run's figures (report.ts).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { FIGURES_DIR, ROOT } from './figures.ts';
import type { TestProject } from 'vitest/node';
import { privateMariaDb, type PrivateMariaDb } from './mariadb.ts';
import { renderReport, type RunFacts } from './report.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mariaBase: string;
  }
}

let maria: PrivateMariaDb | undefined;

export async function setup(project: TestProject): Promise<void> {
  mkdirSync(FIGURES_DIR, { recursive: true });
  for (const f of readdirSync(FIGURES_DIR)) rmSync(join(FIGURES_DIR, f), { force: true });
  const args = process.argv.slice(2);
  const extra = args.filter((a, i) => a !== 'run' && a !== '-c' && args[i - 1] !== '-c').join(' ');
  const viaNpm = process.env.npm_lifecycle_event === 'test:resilience';
  const facts: RunFacts = {
    startedAt: new Date().toISOString(),
    command: viaNpm ? `npm run test:resilience${extra ? ` -- ${extra}` : ''}` : `vitest ${args.join(' ')}`,
    loadAtStart: loadavg(),
  };
  writeFileSync(join(FIGURES_DIR, 'run.json'), JSON.stringify(facts, null, 2));
  maria = await privateMariaDb({ bufferPoolMb: 256 });
  project.provide('mariaBase', maria.base);
}

export async function teardown(): Promise<void> {
  await maria?.close();
  const { path, complete } = renderReport();
  const where = path.startsWith(ROOT) ? path.slice(ROOT.length + 1) : path;
  console.log(`\nresilience report: ${where}${complete ? '' : ' (a partial run: docs/RESILIENCE.md left as it was)'}`);
}
