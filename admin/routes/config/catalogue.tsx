/**
 * /config/catalogue (admins) — the routing catalogue: value chains → departments → subjects, each with its
 * order, active flag, names in both languages and an ASCII code; departments and subjects name the team that
 * answers; subjects also the default priority and SLA policy, and their FAQ entries (shown by the bot before a
 * ticket is opened).
 *
 * - /config/catalogue: the overview — the search box over the whole catalogue (names fa/en, codes, FAQ
 *   questions and answers; each hit links to its row on its value chain's page) and the value chains with
 *   their counts, up/down and "add a value chain".
 * - /config/catalogue/vc/:id: one value chain — its departments, their subjects and FAQ entries as compact
 *   rows that open to edit in place (catalogue-views.tsx), with up/down and activate/deactivate.
 *
 * Every write goes through core/services/catalogue.ts (validation, admin check, audit); the bot reads the
 * catalogue fresh and in its order, so a change is offered at once. Without JavaScript a write redirects back to
 * the row (`?open=<row>#<row>`); with htmx (HX-Request) the answer is the row's list, swapped in place, with
 * a failed form's errors in it (status 200: htmx swaps only 2xx answers).
 */
import { Hono, type Context } from 'hono';
import { catalogueOverview, searchCatalogue, valueChainPage, type CatalogueHit } from '../../../core/read/catalogue-admin.ts';
import { listSlaPolicies } from '../../../core/services/calendars.ts';
import { DomainError, ValidationError } from '../../../core/services/errors.ts';
import { listTeams } from '../../../core/services/teams.ts';
import { toPersianDigits } from '../../../core/text/index.ts';
import type { PanelDeps, PanelEnv } from '../../env.ts';
import { forbidden, notFoundText, paramId, write, type Failed } from '../../forms.ts';
import { FormState } from '../../views/form.tsx';
import { page, Saved } from '../../views/layout.tsx';
import { CatalogueSearchBox, DepartmentList, FaqList, Move, SubjectList, ValueChainCard, ValueChainForm, type CatCtx } from './catalogue-views.tsx';
import { catalogueWrites, type Place, type Save } from './catalogue-writes.ts';

