/**
 * /account — the signed-in staff member's own settings: display name and language (Persian RTL or English
 * LTR), password change (the current password is checked by core/services/staff.changeOwnPassword), and a
 * one-time code to link his Telegram account (/link CODE in the bot). Other sessions end on a password change.
 * Two-step verification (core/services/second-factor.ts): turn it on with a QR code (or the secret as text)
 * confirmed by a first code; the recovery codes are shown once.
 */
import { Hono, type Context } from 'hono';
import { LOCALES } from '../../core/entities/enums.ts';
import { issueTelegramLinkCode } from '../../core/services/codes.ts';
import { endOtherSessions } from '../../core/services/sessions.ts';
import { ValidationError } from '../../core/services/errors.ts';
import {
  confirmEnrolment,
  disableOwnSecondFactor,
  regenerateRecoveryCodes,
  secondFactorStatus,
  startEnrolment,
  type Enrolment,
} from '../../core/services/second-factor.ts';
import { changeOwnPassword, updateStaff } from '../../core/services/staff.ts';
import { formatJalali } from '../../core/text/index.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { clientIp, readForm, str, who, write, type Failed } from '../forms.ts';
import { errorText, FormErrors, FormState, PostForm, SelectField, TextField } from '../views/form.tsx';
import { page, Saved } from '../views/layout.tsx';
import { EnrolBody, issuerOf, RecoveryCodes } from './login-second-factor.tsx';

