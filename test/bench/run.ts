/**
 * `npm run bench`: runs every test/bench/*.bench.ts module (each exports `bench()`), prints a table and
 * writes docs/BENCHMARKS.md with the machine, the date, the command and each figure beside its goal.
 * `npm run bench -- outbox panel` runs only the named modules (the document keeps the others' last figures).
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  goal?: string;
  /** rows of one group are rendered as a table of their own under a `### group` heading */
  group?: string;
  /** true/false when the goal is checkable; undefined when it is informative */
  met?: boolean;
  note?: string;
}

const dir = resolve(import.meta.dirname);
const docPath = resolve(dir, '../../docs/BENCHMARKS.md');
const only = process.argv.slice(2);
const modules = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => basename(f, '.bench.ts'))
  .filter((m) => !only.length || only.includes(m))
  .sort();

const sections: Record<string, string> = loadSections();
// the header keeps the time of the last run of every module (issue 9 budgets the whole of it); a run of some modules keeps the old line
const WHOLE = /^Last whole run: .*$/m;
let whole = existsSync(docPath) ? (readFileSync(docPath, 'utf8').match(WHOLE)?.[0] ?? null) : null;
const runStarted = Date.now();
for (const m of modules) {
  const started = Date.now();
  process.stdout.write(`\n▶ ${m}\n`);
  try {
    const mod = (await import(pathToFileURL(join(dir, `${m}.bench.ts`)).href)) as { bench: () => Promise<BenchResult[]>; title?: string; notes?: string };
    const results = await mod.bench();
    console.table(results.map((r) => ({ name: r.name, value: round(r.value), unit: r.unit, goal: r.goal ?? '', met: r.met ?? '' })));
    sections[m] = renderSection(m, results, Date.now() - started, mod.title, mod.notes);
  } catch (err) {
    console.error(err);
    sections[m] = `## ${m}\n\nThe run failed: \`${String((err as Error).message ?? err).slice(0, 300)}\`\n`;
    process.exitCode = 1;
  }
}
if (!only.length) {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8', cwd: dir }).trim();
  } catch {
    /* not a git checkout */
  }
  const at = new Date(runStarted).toISOString().slice(0, 16).replace('T', ' ');
  whole = `Last whole run: ${at} UTC at commit ${commit}, all ${modules.length} modules in ${Math.round((Date.now() - runStarted) / 1000)} s${process.exitCode ? ' (a module failed)' : ''}; \`npm run test:resilience\` is timed in docs/RESILIENCE.md.`;
}
writeFileSync(docPath, renderDoc(sections));
console.log(`\nwrote ${docPath}`);
process.exit(process.exitCode ?? 0);

function round(v: number) {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100;
}

function machine(): string {
  const cpu = cpus();
  let mariadb = '';
  try {
    mariadb = execSync('mariadb --version', { encoding: 'utf8' })
      .trim()
      .replace(/^.*Distrib ([^,]+),.*$/, 'MariaDB $1');
  } catch {
    mariadb = 'MariaDB (version unknown)';
  }
  let redis = '';
  try {
    redis = execSync('redis-server --version', { encoding: 'utf8' }).match(/v=(\S+)/)?.[1] ?? '';
  } catch {
    /* ignore */
  }
  return `${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${mariadb}, Redis ${redis}`;
}

/** `## <module> — <title>` (the module name stays the first word: loadSections keys on it), the tables, the module's notes */
function renderSection(m: string, results: BenchResult[], ms: number, title?: string, notes?: string): string {
  const table = (rows: BenchResult[]) => [
    '| measure | figure | goal | | note |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${round(r.value).toLocaleString('en-US')} ${r.unit} | ${r.goal ?? '—'} | ${r.met === undefined ? '' : r.met ? '✅ met' : '❌ missed'} | ${r.note ?? ''} |`,
    ),
    '',
  ];
  const groups = [...new Set(results.map((r) => r.group))];
  const tables = groups.flatMap((g) => [...(g ? [`### ${g}`, ''] : []), ...table(results.filter((r) => r.group === g))]);
  return [
    `## ${m}${title ? ` — ${title}` : ''}`,
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}; \`npm run bench -- ${m}\` took ${(ms / 1000).toFixed(1)} s.`,
    '',
    ...tables,
    ...(notes ? [notes.trim(), ''] : []),
  ].join('\n');
}

function loadSections(): Record<string, string> {
  if (!existsSync(docPath)) return {};
  const text = readFileSync(docPath, 'utf8');
  const out: Record<string, string> = {};
  for (const part of text.split(/\n(?=## )/).slice(1)) {
    const name = part.match(/^## (\S+)/)?.[1];
    // a module that is gone (renamed, merged) loses its section
    if (name && existsSync(join(dir, `${name}.bench.ts`))) out[name] = part.trimEnd() + '\n';
  }
  return out;
}

function renderDoc(s: Record<string, string>): string {
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (test/bench/run.ts): each section is one module of `test/bench/`, with the',
    'machine, the date and the command of its last run. Goals come from the issues; a missed goal says by how',
    'much in its note. Speed and memory targets live here, never in timed unit tests.',
    '',
    ...(whole ? [whole, ''] : []),
    ...Object.keys(s)
      .sort()
      .map((k) => s[k]!),
  ].join('\n');
}
