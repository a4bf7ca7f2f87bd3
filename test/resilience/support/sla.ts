/**
 * SLA work for the scenarios: a plain staff group bound to team B, a 2-minute first-response policy on an
 * all-day calendar for team B, and tickets (team B, no department) whose first-response deadline falls
 * at a chosen instant. Their timers are set through the test process's jobs client, as a web process would.
 */
import { Calendar, SlaPolicy, SlaTarget } from '../../../core/entities/sla.ts';
import { StaffChat, Team } from '../../../core/entities/org.ts';
import { Ticket } from '../../../core/entities/ticket.ts';
import { recomputeSla } from '../../../core/sla/service.ts';
import { transact } from '../../../core/tx.ts';
import type { FakeGroup } from '../../fake-telegram/index.ts';
import { makeTicket } from '../../support/fixtures.ts';
import type { World } from './world.ts';

const ALL_DAY = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [d, [{ start: '00:00', end: '24:00' }]]));
const FIRST_RESPONSE_MS = 120_000;

export interface SlaDesk {
  group: FakeGroup;
  /** `count` tickets whose first-response deadline is `at` (their warning, 1 minute before, is already due) */
  tickets(count: number, at: number): Promise<{ ticket: Ticket; target: SlaTarget }[]>;
  /** the breach / warning messages the group received for a ticket */
  notices(ticket: Ticket, kind: 'breach' | 'warn'): number;
}

export async function slaDesk(w: World): Promise<SlaDesk> {
  const { ds, b } = w;
  await ds.getRepository(Calendar).update({ id: b.calendar.id }, { weekly: ALL_DAY });
  await ds.getRepository(Team).update({ id: b.teamB.id }, { slaWarningMinutes: 1 });
  await ds.getRepository(SlaPolicy).save({
    name: 'two minutes',
    teamId: b.teamB.id,
    subjectId: null,
    minPriority: null,
    firstResponseMinutes: 2,
    resolutionMinutes: 600,
    ceilingMinutes: null,
    calendarId: b.calendar.id,
    sortOrder: 0,
    active: true,
  });
  const group = w.fake.group({ title: 'SLA desk' });
  group.addBot({ admin: true });
  await ds.getRepository(StaffChat).insert({ chatId: group.id, title: 'SLA desk', layout: 'plain', teamId: b.teamB.id, status: 'active' });
  // titles unique across calls: notices() finds a ticket's notices by its title
  let made = 0;
  return {
    group,
    async tickets(count, at) {
      const out: { ticket: Ticket; target: SlaTarget }[] = [];
      for (let i = 0; i < count; i++) {
        const ticket = await makeTicket(ds, b, { at: new Date(at - FIRST_RESPONSE_MS), teamId: b.teamB.id, subjectId: null, title: `مهلت ${made++}` });
        await ds.getRepository(Ticket).update({ id: ticket.id }, { departmentId: null });
        await transact(w.core, async (tx) => void tx.slaChanges.push(...(await recomputeSla(tx, ticket.id))));
        const target = await ds.getRepository(SlaTarget).findOneByOrFail({ ticketId: ticket.id, kind: 'first_response' });
        out.push({ ticket, target });
      }
      return out;
    },
    notices(ticket, kind) {
      const mark = kind === 'breach' ? '🔴' : '⏰';
      return group.botMessages().filter((m) => (m.text ?? '').startsWith(mark) && (m.text ?? '').includes(`(«${ticket.title}»)`)).length;
    },
  };
}
