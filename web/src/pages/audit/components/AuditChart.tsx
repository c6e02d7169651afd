import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { AuditStats } from '../../../api/types';
import { dayjs } from '../../../lib/time';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const MIN_DAYS = 14;
const MAX_DAYS = 400;

/**
 * Every day of the range with its count (0 where the API has none): the filter's range when set,
 * otherwise at least the last two weeks up to the latest event.
 */
export function fillDays(days: AuditStats['days'], from?: string, to?: string): AuditStats['days'] {
  const counts = new Map(days.map((d) => [d.date, d.count]));
  const sorted = [...counts.keys()].sort();
  const last = to ?? sorted.at(-1);
  if (!last) return [];
  const end = dayjs(last);
  let start = dayjs(from ?? sorted[0] ?? last);
  if (!from && end.diff(start, 'day') < MIN_DAYS - 1) start = end.subtract(MIN_DAYS - 1, 'day');
  if (end.diff(start, 'day') > MAX_DAYS) start = end.subtract(MAX_DAYS, 'day');
  const out: AuditStats['days'] = [];
  for (let d = start; !d.isAfter(end); d = d.add(1, 'day')) {
    const date = d.format('YYYY-MM-DD');
    out.push({ date, count: counts.get(date) ?? 0 });
  }
  return out;
}

/** Events per day for the filtered range. */
export function AuditChart({ days }: { days: AuditStats['days'] }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({
      animation: false,
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${String(v)} 条` },
      xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)), axisTick: { alignWithLabel: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: '事件数', type: 'bar', data: days.map((d) => d.count), itemStyle: { color: '#b71c1c' }, barMaxWidth: 32 }],
    });
  }, [days]);

  return <div ref={ref} style={{ height: 180, width: '100%' }} data-testid="audit-chart" />;
}
