import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { mayScrape } from './access';
import { jobCounts, journalFigures } from './figures';

/**
 * GET /metrics in the Prometheus text format (issue 10 §6, docs/operations.md «监控»), with
 * prom-client: the process's own figures (CPU, memory, event loop lag, GC — per process, so
 * Prometheus scrapes each process), this process's HTTP requests by method, route pattern and
 * status, and, read from the database at scrape time, the jobs by status and the journal's size and
 * latest checkpoint — the same figures whichever process is scraped.
 */
let processRegistry: Registry | undefined;

/** Default metrics once per process: two apps in one process (tests) must not register them twice. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const jobStatuses = ['running', 'succeeded', 'failed'];

function appMetrics() {
  const register = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'sanxiang_http_requests_total', help: 'HTTP requests answered', labelNames, registers: [register] });
  const duration = new Histogram({
    name: 'sanxiang_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, in seconds',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  });
  const jobs = new Gauge({
    name: 'sanxiang_jobs',
    help: 'Background jobs by status (all processes)',
    labelNames: ['status'],
    registers: [register],
  });
  const running = new Gauge({ name: 'sanxiang_jobs_running', help: 'Background jobs running now (all processes)', registers: [register] });
  const journal = {
    size: new Gauge({ name: 'sanxiang_journal_tree_size', help: 'Entries in the journal', registers: [register] }),
    checkpointSize: new Gauge({
      name: 'sanxiang_journal_checkpoint_tree_size',
      help: 'Entries covered by the latest signed checkpoint',
      registers: [register],
    }),
    checkpointAge: new Gauge({
      name: 'sanxiang_journal_checkpoint_age_seconds',
      help: 'Seconds since the latest checkpoint was signed',
      registers: [register],
    }),
  };
  return { register, requests, duration, jobs, running, journal };
}

/** Adds the request counting hook and GET /metrics; call before the routes are registered. */
export function registerMetrics(app: FastifyInstance, ctx: AppContext): void {
  const m = appMetrics();
  app.addHook('onResponse', async (request, reply) => {
    // the route pattern, never the raw URL: ids and query strings would make a series per request
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    m.requests.inc(labels);
    m.duration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const h = request.headers;
    const allowed = mayScrape(
      { peer: request.socket.remoteAddress, forwarded: Boolean(h.forwarded || h['x-forwarded-for']), authorization: h.authorization },
      ctx.config.metricsToken,
    );
    if (!allowed) throw new AppError('FORBIDDEN', '监控指标仅对本机开放；其他地址须携带 METRICS_TOKEN（Authorization: Bearer …）');
    // read at scrape time, from the database every process shares
    const counts = await jobCounts(ctx.db);
    m.jobs.reset();
    for (const status of new Set([...jobStatuses, ...counts.keys()])) m.jobs.set({ status }, counts.get(status) ?? 0);
    m.running.set(counts.get('running') ?? 0);
    const figures = await journalFigures(ctx.db, ctx.clock.now());
    m.journal.size.set(figures.treeSize);
    // no checkpoint yet: both 0 (the tree size then says how much is unsigned)
    m.journal.checkpointSize.set(figures.checkpointTreeSize ?? 0);
    m.journal.checkpointAge.set(figures.checkpointAgeSeconds ?? 0);
    const merged = Registry.merge([processMetrics(), m.register]);
    return reply.type(merged.contentType).send(await merged.metrics());
  });
}
