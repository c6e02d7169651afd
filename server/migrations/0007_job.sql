-- Background jobs (issue 3 §5): imports of thousands of rows and other long work run after the
-- request has answered; the caller polls GET /api/v1/jobs/{id} for progress and the outcome.
-- A job row is operational state (progress changes while it runs); what the job changed is
-- journaled by the job itself, and its start and end are journaled too.
create table job (
  id text primary key,
  kind text not null, -- e.g. catalog.item_import, org.officer_import
  status text not null default 'running',
  total integer not null default 0,
  done integer not null default 0,
  result jsonb, -- the work's answer when it succeeded, e.g. { "written": 1000 }
  problems jsonb, -- why it failed: [{ row, column, value, reason }] for an import, [{ reason }] otherwise
  created_by text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  finished_at timestamptz,
  constraint job_status_check check (status in ('running', 'succeeded', 'failed')),
  constraint job_progress_check check (total >= 0 and done >= 0),
  constraint job_finished_check check ((status = 'running') = (finished_at is null)),
  constraint job_created_by_fkey foreign key (created_by) references user_account (id)
);
create index job_created_by_idx on job (created_by, created_at desc);
create index job_running_idx on job (status) where status = 'running';
