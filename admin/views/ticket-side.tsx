/**
 * Two cards of the ticket page's side column (admin/views/ticket/page.tsx): the requester's rating (score and
 * comment, per confirmation) and the followers (shown to everyone who sees the ticket; added and removed by
 * those who take part in it, and anyone may follow or unfollow himself — core/services/tickets/followers.ts).
 */
import type { Rating } from '../../core/entities/ticket.ts';
import type { Translate } from '../../core/i18n/index.ts';
import type { FollowersPage } from '../../core/services/tickets/index.ts';

const STARS = (n: number) => '★'.repeat(n) + '☆'.repeat(Math.max(0, 5 - n));

export function RatingCard({ t, ratings, at, locale }: { t: Translate; ratings: Rating[]; at: (d: Date) => string; locale: 'fa' | 'en' }) {
  if (!ratings.length) return null;
  const digits = (n: number) => (locale === 'fa' ? String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!) : String(n));
  return (
    <div class="card rating" id="rating">
      <h3>{t('admin-rating')}</h3>
      {ratings.map((r) => (
        <div class="rating-entry" data-score={String(r.score)}>
          <p>
            <span class="stars" aria-label={t('admin-rating-score', { score: digits(r.score) })}>
              {STARS(r.score)}
            </span>{' '}
            <span>{t('admin-rating-score', { score: digits(r.score) })}</span>
          </p>
          {r.comment ? (
            <blockquote class="msg" dir="auto">
              {r.comment}
            </blockquote>
          ) : (
            <p class="muted">{t('admin-rating-no-comment')}</p>
          )}
          <p class="muted">{at(r.createdAt)}</p>
        </div>
      ))}
    </div>
  );
}

export function FollowersCard({ t, f, meId, base, csrf }: { t: Translate; f: FollowersPage; meId: number; base: string; csrf: string }) {
  const hx = (path: string) => ({ 'hx-post': `${base}/${path}`, 'hx-target': '#ticket', 'hx-swap': 'outerHTML' });
  const following = f.followers.some((x) => x.staffId === meId);
  return (
    <div class="card followers" id="followers">
      <h3>{t('admin-followers')}</h3>
      {f.followers.length ? (
        <ul>
          {f.followers.map((x) => (
            <li data-staff={String(x.staffId)}>
              <bdi dir="auto">{x.displayName}</bdi> <span class="muted">{x.telegram ? t('admin-follower-telegram') : t('admin-follower-panel')}</span>
              {f.mayEdit || x.staffId === meId ? (
                <form method="post" action={`${base}/followers/remove`} {...hx('followers/remove')} class="inline">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="staffId" value={String(x.staffId)} />
                  <button class="secondary small" type="submit" aria-label={t('admin-follower-remove-name', { name: x.displayName })}>
                    {t('admin-follower-remove')}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('admin-followers-none')}</p>
      )}
      {f.mayEdit && f.candidates.length ? (
        <form method="post" action={`${base}/followers/add`} {...hx('followers/add')} class="block">
          <input type="hidden" name="_csrf" value={csrf} />
          <label for="follower-add">{t('admin-follower-add')}</label>
          <select id="follower-add" name="staffId">
            {f.candidates.map((s) => (
              <option value={String(s.staffId)}>{s.displayName}</option>
            ))}
          </select>
          <button class="secondary" type="submit">
            {t('admin-follower-add')}
          </button>
        </form>
      ) : null}
      {!f.mayEdit && !following ? (
        <form method="post" action={`${base}/followers/add`} {...hx('followers/add')}>
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="staffId" value={String(meId)} />
          <button class="secondary" type="submit">
            {t('admin-follow-me')}
          </button>
        </form>
      ) : null}
      <p class="hint">{t('admin-followers-hint')}</p>
    </div>
  );
}

/** the rating's score on the timeline's state line (confirm_resolved) */
export const ratingSuffix = (after: Record<string, unknown> | null): string => (typeof after?.score === 'number' ? ` · ${STARS(after.score)}` : '');
