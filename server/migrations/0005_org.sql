-- Issue 3: agencies completed (R-D01), officers, certificates, training (R-D02, R-P01..R-P04).
-- Legal dates are 'YYYY-MM-DD' text in Asia/Shanghai (DESIGN.md invariant 4): the same on every
-- engine, and they compare correctly as text.

-- Agencies: the working copy. Every edit is also a row of agency_version (the history); what the
-- public directory shows is the version the justice bureau confirmed (confirmed_version).
alter table agency add column legal_basis text;
alter table agency add column uscc text; -- GB 32100, checked by the service
alter table agency add column address text;
alter table agency add column phone text; -- the agency's public contact number
alter table agency add column domains jsonb not null default '[]';
alter table agency add column legal_office text; -- 法制机构
alter table agency add column entrusting_agency_id text;
alter table agency add constraint agency_entrusting_agency_id_fkey foreign key (entrusting_agency_id) references agency (id);
alter table agency add column abolished boolean not null default false;
alter table agency add column version integer not null default 1;
alter table agency add column confirmed_version integer;
alter table agency add column confirmed_at timestamptz;
alter table agency add column confirmed_by text;
alter table agency add column pending_since timestamptz; -- first unconfirmed change (R-D08)
alter table agency add column updated_at timestamptz;
create unique index agency_uscc_uq on agency (uscc) where uscc is not null;

create table agency_version (
  agency_id text not null,
  version integer not null check (version > 0),
  snapshot jsonb not null, -- every field of the agency as of this version
  reason text not null,
  changed_by text not null,
  changed_at timestamptz not null,
  primary key (agency_id, version),
  constraint agency_version_agency_id_fkey foreign key (agency_id) references agency (id)
);

-- Officers (执法人员, 辅助人员, 法制审核人员, 公职律师/法律顾问): the working copy; officer_version
-- keeps every version. pending_since marks a change not yet confirmed and published (R-D08).
create table officer (
  id text primary key,
  agency_id text not null,
  user_id text,
  name text not null,
  post text,
  domains jsonb not null default '[]',
  id_number text not null, -- GB 11643; never published, masked for most readers
  certificate_number text,
  issuing_body text,
  valid_from text check (valid_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  valid_until text check (valid_until ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  status text not null check (status in ('green', 'yellow', 'red', 'revoked')),
  status_reason text,
  has_legal_qualification boolean not null default false, -- 法律职业资格
  is_enforcer boolean not null default false,
  is_reviewer boolean not null default false,
  is_legal_adviser boolean not null default false,
  is_auxiliary boolean not null default false,
  active boolean not null default true, -- false once the officer has left the agency
  version integer not null default 1,
  pending_since timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint officer_agency_id_fkey foreign key (agency_id) references agency (id),
  constraint officer_user_id_fkey foreign key (user_id) references user_account (id),
  constraint officer_auxiliary_not_enforcer check (not (is_auxiliary and is_enforcer))
);
create index officer_agency_id_idx on officer (agency_id, name, id);
create unique index officer_agency_id_number_uq on officer (agency_id, id_number) where active;
create unique index officer_certificate_number_uq on officer (certificate_number) where certificate_number is not null and active;

create table officer_version (
  officer_id text not null,
  version integer not null check (version > 0),
  snapshot jsonb not null,
  reason text not null,
  changed_by text not null,
  changed_at timestamptz not null,
  primary key (officer_id, version),
  constraint officer_version_officer_id_fkey foreign key (officer_id) references officer (id)
);

-- Every certificate status change (红黄绿, revocation), append-only (R-P02).
create table officer_status_change (
  id bigint generated always as identity primary key,
  officer_id text not null,
  from_status text,
  to_status text not null check (to_status in ('green', 'yellow', 'red', 'revoked')),
  reason text not null,
  changed_by text not null,
  changed_at timestamptz not null,
  constraint officer_status_change_officer_id_fkey foreign key (officer_id) references officer (id)
);
create index officer_status_change_officer_id_idx on officer_status_change (officer_id, id);

-- Annual reviews of certificates (年审, R-P02); a correction is a later row for the same year.
create table officer_annual_review (
  id bigint generated always as identity primary key,
  officer_id text not null,
  year integer not null check (year between 2000 and 2100),
  result text not null check (result in ('pass', 'basic_pass', 'fail')),
  note text,
  recorded_by text not null,
  recorded_at timestamptz not null,
  constraint officer_annual_review_officer_id_fkey foreign key (officer_id) references officer (id)
);
create index officer_annual_review_officer_id_idx on officer_annual_review (officer_id, year);

-- Training records (R-P03: 30 h professional + 30 h legal a year).
create table training_record (
  id bigint generated always as identity primary key,
  officer_id text not null,
  date text not null check (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  hours numeric(5, 1) not null check (hours > 0 and hours <= 200),
  kind text not null check (kind in ('professional', 'legal')),
  topic text not null,
  recorded_by text not null,
  recorded_at timestamptz not null,
  constraint training_record_officer_id_fkey foreign key (officer_id) references officer (id)
);
create index training_record_officer_id_idx on training_record (officer_id, date);

-- History tables are append-only: corrections are new rows (DESIGN.md invariant 2).
create function org_history_guard() returns trigger language plpgsql as $$
begin
  raise exception '历史记录不能修改或删除（%，%）', tg_table_name, tg_op using errcode = 'P0001';
end
$$;
create trigger agency_version_append_only before update or delete on agency_version
  for each row execute function org_history_guard();
create trigger officer_version_append_only before update or delete on officer_version
  for each row execute function org_history_guard();
create trigger officer_status_change_append_only before update or delete on officer_status_change
  for each row execute function org_history_guard();
create trigger officer_annual_review_append_only before update or delete on officer_annual_review
  for each row execute function org_history_guard();
create trigger training_record_append_only before update or delete on training_record
  for each row execute function org_history_guard();
