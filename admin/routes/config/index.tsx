/**
 * /config — the configuration sections a staff member may open (admins all; supervisors their teams, staff
 * chats and canned replies), and the routes of every section.
 */
import { Hono } from 'hono';
import type { StaffRole } from '../../../core/entities/enums.ts';
import type { PanelDeps, PanelEnv } from '../../env.ts';
import { forbidden } from '../../forms.ts';
import { page } from '../../views/layout.tsx';
import { calendarRoutes } from './calendars.tsx';
import { cannedRoutes } from './canned.tsx';
import { catalogueRoutes } from './catalogue.tsx';
import { chatRoutes } from './chats.tsx';
import { settingsRoutes } from './settings.tsx';
import { slaRoutes } from './sla.tsx';
import { staffRoutes } from './staff.tsx';
import { teamRoutes } from './teams.tsx';

const SECTIONS: { href: string; key: string; help: string; roles: StaffRole[] }[] = [
  { href: '/config/catalogue', key: 'admin-catalogue', help: 'admin-catalogue-help', roles: ['admin'] },
  { href: '/config/teams', key: 'admin-teams', help: 'admin-teams-help', roles: ['admin', 'supervisor'] },
  { href: '/config/chats', key: 'admin-chats', help: 'admin-chats-help', roles: ['admin', 'supervisor'] },
  { href: '/config/staff', key: 'admin-staff', help: 'admin-staff-help', roles: ['admin'] },
  { href: '/config/sla', key: 'admin-sla-policies', help: 'admin-sla-help', roles: ['admin'] },
  { href: '/config/calendars', key: 'admin-calendars', help: 'admin-calendars-help', roles: ['admin'] },
  { href: '/config/canned', key: 'admin-canned', help: 'admin-canned-help', roles: ['admin', 'supervisor'] },
  { href: '/config/member-types', key: 'admin-member-types', help: 'admin-member-types-help', roles: ['admin'] },
  { href: '/config/settings', key: 'admin-settings', help: 'admin-content-rule-help', roles: ['admin'] },
  { href: '/config/bot', key: 'admin-bot', help: 'admin-bot-help', roles: ['admin'] },
];

export function configRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();

  app.get('/config', (c) => {
    const t = c.get('t');
    const role = c.get('staff').role;
    const mine = SECTIONS.filter((s) => s.roles.includes(role));
    if (!mine.length) return forbidden(c);
    return page(
      c,
      t('admin-config'),
      <>
        <h1>{t('admin-config')}</h1>
        <ul class="sections">
          {mine.map((s) => (
            <li class="card">
              <a href={s.href}>
                <strong>{t(s.key)}</strong>
              </a>
              <p class="muted">{t(s.help)}</p>
            </li>
          ))}
        </ul>
      </>,
    );
  });

  for (const routes of [catalogueRoutes, teamRoutes, chatRoutes, staffRoutes, slaRoutes, calendarRoutes, cannedRoutes, settingsRoutes]) {
    app.route('/', routes(deps));
  }
  return app;
}
