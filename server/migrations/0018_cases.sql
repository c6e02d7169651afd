-- Enforcement cases (issue 8; R-C01, R-C06, R-C08, R-S06, R-S11). Procedures are data
-- (procedure_definition, append-only versions); a case is one row with its state; every action
-- taken is one case_event row (append-only) carrying the journal entry it was recorded under.
-- Time limits and officer assignments are the case's working state; their history is the events.

create function cases_history_guard() returns trigger language plpgsql as $$
begin
  raise exception '案件记录不能修改或删除（%，%）', tg_table_name, tg_op using errcode = 'P0001';
end
$$;

create table procedure_definition (
  code text not null,
  version integer not null check (version > 0),
  -- null: built in, for every jurisdiction; else the jurisdiction whose own version it is
  jurisdiction_code text,
  label text not null,
  definition jsonb not null,
  effective_from date not null,
  created_at timestamptz not null,
  created_by text not null,
  primary key (code, version)
);
create trigger procedure_definition_append_only before update or delete on procedure_definition
  for each row execute function cases_history_guard();

create table enforcement_case (
  id text primary key,
  agency_id text not null,
  jurisdiction_code text not null,
  procedure_code text not null,
  procedure_version integer not null,
  state text not null,
  title text not null,
  domain text,
  item_code text,
  -- 案件编号 (R-C08): given at filing (or at opening where the procedure files at once)
  number text,
  number_year integer,
  number_seq integer,
  opened_on date not null,
  filed_on date,
  closed_on date,
  -- the case this one was opened from (an inspection that found a violation)
  parent_case_id text,
  -- the earliest due date of a running time limit: what 我的待办 sorts by
  next_due_on date,
  -- a one-line summary of the parties for lists (names only; never an ID number)
  party_names text not null default '',
  created_by text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null default 1,
  constraint enforcement_case_agency_id_fkey foreign key (agency_id) references agency (id),
  constraint enforcement_case_procedure_fkey foreign key (procedure_code, procedure_version) references procedure_definition (code, version)
);
create unique index enforcement_case_number_uq on enforcement_case (agency_id, number) where number is not null;
create index enforcement_case_agency_opened_idx on enforcement_case (agency_id, opened_on desc, id);
create index enforcement_case_agency_state_idx on enforcement_case (agency_id, state);
create index enforcement_case_jurisdiction_idx on enforcement_case (jurisdiction_code, opened_on desc);
create index enforcement_case_due_idx on enforcement_case (agency_id, next_due_on) where next_due_on is not null;

-- gap-free numbers per agency, year and category (R-C08): taken with a row lock inside the
-- filing's transaction, so a rolled-back filing gives its number back
create table case_number_counter (
  agency_id text not null,
  year integer not null,
  category text not null,
  last_seq integer not null,
  primary key (agency_id, year, category)
);

-- 执法对象 (R-C06): one row per person or organisation per agency, found again by ID number or USCC
create table party (
  id text primary key,
  agency_id text not null,
  kind text not null check (kind in ('natural_person', 'organisation')),
  name text not null,
  id_number text,
  uscc text,
  address text,
  phone text,
  legal_representative text,
  created_at timestamptz not null,
  created_by text not null,
  constraint party_agency_id_fkey foreign key (agency_id) references agency (id)
);
create unique index party_agency_id_number_uq on party (agency_id, id_number) where id_number is not null;
create unique index party_agency_uscc_uq on party (agency_id, uscc) where uscc is not null;
create index party_agency_name_idx on party (agency_id, name);

create table case_party (
  case_id text not null references enforcement_case (id),
  party_id text not null references party (id),
  added_at timestamptz not null,
  added_by text not null,
  primary key (case_id, party_id)
);
create index case_party_party_idx on case_party (party_id);
create trigger case_party_append_only before update or delete on case_party
  for each row execute function cases_history_guard();

-- the officers handling the case now; a reassignment ends rows (ended_at) and adds new ones
create table case_officer (
  case_id text not null references enforcement_case (id),
  officer_id text not null,
  user_id text,
  name text not null,
  assigned_at timestamptz not null,
  ended_at timestamptz,
  primary key (case_id, officer_id, assigned_at)
);
create index case_officer_user_idx on case_officer (user_id, case_id) where ended_at is null;

create table case_event (
  case_id text not null references enforcement_case (id),
  seq integer not null,
  action text not null,
  label text not null,
  from_state text,
  to_state text not null,
  record text not null,
  input jsonb not null,
  on_date date not null,
  at timestamptz not null,
  by_user text not null,
  by_name text not null,
  journal_seq bigint not null,
  primary key (case_id, seq)
);
create trigger case_event_append_only before update or delete on case_event
  for each row execute function cases_history_guard();

create table case_time_limit (
  case_id text not null references enforcement_case (id),
  kind text not null,
  seq integer not null,
  label text not null,
  article text not null,
  unit text not null check (unit in ('working_days', 'natural_days')),
  days integer not null,
  starts_on date not null,
  due_on date not null,
  status text not null check (status in ('running', 'met', 'paused')),
  ended_on date,
  extended_days integer not null default 0,
  paused_days integer not null default 0,
  paused_since date,
  primary key (case_id, kind, seq)
);
create index case_time_limit_running_idx on case_time_limit (due_on) where status = 'running';
