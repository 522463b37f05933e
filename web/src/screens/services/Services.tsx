import { lazy, Suspense, useState, type ComponentProps, type FormEvent } from 'react';
import { api, must, type Role } from '../../api/client';
import { navigate, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { formatDate, formatEuro, todayInRome } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/it';
import { Empty, Loading, ProblemMessage, SelectField, TextField, useLoad } from '../../ui/ui';
import '../../styles/services.css';
import { DateField } from '../../ui/DateField';

/** The chart library comes with the first chart shown, not with the app: most people never open this screen. */
const LazyChart = lazy(() => import('./Chart').then((chart) => ({ default: chart.GroupedBarChart })));
function GroupedBarChart(props: ComponentProps<typeof LazyChart>) {
  return (
    <Suspense fallback={<Loading />}>
      <LazyChart {...props} />
    </Suspense>
  );
}

/** Who reads what here, as the API's role matrix decides it (the server refuses anyway). */
export const mayServices = {
  read: (role: Role) => ['admin', 'auditor', 'secretary', 'board', 'coordinator'].includes(role),
  readWork: (role: Role) => ['admin', 'auditor', 'secretary', 'board'].includes(role),
};

/** The services endpoints declare no response schema: these are their answers, as the controller builds them. */
interface Unit {
  unitId: string;
  name: string;
  kind: string;
  capacity: number;
  childrenPerStaff: number;
  openedOn: string;
}
interface Agreement {
  agreementId: string;
  unitId: string;
  service: string;
  hoursBudget: number;
  startsOn: string;
  endsOn: string;
  overBudget: 'refuse' | 'flag';
  client: { kind: string; name: string | null; personalDataErased?: boolean };
  professionalHoursUsed: number;
  professionalHoursLeft: number;
  volunteerHours: number;
  overBudgetDeliveries: Array<{ deliveryId: string; date: string; unitId: string; minutes: number; overBudgetMinutes: number }>;
}
interface UnitDay {
  deliveries: Array<{
    deliveryId: string;
    agreementId: string;
    start: string;
    end: string;
    children: number;
    beneficiaries: number;
    professional: boolean;
  }>;
  moments: Array<{ time: string; children: number; staff: number; volunteers: number; childrenPerStaff: number | null }>;
}
interface HoursReport {
  lines: Array<{ unitId: string; unit: string | null; month: string; professionalHours: number; volunteerHours: number }>;
}
interface ChildrenReport {
  served: number;
  byAgeBand: Record<string, number>;
}
interface Contract {
  contractId: string;
  worker: { kind: string; name: string | null };
  form: string;
  level?: string;
  weeklyHours?: number;
  grossMonthlyPayCents?: number;
  unit?: string | null;
}
interface PayRatio {
  employees: number;
  ratio: number | null;
  limit: number;
  withinLimit: boolean;
}

const AGE_BANDS = ['0-2', '3-5', '6-10', '11-13', '14-17', 'adult'];
const hours = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 });