export function catalogueRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;
  const adminsOnly = (c: Context<PanelEnv>) => c.get('staff').role === 'admin';

  const ctxOf = async (c: Context<PanelEnv>, failed: Failed | null, open: string | null, saved: string | null): Promise<CatCtx> => ({
    t: c.get('t'),
    locale: c.get('locale'),
    csrf: c.get('csrf'),
    teams: (await listTeams(core)).map((x) => [String(x.id), x.name] as const),
    policies: (await listSlaPolicies(core)).map((x) => [String(x.id), x.name] as const),
    failed,
    open,
    saved,
  });
  const digits = (c: Context<PanelEnv>, n: number) => (c.get('locale') === 'fa' ? toPersianDigits(n) : String(n));
  const openParam = (c: Context<PanelEnv>) => {
    const o = c.req.query('open') ?? '';
    return /^(vc|dept|subject|faq)(-new)?-\d{1,10}$/.test(o) ? o : null;
  };

  // ------------------------------------------------------------ the overview and the search

  const SearchResults = ({ c, q, hits, total }: { c: Context<PanelEnv>; q: string; hits: CatalogueHit[]; total: number }) => {
    const t = c.get('t');
    const name = (x: { nameFa: string; nameEn: string }) => (c.get('locale') === 'fa' ? x.nameFa : x.nameEn);
    return (
      <section class="card cat-results" id="cat-results" aria-live="polite">
        <h2>{t('cat-search-results', { q, count: total })}</h2>
        {hits.length ? (
          <ul class="cat-hits">
            {hits.map((h) => (
              <li>
                <span class="badge">{t(`cat-kind-${h.kind}`)}</span>{' '}
                <a href={`/config/catalogue/vc/${h.valueChainId}?open=${h.anchor}#${h.anchor}`} data-hit={h.anchor}>
                  <bdi dir="auto">{name(h)}</bdi>
                </a>{' '}
                {h.active ? null : <span class="badge">{t('admin-inactive')}</span>}
                {h.path.length ? (
                  <span class="muted cat-path">
                    {' '}
                    ·{' '}
                    {h.path.map((p, i) => (
                      <>
                        {i ? ' › ' : ''}
                        <bdi>{name(p)}</bdi>
                      </>
                    ))}
                  </span>
                ) : null}
                {h.field === 'answer' ? <span class="muted"> · {t('cat-found-in-answer')}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('cat-search-none')}</p>
        )}
        {total > hits.length ? <p class="muted">{t('cat-search-more', { shown: hits.length, count: total })}</p> : null}
      </section>
    );
  };

  const VcTable = ({ c, x, rows }: { c: Context<PanelEnv>; x: CatCtx; rows: Awaited<ReturnType<typeof catalogueOverview>> }) => {
    const t = c.get('t');
    return (
      <section class="card" id="vc-list">
        <h2>{t('cat-value-chains')}</h2>
        <table class="cat-table">
          <thead>
            <tr>
              <th scope="col">{t('admin-filter-value-chain')}</th>
              <th scope="col">{t('admin-code')}</th>
              <th scope="col">{t('cat-departments')}</th>
              <th scope="col">{t('admin-subjects')}</th>
              <th scope="col">{t('admin-faq')}</th>
              <th scope="col">{t('cat-order')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const vc = r.valueChain;
              const name = c.get('locale') === 'fa' ? vc.nameFa : vc.nameEn;
              return (
                <tr id={`vc-row-${vc.id}`}>
                  <td>
                    <a href={`/config/catalogue/vc/${vc.id}`}>
                      <bdi>{name}</bdi>
                    </a>{' '}
                    {vc.active ? null : <span class="badge">{t('admin-inactive')}</span>}
                    {x.saved === `vc-row-${vc.id}` ? (
                      <span class="cat-saved" role="status">
                        {t('admin-done')}
                      </span>
                    ) : null}
                  </td>
                  <td dir="ltr" class="muted">
                    {vc.code}
                  </td>
                  <td class="num">{digits(c, r.departments)}</td>
                  <td class="num">{digits(c, r.subjects)}</td>
                  <td class="num">{digits(c, r.faq)}</td>
                  <td>
                    <Move x={x} kind="value_chain" id={vc.id} name={name} first={i === 0} last={i === rows.length - 1} target="vc-list" />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    );
  };

  const overview = async (c: Context<PanelEnv>, failed: Failed | null = null, saved: string | null = null) => {
    const t = c.get('t');
    const q = (c.req.query('q') ?? '').slice(0, 200);
    const found = q.trim() ? await searchCatalogue(core, q) : null;
    const results = found ? <SearchResults c={c} q={q} hits={found.hits} total={found.total} /> : null;
    c.header('vary', 'HX-Request, HX-Target'); // the same address answers a page or a part of it
    const noResults = <section id="cat-results"></section>;
    if (c.req.header('hx-request') && c.req.header('hx-target') === 'cat-results') return c.html(results ?? noResults);
    const x = await ctxOf(c, failed, null, saved);
    const rows = await catalogueOverview(core);
    if (c.req.header('hx-request') && c.req.header('hx-target') === 'vc-list') return c.html(<VcTable c={c} x={x} rows={rows} />);
    const fNew = new FormState('vc-new', t, failed);
    return page(
      c,
      t('admin-catalogue'),
      <>
        <h1>{t('admin-catalogue')}</h1>
        <p class="muted">{t('cat-overview-help')}</p>
        <Saved c={c} />
        <CatalogueSearchBox t={t} q={q} live />
        {results ?? noResults}
        <VcTable c={c} x={x} rows={rows} />
        <section class="card">
          <details class="cat-add" open={fNew.mine}>
            <summary>{t('admin-value-chain-add')}</summary>
            <ValueChainForm x={x} row={{}} f={fNew} action="/config/value-chains" />
          </details>
        </section>
      </>,
    );
  };

  // ------------------------------------------------------------ one value chain

  const vcPage = async (c: Context<PanelEnv>, vcId: number, failed: Failed | null = null) => {
    const data = await valueChainPage(core, vcId);
    if (!data) return notFoundText(c);
    const t = c.get('t');
    const x = await ctxOf(c, failed, openParam(c), null);
    const vcName = c.get('locale') === 'fa' ? data.valueChain.nameFa : data.valueChain.nameEn;
    return page(
      c,
      `${vcName} · ${t('admin-catalogue')}`,
      <>
        <nav class="crumbs" aria-label={t('cat-crumbs')}>
          <a href="/config/catalogue">{t('admin-catalogue')}</a> › <bdi>{vcName}</bdi>
        </nav>
        <h1>
          <bdi>{vcName}</bdi>
        </h1>
        <Saved c={c} />
        <CatalogueSearchBox t={t} q="" />
        <ValueChainCard x={x} vc={data.valueChain} />
        <DepartmentList x={x} page={data} />
      </>,
    );
  };

  /** the htmx answer: the list (or card) that holds the row, rendered again */
  const fragment = async (c: Context<PanelEnv>, place: Place, failed: Failed | null, saved: string | null): Promise<Response> => {
    if (place.target === 'vc-list') return overview(c, failed, saved);
    const data = await valueChainPage(core, place.vcId);
    if (!data) return notFoundText(c);
    const x = await ctxOf(c, failed, null, saved);
    if (place.target === `vc-${place.vcId}`) return c.html(<ValueChainCard x={x} vc={data.valueChain} />);
    if (place.target === `departments-${place.vcId}`) return c.html(<DepartmentList x={x} page={data} />);
    for (const d of data.departments) {
      if (place.target === `subjects-${d.id}`) return c.html(<SubjectList x={x} d={d} />);
      for (const s of d.subjects) if (place.target === `faqs-${s.id}`) return c.html(<FaqList x={x} s={s} />);
    }
    return notFoundText(c);
  };

  /**
   * Runs a catalogue write. Without htmx as every panel form: a redirect back to the row, or the page again
   * with the form's errors (400). With htmx: the row's list with the row marked saved, or with the form's errors.
   * `placeOf(null)` is where the form was (for errors), `placeOf(result)` where the row now is.
   */
  const save: Save = async (c, key, f, run, placeOf) => {
    if (!c.req.header('hx-request')) {
      let place: Place | null = null;
      const again = async (failed: Failed) => {
        const at = await placeOf(null);
        return at && at.target !== 'vc-list' ? vcPage(c, at.vcId, failed) : overview(c, failed);
      };
      const done = () => {
        if (!place) return '/config/catalogue?ok=1';
        if (place.target === 'vc-list') return `/config/catalogue?ok=1#${place.anchor}`;
        return `/config/catalogue/vc/${place.vcId}?ok=1${place.closed ? '' : `&open=${place.anchor}`}#${place.anchor}`;
      };
      return write(
        c,
        key,
        f,
        async () => {
          const r = await run();
          place = await placeOf(r);
          return r;
        },
        done,
        again,
      );
    }
    let result: unknown;
    try {
      result = await run();
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.code === 'forbidden') return forbidden(c);
      if (err.code === 'not_found') return notFoundText(c);
      const place = await placeOf(null);
      if (!place) return notFoundText(c);
      const errors = err instanceof ValidationError ? err.fields : { _: err.code };
      return fragment(c, place, { form: key, errors, values: f }, null);
    }
    const place = await placeOf(result);
    return place ? fragment(c, place, null, place.anchor) : notFoundText(c);
  };

  // admins only, checked here before any form is read (the core services check again)
  for (const p of ['/config/catalogue', '/config/value-chains', '/config/departments', '/config/subjects', '/config/faq']) {
    for (const q of [p, `${p}/*`]) app.use(q, async (c, next) => (adminsOnly(c) ? next() : forbidden(c)));
  }
  app.get('/config/catalogue', (c) => overview(c));
  app.get('/config/catalogue/vc/:id', (c) => {
    const vcId = paramId(c);
    return vcId === null ? notFoundText(c) : vcPage(c, vcId);
  });
  app.get('/config/subjects', (c) => c.redirect('/config/catalogue', 301));
  catalogueWrites(app, core, save);
  return app;
}
