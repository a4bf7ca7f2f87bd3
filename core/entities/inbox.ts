import { Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DateTime, Int, Str } from '../db/columns.ts';

/**
 * When a staff member last opened a ticket's page (core/services/inbox-state.ts): the inbox shows a ticket
 * unread to him while it has a message or a change by someone else after this instant (or he never opened it).
 */
@Entity('ticket_views')
export class TicketView {
  @PrimaryColumn({ type: 'int' }) staffId: number;
  @PrimaryColumn({ type: 'int' }) ticketId: number;
  @DateTime() seenAt: Date;
}

/** A staff member's named inbox filter set: the inbox's query string without the page cursor. */
@Entity('saved_filters')
@Unique('uq_saved_filters_name', ['staffId', 'name'])
@Index('ix_saved_filters_staff', ['staffId', 'id'])
export class SavedFilter {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Int() staffId: number;
  @Str(80) name: string;
  @Str(1000) query: string;
  @DateTime() createdAt: Date;
}