export function Services() {
  const { t, has } = useI18n();
  const { person, after } = useSession();
  const params = useLocation().searchParams;
  const today = todayInRome();
  const year = Number(params.get('anno') ?? today.slice(0, 4)) || Number(today.slice(0, 4));
  const dayUnit = params.get('unita') ?? '';
  const day = params.get('giorno') ?? today;
  const query = after ? { after } : {};

  const units = useLoad(
    async () => ((await must(api.GET('/services/units', { params: { query } }))) as unknown as { units: Unit[] }).units,
    [after],
  );
  const agreements = useLoad(
    async () =>
      ((await must(api.GET('/services/agreements', { params: { query } }))) as unknown as { agreements: Agreement[] }).agreements,
    [after],
  );
  const unitName = (id: string) => units.data?.find((u) => u.unitId === id)?.name ?? id;
  const chosenUnit = dayUnit || units.data?.[0]?.unitId || '';

  return (
    <main id="main">
      <h1>{t('services.title')}</h1>

      <section className="services-section" aria-labelledby="units-title">
        <h2 id="units-title">{t('services.units')}</h2>
        {units.loading && <Loading />}
        <ProblemMessage problem={units.problem} />
        {units.data && units.data.length === 0 && <Empty>{t('services.noUnits')}</Empty>}
        {units.data && units.data.length > 0 && (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="units-caption">
            <table>
              <caption id="units-caption">{t('services.units')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('services.unit')}</th>
                  <th scope="col">{t('services.kind')}</th>
                  <th scope="col">{t('services.capacity')}</th>
                  <th scope="col">{t('services.ratio')}</th>
                  <th scope="col">{t('services.openedOn')}</th>
                </tr>
              </thead>
              <tbody>
                {units.data.map((u) => (
                  <tr key={u.unitId}>
                    <th scope="row">{u.name}</th>
                    <td>{has(`services.kind.${u.kind}`) ? t(`services.kind.${u.kind}` as MessageKey) : u.kind}</td>
                    <td>{u.capacity}</td>
                    <td>1:{u.childrenPerStaff}</td>
                    <td>{formatDate(u.openedOn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="services-section" aria-labelledby="agreements-title">
        <h2 id="agreements-title">{t('services.agreements')}</h2>
        {agreements.loading && <Loading />}
        <ProblemMessage problem={agreements.problem} />
        {agreements.data && agreements.data.length === 0 && <Empty>{t('services.noAgreements')}</Empty>}
        {agreements.data && agreements.data.length > 0 && (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="agreements-caption">
            <table>
              <caption id="agreements-caption">{t('services.agreements')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('services.client')}</th>
                  <th scope="col">{t('services.service')}</th>
                  <th scope="col">{t('services.unit')}</th>
                  <th scope="col">{t('services.period')}</th>
                  <th scope="col">{t('services.used')}</th>
                  <th scope="col">{t('services.left')}</th>
                  <th scope="col">{t('services.volunteerHours')}</th>
                  <th scope="col">{t('services.overBudget')}</th>
                </tr>
              </thead>
              <tbody>
                {agreements.data.map((a) => (
                  <tr key={a.agreementId}>
                    <th scope="row">{a.client.name ?? <em>{t('services.clientErased')}</em>}</th>
                    <td>{a.service}</td>
                    <td>{unitName(a.unitId)}</td>
                    <td>
                      {formatDate(a.startsOn)} – {formatDate(a.endsOn)}
                    </td>
                    <td>
                      <label className="hint" htmlFor={`budget-${a.agreementId}`}>
                        {t('services.usedOf', {
                          used: hours.format(a.professionalHoursUsed),
                          budget: hours.format(a.hoursBudget),
                        })}
                      </label>
                      <meter
                        id={`budget-${a.agreementId}`}
                        min={0}
                        max={Math.max(a.hoursBudget, a.professionalHoursUsed)}
                        high={a.hoursBudget * 0.9}
                        optimum={0}
                        value={a.professionalHoursUsed}
                      />
                    </td>
                    <td className={a.professionalHoursLeft < 0 ? 'over' : undefined}>{hours.format(a.professionalHoursLeft)}</td>
                    <td>{hours.format(a.volunteerHours)}</td>
                    <td>
                      {a.overBudgetDeliveries.length === 0 ? (
                        '—'
                      ) : (
                        <ul className="book-links">
                          {a.overBudgetDeliveries.map((d) => (
                            <li key={d.deliveryId} className="over">
                              {t('services.overBudgetLine', { date: formatDate(d.date), minutes: d.overBudgetMinutes })}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {units.data && units.data.length > 0 && (
        <UnitDayView units={units.data} unitId={chosenUnit} date={day} year={year} query={query} after={after} />
      )}

      <Charts year={year} unitName={unitName} query={query} after={after} unitId={dayUnit} day={day} />

      {person && mayServices.readWork(person.role) ? (
        <Work query={query} after={after} />
      ) : (
        <section className="services-section" aria-labelledby="work-title">
          <h2 id="work-title">{t('services.work')}</h2>
          <p className="hint">{t('services.notForRole')}</p>
        </section>
      )}

      <section className="services-section" aria-labelledby="volunteers-title">
        <h2 id="volunteers-title">{t('services.volunteerRegister')}</h2>
        <a href={`/work/volunteer-register/export?format=csv&asOf=${today}`} download>
          {t('services.volunteerRegisterLink')}
        </a>
      </section>
    </main>
  );
}

function searchFor(next: { unita?: string; giorno?: string; anno?: number }, current: URLSearchParams) {
  const q = new URLSearchParams(current);
  for (const [key, value] of Object.entries(next)) q.set(key, String(value));
  return `/servizi?${q}`;
}

function UnitDayView({
  units,
  unitId,
  date,
  query,
  after,
}: {
  units: Unit[];
  unitId: string;
  date: string;
  year: number;
  query: { after?: string };
  after: string | undefined;
}) {
  const { t } = useI18n();
  const params = useLocation().searchParams;
  const [draft, setDraft] = useState({ unitId, date });
  const { data, problem, loading } = useLoad(
    async () =>
      (await must(
        api.GET('/services/reports/unit-day', { params: { query: { unitId, date, ...query } } }),
      )) as unknown as UnitDay,
    [unitId, date, after],
  );
  const ratio = units.find((u) => u.unitId === unitId)?.childrenPerStaff ?? null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(searchFor({ unita: draft.unitId, giorno: draft.date }, params));
  };
  return (
    <section className="services-section" aria-labelledby="day-title">
      <h2 id="day-title">
        {t('services.day')}: {units.find((u) => u.unitId === unitId)?.name} — {formatDate(date)}
      </h2>
      <form className="filters" onSubmit={submit} aria-label={t('services.day')}>
        <SelectField
          id="day-unit"
          label={t('services.dayUnit')}
          value={draft.unitId}
          onChange={(e) => setDraft({ ...draft, unitId: e.target.value })}
          options={units.map((u): [string, string] => [u.unitId, u.name])}
        />
        <DateField
          id="day-date"
          label={t('services.dayDate')}
          required
          value={draft.date}
          onChange={(value) => setDraft({ ...draft, date: value })}
        />
        <div className="actions">
          <button type="submit">{t('services.dayShow')}</button>
        </div>
      </form>
      {loading && <Loading />}
      <ProblemMessage problem={problem} />
      {data && data.deliveries.length === 0 && <Empty>{t('services.noDeliveries')}</Empty>}
      {data && data.deliveries.length > 0 && (
        <div className="day-grid">
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="deliveries-caption">
            <table>
              <caption id="deliveries-caption">{t('services.deliveries')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('services.from')}</th>
                  <th scope="col">{t('services.to')}</th>
                  <th scope="col">{t('services.children')}</th>
                  <th scope="col">{t('services.operator')}</th>
                </tr>
              </thead>
              <tbody>
                {data.deliveries.map((d) => (
                  <tr key={d.deliveryId}>
                    <td>{d.start}</td>
                    <td>{d.end}</td>
                    <td>{d.children}</td>
                    <td>{d.professional ? t('services.professional') : t('services.volunteer')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="ratio-caption">
            <table>
              <caption id="ratio-caption">{t('services.staffRatio')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('services.time')}</th>
                  <th scope="col">{t('services.children')}</th>
                  <th scope="col">{t('services.staff')}</th>
                  <th scope="col">{t('services.volunteers')}</th>
                  <th scope="col">{t('services.perStaff')}</th>
                </tr>
              </thead>
              <tbody>
                {data.moments.map((m) => {
                  const over = ratio !== null && m.children > 0 && (m.staff === 0 || m.children > m.staff * ratio);
                  return (
                    <tr key={m.time}>
                      <td>{m.time}</td>
                      <td>{m.children}</td>
                      <td>{m.staff}</td>
                      <td>{m.volunteers}</td>
                      <td className={over ? 'over' : undefined}>
                        {m.childrenPerStaff === null ? '—' : hours.format(m.childrenPerStaff)}
                        {over && ` (${t('services.overRatio')})`}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

function Charts({
  year,
  unitName,
  query,
  after,
}: {
  year: number;
  unitName: (id: string) => string;
  query: { after?: string };
  after: string | undefined;
  unitId: string;
  day: string;
}) {
  const { t } = useI18n();
  const params = useLocation().searchParams;
  const [draftYear, setDraftYear] = useState(String(year));
  const hoursReport = useLoad(
    async () =>
      (await must(
        api.GET('/services/reports/hours', { params: { query: { from: `${year}-01`, to: `${year}-12`, ...query } } }),
      )) as unknown as HoursReport,
    [year, after],
  );
  const children = useLoad(
    async () =>
      (await must(api.GET('/services/reports/children', { params: { query: { year, ...query } } }))) as unknown as ChildrenReport,
    [year, after],
  );
  const months = [...new Set((hoursReport.data?.lines ?? []).map((l) => l.month))].sort();
  const unitIds = [...new Set((hoursReport.data?.lines ?? []).map((l) => l.unitId))];
  const hoursOf = (unitId: string, month: string) =>
    (hoursReport.data?.lines ?? [])
      .filter((l) => l.unitId === unitId && l.month === month)
      .reduce((n, l) => n + l.professionalHours + l.volunteerHours, 0);
  const monthLabel = (month: string) => `${month.slice(5)}/${month.slice(0, 4)}`;
  const bands = AGE_BANDS.filter((b) => (children.data?.byAgeBand[b] ?? 0) > 0);
  const bandLabel = (band: string) => (band === 'adult' ? t('services.adult') : band);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(searchFor({ anno: Number(draftYear) }, params));
  };
  return (
    <section className="services-section" aria-labelledby="charts-title">
      <h2 id="charts-title">{t('services.charts')}</h2>
      <form className="filters" onSubmit={submit} aria-label={t('services.charts')}>
        <TextField
          id="chart-year"
          label={t('services.year')}
          type="number"
          min={1900}
          max={2999}
          required
          value={draftYear}
          onChange={(e) => setDraftYear(e.target.value)}
        />
        <div className="actions">
          <button type="submit">{t('services.yearShow')}</button>
        </div>
      </form>
      <div className="charts">
        <div>
          <h3 id="hours-chart-title">{t('services.hoursChart', { year })}</h3>
          {hoursReport.loading && <Loading />}
          <ProblemMessage problem={hoursReport.problem} />
          {hoursReport.data && months.length === 0 && <Empty>{t('services.noData')}</Empty>}
          {hoursReport.data && months.length > 0 && (
            <>
              <GroupedBarChart
                id="hours-chart"
                title={t('services.hoursChart', { year })}
                description={t('services.hoursChartDesc')}
                categories={months.map(monthLabel)}
                series={unitIds.map((u) => ({ name: unitName(u), values: months.map((m) => hoursOf(u, m)) }))}
                format={(n) => hours.format(n)}
              />
              <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="hours-caption">
                <table>
                  <caption id="hours-caption">{t('services.hoursChart', { year })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('services.unit')}</th>
                      <th scope="col">{t('services.month')}</th>
                      <th scope="col">{t('services.used')}</th>
                      <th scope="col">{t('services.volunteerHours')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(hoursReport.data?.lines ?? []).map((l, i) => (
                      <tr key={`${l.unitId}-${l.month}-${i}`}>
                        <td>{l.unit ?? unitName(l.unitId)}</td>
                        <td>{monthLabel(l.month)}</td>
                        <td>{hours.format(l.professionalHours)}</td>
                        <td>{hours.format(l.volunteerHours)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
        <div>
          <h3 id="children-chart-title">{t('services.childrenChart', { year })}</h3>
          {children.loading && <Loading />}
          <ProblemMessage problem={children.problem} />
          {children.data && bands.length === 0 && <Empty>{t('services.noData')}</Empty>}
          {children.data && bands.length > 0 && (
            <>
              <GroupedBarChart
                id="children-chart"
                title={t('services.childrenChart', { year })}
                description={t('services.childrenChartDesc')}
                categories={bands.map(bandLabel)}
                series={[{ name: t('services.count'), values: bands.map((b) => children.data!.byAgeBand[b] ?? 0) }]}
              />
              <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="children-caption">
                <table>
                  <caption id="children-caption">{t('services.childrenChart', { year })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('services.ageBand')}</th>
                      <th scope="col">{t('services.count')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {bands.map((b) => (
                      <tr key={b}>
                        <td>{bandLabel(b)}</td>
                        <td>{children.data!.byAgeBand[b]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      </div>
    </section>
  );
}

function Work({ query, after }: { query: { after?: string }; after: string | undefined }) {
  const { t, has } = useI18n();
  const contracts = useLoad(
    async () =>
      ((await must(api.GET('/work/contracts', { params: { query } }))) as unknown as { contracts: Contract[] }).contracts,
    [after],
  );
  const ratio = useLoad(
    async () => (await must(api.GET('/work/reports/pay-ratio', { params: { query } }))) as unknown as PayRatio,
    [after],
  );
  return (
    <section className="services-section" aria-labelledby="work-title">
      <h2 id="work-title">{t('services.work')}</h2>
      <div className="cards">
        <section className="card" aria-labelledby="pay-ratio-title">
          <h3 id="pay-ratio-title">{t('services.payRatio')}</h3>
          {ratio.loading && <Loading />}
          <ProblemMessage problem={ratio.problem} />
          {ratio.data &&
            (ratio.data.ratio === null ? (
              <p>{t('services.payRatioNone')}</p>
            ) : (
              <>
                <p>{t('services.payRatioValue', { ratio: hours.format(ratio.data.ratio), employees: ratio.data.employees })}</p>
                {!ratio.data.withinLimit && <p className="over">{t('services.payRatioOver')}</p>}
              </>
            ))}
          <p className="hint">{t('services.payRatioBasis')}</p>
        </section>
      </div>
      <h3 id="contracts-title">{t('services.contracts')}</h3>
      {contracts.loading && <Loading />}
      <ProblemMessage problem={contracts.problem} />
      {contracts.data && contracts.data.length === 0 && <Empty>{t('services.noContracts')}</Empty>}
      {contracts.data && contracts.data.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="contracts-caption">
          <table>
            <caption id="contracts-caption">{t('services.contracts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('services.worker')}</th>
                <th scope="col">{t('services.form')}</th>
                <th scope="col">{t('services.level')}</th>
                <th scope="col">{t('services.weeklyHours')}</th>
                <th scope="col">{t('services.pay')}</th>
                <th scope="col">{t('services.unit')}</th>
              </tr>
            </thead>
            <tbody>
              {contracts.data.map((c) => (
                <tr key={c.contractId}>
                  <th scope="row">{c.worker.name ?? <em>{t('register.erased')}</em>}</th>
                  <td>{has(`services.form.${c.form}`) ? t(`services.form.${c.form}` as MessageKey) : c.form}</td>
                  <td>{c.level ?? '—'}</td>
                  <td>{c.weeklyHours ?? '—'}</td>
                  <td>{c.grossMonthlyPayCents === undefined ? '—' : formatEuro(c.grossMonthlyPayCents)}</td>
                  <td>{c.unit ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
