import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Summary } from '../api/summary';
import { formatDay } from '../format';
import { reportLinks } from '../links';

const HEIGHT = 240;
const MARGIN = { top: 8, right: 8, bottom: 28, left: 40 };
const KEYS = ['created', 'resolved'] as const;

function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  // Without ResizeObserver (old browsers, jsdom) the chart keeps one width.
  const [width, setWidth] = useState(() => (typeof ResizeObserver === 'undefined' ? 640 : 0));
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/**
 * Created vs resolved per period, as grouped bars (SVG drawn with visx).
 * A created bar opens its period's tickets; resolved bars count status
 * changes and open nothing. The table below says the same in words and is
 * the way in for keyboards and screen readers.
 */
export function SeriesChart({ report }: { report: Summary }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { ref, width } = useWidth();
  const series = report.series;
  const language = i18n.resolvedLanguage;
  const tickFormat: Intl.DateTimeFormatOptions =
    report.interval === 'month' ? { month: 'short', year: '2-digit' } : { day: 'numeric', month: 'short' };
  const label = (day: string) => formatDay(day, language, tickFormat);
  const totals = series.reduce((sum, entry) => ({ created: sum.created + entry.created, resolved: sum.resolved + entry.resolved }), { created: 0, resolved: 0 });

  const innerWidth = Math.max(0, width - MARGIN.left - MARGIN.right);
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = scaleBand({ domain: series.map((entry) => entry.start), range: [0, innerWidth], padding: 0.2 });
  const inner = scaleBand({ domain: [...KEYS], range: [0, x.bandwidth()], padding: 0.08 });
  const max = Math.max(1, ...series.flatMap((entry) => [entry.created, entry.resolved]));
  const y = scaleLinear({ domain: [0, max], range: [innerHeight, 0], nice: true });
  // At most about one label per 56 px.
  const every = Math.max(1, Math.ceil(series.length / Math.max(1, Math.floor(innerWidth / 56))));
  const ticks = series.filter((_, index) => index % every === 0).map((entry) => entry.start);

  return (
    <section className="report-panel report-panel--wide" aria-labelledby="series-title">
      <div className="report-panel__header">
        <h2 id="series-title" className="report-panel__title">
          {t('reports.series')}
        </h2>
        <ul className="legend" aria-hidden="true">
          <li>
            <span className="legend__swatch series__bar--created" />
            {t('reports.created')}
          </li>
          <li>
            <span className="legend__swatch series__bar--resolved" />
            {t('reports.resolved')}
          </li>
        </ul>
      </div>
      <p className="report-panel__note">{t('reports.seriesNote')}</p>
      {series.length === 0 ? (
        <p className="report-panel__empty">{t('reports.seriesEmpty')}</p>
      ) : (
        <div ref={ref} className="series" data-testid="series-chart">
          {width > 0 ? (
            <svg
              width={width}
              height={HEIGHT}
              role="img"
              aria-label={t('reports.seriesLabel', { created: totals.created, resolved: totals.resolved, count: series.length })}
            >
              <Group left={MARGIN.left} top={MARGIN.top}>
                {y.ticks(4).map((tick) => (
                  <line key={tick} className="series__grid" x1={0} x2={innerWidth} y1={y(tick)} y2={y(tick)} />
                ))}
                {series.map((entry, index) => (
                  <Group key={entry.start} left={x(entry.start) ?? 0}>
                    <Bar
                      className="series__bar series__bar--created series__bar--link"
                      data-testid={`series-created-${index}`}
                      data-count={entry.created}
                      x={inner('created') ?? 0}
                      y={y(entry.created)}
                      width={inner.bandwidth()}
                      height={innerHeight - y(entry.created)}
                      onClick={() => void navigate(reportLinks.period(entry))}
                    >
                      <title>{`${label(entry.start)}: ${t('reports.created')} ${entry.created}`}</title>
                    </Bar>
                    <Bar
                      className="series__bar series__bar--resolved"
                      x={inner('resolved') ?? 0}
                      y={y(entry.resolved)}
                      width={inner.bandwidth()}
                      height={innerHeight - y(entry.resolved)}
                    >
                      <title>{`${label(entry.start)}: ${t('reports.resolved')} ${entry.resolved}`}</title>
                    </Bar>
                  </Group>
                ))}
                <AxisLeft scale={y} numTicks={4} hideAxisLine hideTicks tickFormat={(value) => Number(value).toLocaleString(language)} axisClassName="series__axis" />
                <AxisBottom
                  top={innerHeight}
                  scale={x}
                  tickValues={ticks}
                  tickFormat={(value) => label(String(value))}
                  hideTicks
                  axisClassName="series__axis"
                />
              </Group>
            </svg>
          ) : null}
        </div>
      )}
      {series.length > 0 ? (
        <details className="series__table">
          <summary>{t('reports.asTable')}</summary>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('reports.periodStart')}</th>
                <th scope="col">{t('reports.created')}</th>
                <th scope="col">{t('reports.resolved')}</th>
              </tr>
            </thead>
            <tbody>
              {series.map((entry) => (
                <tr key={entry.start}>
                  <th scope="row">{formatDay(entry.start, language, { dateStyle: 'medium' })}</th>
                  <td>
                    <Link to={reportLinks.period(entry)}>{entry.created.toLocaleString(language)}</Link>
                  </td>
                  <td>{entry.resolved.toLocaleString(language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}
