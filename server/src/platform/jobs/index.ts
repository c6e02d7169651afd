/**
 * Background jobs with progress (issue 3 §5): `startJob` answers an id at once and runs the work
 * after the request; `GET /api/v1/jobs/:id` (`jobRoutes`) shows progress and the outcome to the
 * account that started it. See docs/import.md.
 *
 * One scheduler for several server processes (issue 10 §2, ADR 0012): leases (`tryLease`) and
 * periodic work run by one process at a time (`startPeriodic`); jobs carry their owner and a
 * heartbeat, and `startJobSweeper` fails those whose process died.
 */
export { actAsInstance, instanceOf } from './instance';
export { leaseOf, releaseLease, tryLease } from './lease';
export { leaseSeconds, minLeaseSeconds, type Periodic, type PeriodicOptions, startPeriodic } from './periodic';
export { jobRoutes } from './routes';
export { JobProblemView, JobView } from './schema';
export {
  drainJobs,
  failInterruptedJobs,
  getJob,
  interruptedReason,
  jobProblems,
  maxConcurrentJobs,
  maxStoredProblems,
  missedHeartbeats,
  type Progress,
  progressWriteInterval,
  type StartJobOptions,
  type SweepOptions,
  startJob,
  startJobSweeper,
  sweepJobs,
  waitForJob,
} from './service';
export type { JobProblem, JobStatus, JobTable, JobTables, LeaseTable } from './tables';