export function accountRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  interface SecondFactorView {
    enrolment?: Enrolment;
    error?: string;
    recoveryCodes?: string[];
  }

  const render = async (c: Context<PanelEnv>, failed: Failed | null = null, code: string | null = null, second: SecondFactorView = {}) => {
    const t = c.get('t');
    const me = c.get('staff');
    const csrf = c.get('csrf');
    const status = await secondFactorStatus(core, me.id);
    const recoveryLeft = c.req.query('recoveryLeft');
    if (second.enrolment || second.recoveryCodes) c.header('cache-control', 'no-store'); // a key or recovery codes
    const profile = new FormState('profile', t, failed);
    const pw = new FormState('password', t, failed);
    return page(
      c,
      t('admin-account'),
      <>
        <h1>{t('admin-account')}</h1>
        <Saved c={c} />
        <section class="card">
          <h2>{t('admin-profile')}</h2>
          <PostForm action="/account" csrf={csrf}>
            <FormErrors f={profile} />
            <TextField f={profile} name="displayName" label={t('admin-display-name')} value={me.displayName} required max={200} />
            <SelectField
              f={profile}
              name="locale"
              label={t('admin-language')}
              value={me.locale}
              options={LOCALES.map((l) => [l, t(`admin-language-${l}`)] as const)}
            />
            <button type="submit">{t('admin-save')}</button>
          </PostForm>
        </section>
        <section class="card">
          <h2>{t('admin-password-change')}</h2>
          <PostForm action="/account/password" csrf={csrf}>
            <FormErrors f={pw} labels={{ currentPassword: t('admin-password-current'), password: t('admin-password-new') }} />
            <TextField f={pw} name="currentPassword" type="password" label={t('admin-password-current')} required dir="ltr" autocomplete="current-password" />
            <TextField
              f={pw}
              name="password"
              type="password"
              label={t('admin-password-new')}
              required
              dir="ltr"
              autocomplete="new-password"
              hint={t('admin-password-hint')}
            />
            <TextField f={pw} name="confirm" type="password" label={t('admin-password-confirm')} required dir="ltr" autocomplete="new-password" />
            <button type="submit">{t('admin-password-change')}</button>
          </PostForm>
        </section>
        <section class="card" id="second-factor">
          <h2>{t('admin-2fa-section')}</h2>
          {recoveryLeft !== undefined && /^\d+$/.test(recoveryLeft) ? (
            <p class="warning" role="status">
              {t('admin-2fa-recovery-used', { left: Number(recoveryLeft) })}
            </p>
          ) : null}
          {second.recoveryCodes ? <RecoveryCodes t={t} codes={second.recoveryCodes} /> : null}
          {status.enabled ? (
            <>
              <p>{t('admin-2fa-is-on', { since: formatJalali(status.enabledAt ?? new Date(), { timeZone: core.timeZone }), left: status.recoveryLeft })}</p>
              {second.error ? (
                <p class="error" role="alert">
                  {second.error}
                </p>
              ) : null}
              <PostForm action="/account/second-factor/change" csrf={csrf}>
                <label for="change-code">{t('admin-2fa-current-code')}</label>
                <input type="text" id="change-code" name="code" inputmode="numeric" autocomplete="one-time-code" required dir="ltr" maxlength={20} />
                <div class="row">
                  <button class="secondary" type="submit" name="action" value="renew">
                    {t('admin-2fa-renew')}
                  </button>
                  {status.required ? null : (
                    <button class="danger" type="submit" name="action" value="disable">
                      {t('admin-2fa-turn-off')}
                    </button>
                  )}
                </div>
              </PostForm>
            </>
          ) : second.enrolment ? (
            <>
              {second.error ? (
                <p class="error" role="alert">
                  {second.error}
                </p>
              ) : null}
              <EnrolBody t={t} qrSvg={second.enrolment.qrSvg} secret={second.enrolment.secret} />
              <PostForm action="/account/second-factor/confirm" csrf={csrf}>
                <label for="code">{t('admin-2fa-first-code')}</label>
                <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required dir="ltr" maxlength={20} />
                <button type="submit">{t('admin-2fa-confirm')}</button>
              </PostForm>
            </>
          ) : (
            <>
              <p>{status.required ? t('admin-2fa-off-required') : t('admin-2fa-off')}</p>
              <PostForm action="/account/second-factor" csrf={csrf}>
                <button type="submit">{t('admin-2fa-turn-on')}</button>
              </PostForm>
            </>
          )}
        </section>
        <section class="card">
          <h2>{t('admin-telegram')}</h2>
          <p>{me.telegramId ? t('admin-telegram-linked') : t('admin-telegram-not-linked')}</p>
          {code ? (
            <p class="code" role="status">
              {t('admin-link-code', { code })} <code dir="ltr">/link {code}</code>
            </p>
          ) : null}
          <PostForm action="/account/telegram-code" csrf={csrf}>
            <button class="secondary" type="submit">
              {t('admin-link-code-issue')}
            </button>
          </PostForm>
        </section>
      </>,
    );
  };

  app.get('/account', (c) => render(c));

  app.post('/account', async (c) => {
    const f = await readForm(c);
    const locale = str(f, 'locale');
    return write(
      c,
      'profile',
      f,
      () => updateStaff(core, who(c), c.get('staff').id, { displayName: str(f, 'displayName'), locale: locale as 'fa' | 'en' }),
      () => '/account?ok=1',
      (failed) => render(c, failed),
    );
  });

  app.post('/account/password', async (c) => {
    const f = await readForm(c);
    const me = c.get('staff');
    return write(
      c,
      'password',
      f,
      async () => {
        if (str(f, 'password') !== str(f, 'confirm')) throw new ValidationError({ confirm: 'mismatch' });
        await changeOwnPassword(core, me.id, str(f, 'currentPassword'), str(f, 'password'), clientIp(c));
        // a new password ends every other session of the account
        await endOtherSessions(core, me.id, c.get('session').id);
      },
      () => '/account?ok=1',
      (failed) => render(c, failed),
    );
  });

  const issuer = () => issuerOf(deps);

  app.post('/account/second-factor', async (c) => {
    const status = await secondFactorStatus(core, c.get('staff').id);
    if (status.enabled) return c.redirect('/account', 303);
    return render(c, null, null, { enrolment: await startEnrolment(core, c.get('staff').id, issuer()) });
  });

  app.post('/account/second-factor/confirm', async (c) => {
    const f = await readForm(c);
    const me = c.get('staff');
    try {
      const codes = await confirmEnrolment(core, who(c), me.id, str(f, 'code'));
      return render(c, null, null, { recoveryCodes: codes });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const status = await secondFactorStatus(core, me.id);
      if (status.enabled) return c.redirect('/account', 303);
      return render(c, null, null, { enrolment: await startEnrolment(core, me.id, issuer()), error: errorText(c.get('t'), err.fields.code ?? 'invalid') });
    }
  });

  /** new recovery codes, or off (when not required); both need a current code */
  app.post('/account/second-factor/change', async (c) => {
    const f = await readForm(c);
    const me = c.get('staff');
    try {
      if (str(f, 'action') === 'disable') {
        await disableOwnSecondFactor(core, who(c), me.id, str(f, 'code'));
        return c.redirect('/account?ok=1', 303);
      }
      return render(c, null, null, { recoveryCodes: await regenerateRecoveryCodes(core, who(c), me.id, str(f, 'code')) });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return render(c, null, null, { error: errorText(c.get('t'), err.fields.code ?? 'invalid') });
    }
  });

  app.post('/account/telegram-code', async (c) => {
    const code = await issueTelegramLinkCode(core, who(c), c.get('staff').id);
    return render(c, null, code);
  });

  return app;
}
