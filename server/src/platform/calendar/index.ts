/**
 * The working-day calendar (DESIGN.md invariant 4): official holidays and 调休 makeup workdays
 * from `chinese-days`, overridden or extended by the append-only `calendar_override` table.
 * Deadlines elsewhere use `createCalendar(db)` and count with the bound functions.
 */

export { calendarCommands } from './cli';
export { officialCalendar } from './official';
export { type PublicationDeadline, publicationDeadline } from './publication-deadline';
export { calendarRoutes } from './routes';
export {
  addNaturalDays,
  addWorkingDays,
  buildCalendarData,
  type CalendarData,
  type CalendarOverride,
  type DayKind,
  type DayStatus,
  dayStatus,
  hasOfficialData,
  isWorkingDay,
  type LegalDate,
  naturalDayDeadline,
  type OfficialCalendar,
  validateDate,
  validateDayCount,
  validateYear,
  weekdayLabel,
  workingDaysBetween,
  yearDays,
  yearsWithoutOfficialData,
} from './rules';
export {
  addOverride,
  bindCalendar,
  type Calendar,
  computeAddWorkingDays,
  createCalendar,
  getCalendarYear,
  invalidateCalendar,
  listOverrides,
  type OverrideInput,
} from './service';
