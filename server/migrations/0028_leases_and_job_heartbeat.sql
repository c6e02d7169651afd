-- One scheduler for several server processes on one database (issue 10 §2, ADR 0012).
-- A lease names a piece of periodic work (journal.checkpoint, jobs.sweep, …) and the process
-- that may run it until expires_at; the holder renews it every interval, another process takes
-- it once it has expired (its holder died or stalled). Leases are bookkeeping, not records: a row
-- is updated in place on every renewal and carries nothing the journal needs (R-C05 concerns the
-- records, which stay untouched); who ran what is in the journal entries the work itself writes.
create table lease (
  name text primary key,
  holder text not null, -- instanceId of the process (host:pid:tag, platform/instance.ts)
  acquired_at timestamptz not null, -- when the current holder took it (kept across its renewals)
  expires_at timestamptz not null
);

-- A job belongs to the process that runs its work (owner, an instanceId) and proves it is alive
-- by heartbeat_at, written every JOB_HEARTBEAT_SECONDS; a running job silent for three beats is
-- marked failed (INTERRUPTED) by whichever process holds the jobs.sweep lease. Jobs from before
-- this migration have neither: their updated_at stands in for the heartbeat.
alter table job add column owner text;
alter table job add column heartbeat_at timestamptz;
