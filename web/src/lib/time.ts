import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

/** Legal dates and displayed times are Beijing time (DESIGN.md invariant 4), whatever the browser's zone. */
export const BEIJING = 'Asia/Shanghai';

export function formatBeijing(iso: string | null | undefined, pattern = 'YYYY-MM-DD HH:mm:ss'): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.tz(BEIJING).format(pattern) : iso;
}

/** A calendar day picked in the UI, as the YYYY-MM-DD Beijing date the API takes. */
export function toLegalDate(day: Dayjs): string {
  return day.format('YYYY-MM-DD');
}

export function isFuture(iso: string | null | undefined): boolean {
  return !!iso && dayjs(iso).isAfter(dayjs());
}

export { dayjs };
