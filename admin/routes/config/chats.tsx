/**
 * /config/chats — staff chats: the Telegram groups bound to a team or department (title, layout — a forum
 * topic per ticket or plain cards —, the bot's status there); a one-time bind code to send in a group
 * (/bind CODE) to bind it; layout change and unbinding; each chat's queue (counted messages waiting for the
 * group) and its delay (core/services/chat-delays.ts), marked when over the alert setting. A team or
 * department may bind several groups: new tickets go to the one with the least backlog. Admins see all,
 * supervisors their teams' chats.
 * Writes through core/services/codes.ts and teams.ts (role checks, audit).
 */
import { Hono, type Context } from 'hono';
import { CHAT_LAYOUTS, type ChatLayout } from '../../../core/entities/enums.ts';
import { allDepartments } from '../../../core/services/catalogue.ts';
import { issueChatBindCode } from '../../../core/services/codes.ts';
import { supervisedTeamIds } from '../../../core/services/org-common.ts';
import { listStaffChats, listTeams, setStaffChatLayout, unbindStaffChat } from '../../../core/services/teams.ts';
import type { PanelDeps, PanelEnv } from '../../env.ts';
import { forbidden, id, paramId, readForm, str, who, write, type Failed } from '../../forms.ts';
import { when } from '../../views/format.ts';
import { staffChatQueues } from '../../../core/services/chat-delays.ts';
import { toPersianDigits } from '../../../core/text/index.ts';
import { FormErrors, FormState, PostForm, SelectField } from '../../views/form.tsx';
import { page, Saved } from '../../views/layout.tsx';

