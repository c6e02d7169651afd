/**
 * Background jobs with progress (issue 3 §5): `startJob` answers an id at once and runs the work
 * after the request; `GET /api/v1/jobs/:id` (`jobRoutes`) shows progress and the outcome to the
 * account that started it. See docs/import.md.
 */
export { jobRoutes } from './routes';
export { JobProblemView, JobView } from './schema';
export {
  drainJobs,
  failInterruptedJobs,
  getJob,
  jobProblems,
  maxConcurrentJobs,
  maxStoredProblems,
  type Progress,
  progressWriteInterval,
  type StartJobOptions,
  startJob,
  waitForJob,
} from './service';
export type { JobProblem, JobStatus, JobTable, JobTables } from './tables';
