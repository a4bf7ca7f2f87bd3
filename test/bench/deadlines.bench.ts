/** Deadline computation speed: working-time additions and whole target computations per second. */
import { pathToFileURL } from 'node:url';
import { compileCalendar, DEFAULT_CALENDAR_SPEC } from '../../core/sla/calendar.ts';
import { computeTargets } from '../../core/sla/targets.ts';
import type { BenchResult } from './run.ts';

export async function bench(): Promise<BenchResult[]> {
  const cal = compileCalendar({
    ...DEFAULT_CALENDAR_SPEC,
    exceptions: [
      { date: '2026-12-16', kind: 'holiday' },
      { date: '2027-01-03', kind: 'holiday' },
    ],
  });
  const base = new Date('2026-12-01T00:00:00+03:30').getTime();
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const inputs = Array.from({ length: 20_000 }, () => {
    const from = new Date(base + Math.floor(rnd() * 60 * 24 * 60) * 60_000);
    const minutes = [60, 240, 480, 2400][Math.floor(rnd() * 4)]!;
    const pauses = rnd() < 0.5 ? [{ start: new Date(from.getTime() + 3600_000), end: new Date(from.getTime() + 3600_000 * (1 + rnd() * 72)) }] : [];
    return { from, minutes, pauses };
  });
  for (const i of inputs.slice(0, 2000)) cal.addWorkingMinutes(i.from, i.minutes, i.pauses); // warm-up
  let t = performance.now();
  for (const i of inputs) cal.addWorkingMinutes(i.from, i.minutes, i.pauses);
  const addPerSec = inputs.length / ((performance.now() - t) / 1000);

  const policy = { firstResponseMinutes: 60, resolutionMinutes: 2400, ceilingMinutes: 1440 };
  t = performance.now();
  const n = 10_000;
  for (let k = 0; k < n; k++) {
    const i = inputs[k]!;
    const at = (h: number) => new Date(i.from.getTime() + h * 3600_000);
    computeTargets({
      createdAt: i.from,
      history: [
        { at: i.from, state: 'new' },
        { at: at(1), state: 'open' },
        { at: at(2), state: 'answered' },
        { at: at(20), state: 'open' },
        { at: at(30), state: 'resolved' },
      ],
      firstResponseAt: at(2),
      policy,
      calendar: cal,
      now: at(31),
    });
  }
  const targetsPerSec = n / ((performance.now() - t) / 1000);
  return [
    { name: 'addWorkingMinutes (60–2400 min, half with a pause)', value: addPerSec, unit: 'deadlines/s', goal: '≥ 50,000/s', met: addPerSec >= 50_000 },
    { name: 'computeTargets (5 state changes, both targets)', value: targetsPerSec, unit: 'tickets/s', goal: '≥ 10,000/s', met: targetsPerSec >= 10_000 },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.table(await bench());
