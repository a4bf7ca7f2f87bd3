/**
 * Admins' settings pages:
 * /config/settings      the content rule (allow, ask to rewrite, cancel), limits and defaults (open tickets per
 *                       requester, agent name or team alias, masked phones, intake time-out, message rate,
 *                       default language, daily goal, "at risk" minutes, who must use a second factor) —
 *                       core/services/settings.ts.
 * /config/bot           the bot: token from the environment or stored encrypted at rest (setBotToken), remove
 *                       it, "test connection" (getMe; its @username is kept for display), webhook or polling.
 * /config/member-types  the requesters' member types (farmer, trader, …; staff types may address a colleague).
 */
import { Hono, type Context } from 'hono';
import { LOCALES } from '../../../core/entities/enums.ts';
import type { MemberType } from '../../../core/entities/people.ts';
import { createMemberType, listMemberTypes, updateMemberType } from '../../../core/services/catalogue.ts';
import {
  AGENT_NAME_MODES,
  BOT_MODES,
  getSettings,
  SECOND_FACTOR_MODES,
  setBotToken,
  updateSettings,
  type SettingsPatch,
} from '../../../core/services/settings.ts';
import { CONTENT_RULE_MODES } from '../../../core/text/index.ts';
import type { PanelDeps, PanelEnv } from '../../env.ts';
import { checked, forbidden, num, paramId, readForm, str, who, write, type Failed, type Form } from '../../forms.ts';
import { BotApiError, botToken, getMe } from '../../telegram.ts';
import { CheckField, FormErrors, FormState, PostForm, SelectField, TextField } from '../../views/form.tsx';
import { page, Saved } from '../../views/layout.tsx';

const orUndefined = (n: number | null) => (n === null ? undefined : n);

