-- The enforcement catalog (issue 3; R-D03..R-D08, R-L02, R-C04): enforcement items, discretion
-- standards, the three lists, the review catalog, the AV-recording item list and random-inspection
-- items. Every list belongs to one agency and changes by versions: an edit opens (or joins) a
-- draft list revision, the agency submits it, the justice bureau confirms it (then it is
-- published through `disclosure`) or returns it. Nothing here is deleted or overwritten.

create table catalog_list_revision (
  id text primary key,
  list_kind text not null check (list_kind in ('items', 'discretion_standards', 'three_lists', 'review_catalog', 'av_duties', 'inspection_items')),
  agency_id text not null,
  jurisdiction_code text not null,
  revision integer not null check (revision > 0),
  status text not null check (status in ('draft', 'submitted', 'confirmed', 'returned')),
  opened_at timestamptz not null,
  opened_by text not null,
  submitted_at timestamptz,
  submitted_by text,
  submitted_by_name text,
  submit_reason text,
  decided_at timestamptz, -- confirmed or returned by the justice bureau
  decided_by text,
  decided_by_name text,
  decision_note text,
  published_version integer, -- the disclosure list version this confirmation published
  constraint catalog_list_revision_agency_id_fkey foreign key (agency_id) references agency (id),
  constraint catalog_list_revision_jurisdiction_code_fkey foreign key (jurisdiction_code) references jurisdiction (code),
  constraint catalog_list_revision_list_kind_agency_id_revision_key unique (list_kind, agency_id, revision)
);
create index catalog_list_revision_status_idx on catalog_list_revision (jurisdiction_code, status);

-- One row per version of one entry; `removed` marks a removal. The latest row of an entry is its
-- working state; the latest row in a confirmed list revision (or an earlier one) is its public state.
create table catalog_entry_revision (
  id bigint generated always as identity primary key,
  entry_id text not null,
  list_kind text not null,
  agency_id text not null,
  list_revision_id text not null,
  revision integer not null check (revision > 0),
  code text not null,
  data jsonb not null,
  removed boolean not null default false,
  reason text not null,
  changed_by text not null,
  changed_by_name text not null,
  changed_at timestamptz not null,
  constraint catalog_entry_revision_agency_id_fkey foreign key (agency_id) references agency (id),
  constraint catalog_entry_revision_list_revision_id_fkey foreign key (list_revision_id) references catalog_list_revision (id),
  constraint catalog_entry_revision_entry_id_revision_key unique (entry_id, revision)
);
create index catalog_entry_revision_list_idx on catalog_entry_revision (list_kind, agency_id, entry_id, revision);
create index catalog_entry_revision_list_revision_idx on catalog_entry_revision (list_revision_id);

create function catalog_entry_revision_guard() returns trigger language plpgsql as $$
begin
  raise exception '目录条目的版本记录不能修改或删除（%），修改请提交新版本', tg_op using errcode = 'P0001';
end
$$;
create trigger catalog_entry_revision_append_only before update or delete on catalog_entry_revision
  for each row execute function catalog_entry_revision_guard();

-- A list revision moves forward only: draft → submitted → confirmed | returned; what was recorded
-- at each step (who, when, why) is never changed afterwards.
create function catalog_list_revision_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception '清单版本记录不能删除' using errcode = 'P0001';
  end if;
  if new.id <> old.id or new.list_kind <> old.list_kind or new.agency_id <> old.agency_id
     or new.revision <> old.revision or new.opened_at <> old.opened_at or new.opened_by <> old.opened_by
     or not ((old.status = 'draft' and new.status = 'submitted' and old.submitted_at is null)
          or (old.status = 'submitted' and new.status in ('confirmed', 'returned') and old.decided_at is null
              and new.submitted_at = old.submitted_at and new.submit_reason = old.submit_reason)) then
    raise exception '清单版本只能按“草稿→已提交→已确认/已退回”前进，已记录的内容不能修改' using errcode = 'P0001';
  end if;
  return new;
end
$$;
create trigger catalog_list_revision_forward_only before update or delete on catalog_list_revision
  for each row execute function catalog_list_revision_guard();