export function chatRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  const render = async (c: Context<PanelEnv>, failed: Failed | null = null, code: string | null = null) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const csrf = c.get('csrf');
    const me = c.get('staff');
    const scope = me.role === 'admin' ? null : await supervisedTeamIds(core, me.id);
    const only = /^\d{1,9}$/.test(c.req.query('team') ?? '') ? Number(c.req.query('team')) : undefined;
    const teams = (await listTeams(core)).filter((x) => !scope || scope.includes(x.id));
    const departments = me.role === 'admin' ? await allDepartments(core) : [];
    const chats = (await listStaffChats(core, only ? { teamId: only } : {})).filter((x) => !scope || (x.teamId !== null && scope.includes(x.teamId)));
    const queues = await staffChatQueues(core, chats, core.clock.now());
    const num = (n: number) => (locale === 'fa' ? toPersianDigits(String(n)) : String(n));
    const f = new FormState('code', t, failed);
    const teamName = (tid: number | null) => teams.find((x) => x.id === tid)?.name ?? '';
    const deptName = (did: number | null) => {
      const d = departments.find((x) => x.id === did);
      return d ? (locale === 'fa' ? d.nameFa : d.nameEn) : '';
    };
    return page(
      c,
      t('admin-chats'),
      <>
        <h1>{t('admin-chats')}</h1>
        <Saved c={c} />
        {code ? (
          <div class="ok code" role="status">
            <p>{t('admin-bind-code', { code })}</p>
            <p>
              <code dir="ltr">/bind {code}</code>
            </p>
            <p class="muted">{t('admin-bind-help')}</p>
          </div>
        ) : null}
        <table class="list">
          <thead>
            <tr>
              <th>{t('admin-chat-title')}</th>
              <th>{t('admin-chat-bound')}</th>
              <th>{t('admin-chat-layout')}</th>
              <th>{t('admin-chat-status')}</th>
              <th>{t('admin-chat-queue')}</th>
              <th>{t('admin-chat-delay')}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {chats.map((x) => (
              <tr>
                <td>
                  <bdi dir="auto">{x.title || String(x.chatId)}</bdi>
                  <div class="muted" dir="ltr">
                    {String(x.chatId)}
                  </div>
                </td>
                <td dir="auto">
                  {x.teamId ? teamName(x.teamId) : x.departmentId ? deptName(x.departmentId) : <span class="muted">{t('admin-chat-unbound')}</span>}
                </td>
                <td>
                  <PostForm action={`/config/chats/${x.id}/layout`} csrf={csrf} class="inline">
                    <label class="sr" for={`layout-${x.id}`}>
                      {t('admin-chat-layout')}
                    </label>
                    <select id={`layout-${x.id}`} name="layout">
                      {CHAT_LAYOUTS.map((l) => (
                        <option value={l} selected={x.layout === l}>
                          {t(`admin-layout-${l}`)}
                        </option>
                      ))}
                    </select>
                    <button class="secondary small" type="submit">
                      {t('admin-save')}
                    </button>
                  </PostForm>
                </td>
                <td>
                  <span class={`badge ${x.status === 'active' ? 'met' : 'failed'}`}>{t(`admin-chat-status-${x.status}`)}</span>{' '}
                  <span class="muted">{when(x.statusChangedAt, locale, core.timeZone)}</span>
                </td>
                <td class="num" data-queue={String(queues.get(x.id)?.pending ?? 0)}>
                  {t('admin-chat-queue-value', { pending: num(queues.get(x.id)?.pending ?? 0) })}
                </td>
                <td class="num" data-delay-ms={String(queues.get(x.id)?.delayMs ?? 0)}>
                  {queues.get(x.id)?.delayMs
                    ? t('admin-chat-delay-value', { minutes: num(Math.ceil(queues.get(x.id)!.delayMs / 60_000)) })
                    : t('admin-chat-delay-none')}
                  {queues.get(x.id)?.over ? (
                    <>
                      {' '}
                      <span class="badge failed">{t('admin-chat-delay-over')}</span>
                    </>
                  ) : null}
                </td>
                <td>
                  {x.teamId || x.departmentId ? (
                    <PostForm action={`/config/chats/${x.id}/unbind`} csrf={csrf}>
                      <button class="danger small" type="submit">
                        {t('admin-unbind')}
                      </button>
                    </PostForm>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {chats.length ? <p class="muted">{t('admin-chat-spread-help')}</p> : <p class="muted">{t('admin-empty')}</p>}
        <section class="card">
          <h2>{t('admin-bind-new')}</h2>
          <PostForm action="/config/chats/code" csrf={csrf}>
            <FormErrors f={f} />
            <SelectField
              f={f}
              name="teamId"
              label={t('admin-col-team')}
              options={teams.map((x) => [String(x.id), x.name] as const)}
              empty={t('admin-none')}
              value={only}
            />
            {departments.length ? (
              <SelectField
                f={f}
                name="departmentId"
                label={t('admin-filter-department')}
                empty={t('admin-none')}
                options={departments.map((d) => [String(d.id), locale === 'fa' ? d.nameFa : d.nameEn] as const)}
                hint={t('admin-bind-one')}
              />
            ) : null}
            <SelectField
              f={f}
              name="layout"
              label={t('admin-chat-layout')}
              empty={t('admin-layout-auto')}
              options={CHAT_LAYOUTS.map((l) => [l, t(`admin-layout-${l}`)] as const)}
            />
            <button type="submit">{t('admin-bind-issue')}</button>
          </PostForm>
        </section>
      </>,
    );
  };

  app.use('/config/chats', async (c, next) => (c.get('staff').role === 'agent' ? forbidden(c) : next()));
  app.use('/config/chats/*', async (c, next) => (c.get('staff').role === 'agent' ? forbidden(c) : next()));
  app.get('/config/chats', (c) => render(c));

  app.post('/config/chats/code', async (c) => {
    const f = await readForm(c);
    const layout = (CHAT_LAYOUTS as readonly string[]).includes(str(f, 'layout')) ? (str(f, 'layout') as ChatLayout) : null;
    let code: string | null = null;
    const res = await write(
      c,
      'code',
      f,
      async () => {
        code = await issueChatBindCode(core, who(c), { teamId: id(f, 'teamId'), departmentId: id(f, 'departmentId'), layout });
      },
      () => '/config/chats',
      (failed) => render(c, failed),
    );
    // the code is shown once, on this answer (never in a URL)
    return code ? render(c, null, code) : res;
  });

  app.post('/config/chats/:id/layout', async (c) => {
    const chatId = paramId(c) ?? 0;
    const f = await readForm(c);
    return write(
      c,
      `chat-${chatId}`,
      f,
      () => setStaffChatLayout(core, who(c), chatId, str(f, 'layout') as ChatLayout),
      () => '/config/chats?ok=1',
      (failed) => render(c, failed),
    );
  });

  app.post('/config/chats/:id/unbind', async (c) => {
    const chatId = paramId(c) ?? 0;
    return write(
      c,
      `chat-${chatId}`,
      {},
      () => unbindStaffChat(core, who(c), chatId),
      () => '/config/chats?ok=1',
      (failed) => render(c, failed),
    );
  });

  return app;
}
