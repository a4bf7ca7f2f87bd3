/** SLA policy matching and per-ticket targets from the state history (pure). */
import { describe, expect, it } from 'vitest';
import { compileCalendar, DEFAULT_CALENDAR_SPEC } from '../../core/sla/calendar.ts';
import { matchPolicy } from '../../core/sla/policy.ts';
import { computeTargets } from '../../core/sla/targets.ts';
import type { TicketState } from '../../core/entities/enums.ts';

const tehran = (s: string) => new Date(`${s}:00+03:30`);
const iso = (d: Date | null) => d && new Date(d.getTime() + 3.5 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const cal = compileCalendar(DEFAULT_CALENDAR_SPEC);
const policy = { firstResponseMinutes: 60, resolutionMinutes: 240, ceilingMinutes: 1440 };
const h = (...steps: [string, TicketState][]) => steps.map(([at, state]) => ({ at: tehran(at), state }));

describe('matchPolicy', () => {
  const base = { teamId: null, subjectId: null, minPriority: null, sortOrder: 0, active: true };
  const policies = [
    { ...base, id: 1 },
    { ...base, id: 2, teamId: 7 },
    { ...base, id: 3, teamId: 7, minPriority: 'high' as const },
    { ...base, id: 4, subjectId: 9 },
    { ...base, id: 5, subjectId: 9, active: false },
    { ...base, id: 6, minPriority: 'urgent' as const },
  ];
  it.each([
    [{ teamId: 1, subjectId: null, priority: 'normal' as const }, 1],
    [{ teamId: 7, subjectId: null, priority: 'normal' as const }, 2],
    [{ teamId: 7, subjectId: null, priority: 'urgent' as const }, 3],
    [{ teamId: 7, subjectId: 9, priority: 'urgent' as const }, 4],
    [{ teamId: 1, subjectId: null, priority: 'urgent' as const }, 6],
  ])('%o → policy %i', (ticket, id) => {
    expect(matchPolicy(policies, ticket)?.id).toBe(id);
  });
  it('no active policy → none', () => {
    expect(matchPolicy([{ ...base, id: 1, active: false }], { teamId: 1, subjectId: 1, priority: 'low' })).toBeNull();
  });
});

describe('computeTargets', () => {
  it('running: first response and resolution deadlines, breached once now passes them', () => {
    const [fr, res] = computeTargets({
      createdAt: tehran('2026-12-05T09:00'),
      history: h(['2026-12-05T09:00', 'new']),
      firstResponseAt: null,
      policy,
      calendar: cal,
      now: tehran('2026-12-05T10:30'),
    });
    expect(iso(fr!.deadline)).toBe('2026-12-05 10:00');
    expect(fr!.breached).toBe(true);
    expect(iso(res!.deadline)).toBe('2026-12-05 13:00');
    expect(res!.breached).toBe(false);
  });

  it('waiting for the user pauses resolution; the deadline is projected from now and moves when he answers', () => {
    const createdAt = tehran('2026-12-05T09:00');
    const history = h(['2026-12-05T09:00', 'new'], ['2026-12-05T09:30', 'open'], ['2026-12-05T10:00', 'answered']);
    const paused = computeTargets({
      createdAt,
      history,
      firstResponseAt: tehran('2026-12-05T10:00'),
      policy,
      calendar: cal,
      now: tehran('2026-12-05T12:00'),
    })[1]!;
    expect(paused.paused).toBe(true);
    expect(iso(paused.deadline)).toBe('2026-12-05 15:00');
    const resumed = computeTargets({
      createdAt,
      history: [...history, { at: tehran('2026-12-05T14:00'), state: 'open' }],
      firstResponseAt: tehran('2026-12-05T10:00'),
      policy,
      calendar: cal,
      now: tehran('2026-12-05T14:00'),
    })[1]!;
    expect(resumed.paused).toBe(false);
    expect(iso(resumed.deadline)).toBe('2026-12-06 09:00');
    expect(resumed.pausedMinutes).toBe(240);
  });

  it('reached at the start of the final wait (resolved → closed); met or breached by that instant', () => {
    const out = computeTargets({
      createdAt: tehran('2026-12-05T09:00'),
      history: h(['2026-12-05T09:00', 'new'], ['2026-12-05T09:10', 'open'], ['2026-12-05T12:00', 'resolved'], ['2026-12-06T10:00', 'closed']),
      firstResponseAt: tehran('2026-12-05T09:10'),
      policy,
      calendar: cal,
      now: tehran('2026-12-07T10:00'),
    });
    expect(iso(out[0]!.reachedAt)).toBe('2026-12-05 09:10');
    expect(out[0]!.breached).toBe(false);
    expect(iso(out[1]!.reachedAt)).toBe('2026-12-05 12:00');
    expect(out[1]!.breached).toBe(false);
  });

  it('a reopened ticket runs again, the closed time does not count', () => {
    const out = computeTargets({
      createdAt: tehran('2026-12-05T09:00'),
      history: h(['2026-12-05T09:00', 'new'], ['2026-12-05T10:00', 'closed'], ['2026-12-05T14:00', 'open']),
      firstResponseAt: tehran('2026-12-05T09:30'),
      policy,
      calendar: cal,
      now: tehran('2026-12-05T14:30'),
    })[1]!;
    expect(out.reachedAt).toBeNull();
    expect(iso(out.deadline)).toBe('2026-12-06 09:00');
  });

  it('cancelled without an answer cancels the first-response target', () => {
    const [fr] = computeTargets({
      createdAt: tehran('2026-12-05T09:00'),
      history: h(['2026-12-05T09:00', 'new'], ['2026-12-05T09:05', 'cancelled']),
      firstResponseAt: null,
      policy,
      calendar: cal,
      now: tehran('2026-12-06T09:00'),
    });
    expect(fr!.cancelled).toBe(true);
    expect(fr!.breached).toBe(false);
  });
});