export function settingsRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;
  for (const p of ['/config/settings', '/config/bot', '/config/bot/*', '/config/member-types', '/config/member-types/*']) {
    app.use(p, async (c, next) => (c.get('staff').role === 'admin' ? next() : forbidden(c)));
  }

  // ------------------------------------------------------------------ general settings

  const general = async (c: Context<PanelEnv>, failed: Failed | null = null) => {
    const t = c.get('t');
    const s = await getSettings(core);
    const f = new FormState('settings', t, failed);
    return page(
      c,
      t('admin-settings'),
      <>
        <h1>{t('admin-settings')}</h1>
        <Saved c={c} />
        <PostForm action="/config/settings" csrf={c.get('csrf')} class="card">
          <FormErrors f={f} />
          <fieldset>
            <legend>{t('admin-content-rule')}</legend>
            <p class="hint">{t('admin-content-rule-help')}</p>
            <SelectField
              f={f}
              name="contentRule"
              label={t('admin-content-rule')}
              value={s.contentRule}
              options={CONTENT_RULE_MODES.map((m) => [m, t(`admin-content-rule-${m}`)] as const)}
            />
          </fieldset>
          <TextField f={f} name="maxOpenTicketsPerRequester" label={t('admin-max-open')} value={s.maxOpenTicketsPerRequester} numeric dir="ltr" />
          <SelectField
            f={f}
            name="agentNameMode"
            label={t('admin-agent-name-mode')}
            value={s.agentNameMode}
            options={AGENT_NAME_MODES.map((m) => [m, t(`admin-agent-name-${m}`)] as const)}
          />
          <CheckField f={f} name="maskRequesterPhone" label={t('admin-mask-phone')} checked={s.maskRequesterPhone} />
          <TextField f={f} name="intakeTimeoutMinutes" label={t('admin-intake-timeout')} value={s.intakeTimeoutMinutes} numeric dir="ltr" />
          <TextField f={f} name="requesterRatePerMinute" label={t('admin-rate')} value={s.requesterRatePerMinute} numeric dir="ltr" />
          <SelectField
            f={f}
            name="defaultLocale"
            label={t('admin-default-language')}
            value={s.defaultLocale}
            options={LOCALES.map((l) => [l, t(`admin-language-${l}`)] as const)}
          />
          <TextField f={f} name="dailyGoalDefault" label={t('admin-daily-goal')} value={s.dailyGoalDefault} numeric dir="ltr" />
          <TextField f={f} name="satisfiedGoalPct" label={t('admin-satisfied-goal')} value={s.satisfiedGoalPct} numeric dir="ltr" />
          <TextField f={f} name="slaSuccessGoalPct" label={t('admin-sla-success-goal')} value={s.slaSuccessGoalPct} numeric dir="ltr" />
          <TextField f={f} name="slaAtRiskMinutes" label={t('admin-at-risk-minutes')} value={s.slaAtRiskMinutes} numeric dir="ltr" />
          <TextField f={f} name="chatDelayAlertMinutes" label={t('admin-chat-delay-alert-minutes')} value={s.chatDelayAlertMinutes} numeric dir="ltr" />
          <SelectField
            f={f}
            name="secondFactorRequired"
            label={t('admin-2fa-required')}
            value={s.secondFactorRequired}
            options={SECOND_FACTOR_MODES.map((m) => [m, t(`admin-2fa-required-${m}`)] as const)}
          />
          <button type="submit">{t('admin-save')}</button>
        </PostForm>
      </>,
    );
  };

  app.get('/config/settings', (c) => general(c));
  app.post('/config/settings', async (c) => {
    const f = await readForm(c);
    const patch: SettingsPatch = {
      contentRule: str(f, 'contentRule') as SettingsPatch['contentRule'],
      maxOpenTicketsPerRequester: orUndefined(num(f, 'maxOpenTicketsPerRequester')),
      agentNameMode: str(f, 'agentNameMode') as SettingsPatch['agentNameMode'],
      maskRequesterPhone: checked(f, 'maskRequesterPhone'),
      intakeTimeoutMinutes: orUndefined(num(f, 'intakeTimeoutMinutes')),
      requesterRatePerMinute: orUndefined(num(f, 'requesterRatePerMinute')),
      defaultLocale: str(f, 'defaultLocale') as SettingsPatch['defaultLocale'],
      dailyGoalDefault: orUndefined(num(f, 'dailyGoalDefault')),
      satisfiedGoalPct: orUndefined(num(f, 'satisfiedGoalPct')),
      slaSuccessGoalPct: orUndefined(num(f, 'slaSuccessGoalPct')),
      slaAtRiskMinutes: orUndefined(num(f, 'slaAtRiskMinutes')),
      chatDelayAlertMinutes: orUndefined(num(f, 'chatDelayAlertMinutes')),
      secondFactorRequired: (str(f, 'secondFactorRequired') || undefined) as SettingsPatch['secondFactorRequired'],
    };
    for (const k of Object.keys(patch) as (keyof SettingsPatch)[]) if (patch[k] === undefined) delete patch[k];
    return write(
      c,
      'settings',
      f,
      () => updateSettings(core, who(c), patch),
      () => '/config/settings?ok=1',
      (failed) => general(c, failed),
    );
  });

  // ------------------------------------------------------------------ the bot

  const bot = async (c: Context<PanelEnv>, failed: Failed | null = null, test: { ok: boolean; text: string } | null = null) => {
    const t = c.get('t');
    const csrf = c.get('csrf');
    const s = await getSettings(core);
    const fromEnv = !!deps.telegram?.token;
    const tok = new FormState('token', t, failed);
    const mode = new FormState('mode', t, failed);
    return page(
      c,
      t('admin-bot'),
      <>
        <h1>{t('admin-bot')}</h1>
        <Saved c={c} />
        {test ? (
          <p class={test.ok ? 'ok' : 'error'} role={test.ok ? 'status' : 'alert'}>
            {test.text}
          </p>
        ) : null}
        <section class="card">
          <dl class="facts">
            <dt>{t('admin-bot-token')}</dt>
            <dd>{fromEnv ? t('admin-bot-token-env') : s.botTokenStored ? t('admin-bot-token-stored') : t('admin-bot-token-none')}</dd>
            <dt>{t('admin-bot-username')}</dt>
            <dd dir="ltr">{s.botUsername ? `@${s.botUsername}` : '—'}</dd>
          </dl>
          <PostForm action="/config/bot/test" csrf={csrf}>
            <button type="submit">{t('admin-bot-test')}</button>
          </PostForm>
        </section>
        <section class="card">
          <h2>{t('admin-bot-token-set')}</h2>
          {fromEnv ? <p class="hint">{t('admin-bot-token-env-note')}</p> : null}
          <PostForm action="/config/bot/token" csrf={csrf}>
            <FormErrors f={tok} />
            <TextField
              f={tok}
              name="botToken"
              type="password"
              label={t('admin-bot-token')}
              required
              dir="ltr"
              autocomplete="off"
              hint={t('admin-bot-token-hint')}
            />
            <button type="submit">{t('admin-save')}</button>
          </PostForm>
          {s.botTokenStored ? (
            <PostForm action="/config/bot/token/remove" csrf={csrf}>
              <button class="danger small" type="submit">
                {t('admin-bot-token-remove')}
              </button>
            </PostForm>
          ) : null}
        </section>
        <section class="card">
          <h2>{t('admin-bot-mode')}</h2>
          <PostForm action="/config/bot/mode" csrf={csrf}>
            <FormErrors f={mode} />
            <SelectField
              f={mode}
              name="botMode"
              label={t('admin-bot-mode')}
              value={s.botMode ?? ''}
              empty={t('admin-bot-mode-env')}
              options={BOT_MODES.map((m) => [m, t(`admin-bot-mode-${m}`)] as const)}
              hint={t('admin-bot-mode-hint')}
            />
            <button type="submit">{t('admin-save')}</button>
          </PostForm>
        </section>
      </>,
    );
  };

  app.get('/config/bot', (c) => bot(c));

  app.post('/config/bot/token', async (c) => {
    const f = await readForm(c);
    if (!deps.secretKey) return bot(c, { form: 'token', errors: { botToken: 'no_secret_key' }, values: {} });
    return write(
      c,
      'token',
      {},
      () => setBotToken(core, who(c), str(f, 'botToken'), deps.secretKey!),
      () => '/config/bot?ok=1',
      (failed) => bot(c, failed),
    );
  });

  app.post('/config/bot/token/remove', async (c) => {
    if (!deps.secretKey) return bot(c, { form: 'token', errors: { botToken: 'no_secret_key' }, values: {} });
    return write(
      c,
      'token',
      {},
      () => setBotToken(core, who(c), null, deps.secretKey!),
      () => '/config/bot?ok=1',
      (failed) => bot(c, failed),
    );
  });

  app.post('/config/bot/mode', async (c) => {
    const f = await readForm(c);
    const value = str(f, 'botMode');
    return write(
      c,
      'mode',
      f,
      () => updateSettings(core, who(c), { botMode: value === '' ? null : (value as 'polling' | 'webhook') }),
      () => '/config/bot?ok=1',
      (failed) => bot(c, failed),
    );
  });

  /** getMe with the token in use; the bot's @username is kept in the settings for display */
  app.post('/config/bot/test', async (c) => {
    const t = c.get('t');
    const token = await botToken(deps);
    if (!token) return bot(c, null, { ok: false, text: t('admin-bot-test-none') });
    try {
      const me = await getMe(deps, token);
      if ((await getSettings(core)).botUsername !== me.username) await updateSettings(core, who(c), { botUsername: me.username });
      return bot(c, null, { ok: true, text: t('admin-bot-test-ok', { username: me.username, name: me.first_name }) });
    } catch (err) {
      const text = err instanceof BotApiError ? `${err.status || ''} ${err.description}`.trim() : (err as Error).message;
      deps.log.warn({ err: text }, 'bot connection test failed');
      return bot(c, null, { ok: false, text: t('admin-bot-test-failed', { error: text }) });
    }
  });

  // ------------------------------------------------------------------ member types

  const types = async (c: Context<PanelEnv>, failed: Failed | null = null) => {
    const t = c.get('t');
    const csrf = c.get('csrf');
    const list = await listMemberTypes(core);
    const Fields = ({ f, m }: { f: FormState; m: Partial<MemberType> }) => (
      <>
        <FormErrors f={f} />
        <div class="row">
          <TextField f={f} name="code" label={t('admin-code')} value={m.code} required dir="ltr" max={24} />
          <TextField f={f} name="nameFa" label={t('admin-name-fa')} value={m.nameFa} required dir="rtl" max={100} />
          <TextField f={f} name="nameEn" label={t('admin-name-en')} value={m.nameEn} required dir="ltr" max={100} />
        </div>
        <div class="row">
          <TextField f={f} name="sortOrder" label={t('admin-sort-order')} value={m.sortOrder} numeric dir="ltr" />
          <CheckField f={f} name="isStaff" label={t('admin-member-type-staff')} checked={m.isStaff ?? false} />
          <CheckField f={f} name="active" label={t('admin-active')} checked={m.active ?? true} />
        </div>
      </>
    );
    return page(
      c,
      t('admin-member-types'),
      <>
        <h1>{t('admin-member-types')}</h1>
        <Saved c={c} />
        {list.map((m) => {
          const f = new FormState(`type-${m.id}`, t, failed);
          return (
            <details class="card" open={f.mine}>
              <summary>
                <bdi>{m.nameFa}</bdi> · <bdi dir="ltr">{m.nameEn}</bdi> {m.isStaff ? <span class="badge">{t('admin-member-type-staff')}</span> : null}{' '}
                {m.active ? null : <span class="badge">{t('admin-inactive')}</span>}
              </summary>
              <PostForm action={`/config/member-types/${m.id}`} csrf={csrf}>
                <Fields f={f} m={m} />
                <button type="submit">{t('admin-save')}</button>
              </PostForm>
            </details>
          );
        })}
        <section class="card">
          <h2>{t('admin-member-type-add')}</h2>
          <PostForm action="/config/member-types" csrf={csrf}>
            <Fields f={new FormState('type-new', t, failed)} m={{}} />
            <button type="submit">{t('admin-member-type-add')}</button>
          </PostForm>
        </section>
      </>,
    );
  };
  const typeInput = (f: Form) => {
    const order = num(f, 'sortOrder');
    return {
      code: str(f, 'code'),
      nameFa: str(f, 'nameFa'),
      nameEn: str(f, 'nameEn'),
      isStaff: checked(f, 'isStaff'),
      active: checked(f, 'active'),
      ...(order === null ? {} : { sortOrder: order }),
    };
  };
  app.get('/config/member-types', (c) => types(c));
  app.post('/config/member-types', async (c) => {
    const f = await readForm(c);
    return write(
      c,
      'type-new',
      f,
      () => createMemberType(core, who(c), typeInput(f)),
      () => '/config/member-types?ok=1',
      (failed) => types(c, failed),
    );
  });
  app.post('/config/member-types/:id', async (c) => {
    const tid = paramId(c) ?? 0;
    const f = await readForm(c);
    return write(
      c,
      `type-${tid}`,
      f,
      () => updateMemberType(core, who(c), tid, typeInput(f)),
      () => '/config/member-types?ok=1',
      (failed) => types(c, failed),
    );
  });

  return app;
}
