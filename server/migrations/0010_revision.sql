-- Issue 6: one revision-and-approval mechanism (DESIGN.md "Shared mechanisms", platform/revisions)
-- for agencies, officers, the six catalog lists and service windows, later cases, reviews and
-- publications. Each module keeps its working copy (the draft); submitting freezes a snapshot of
-- the changed entries — the exact internal record and the exact public entry, with a content
-- hash — that never changes again. The justice bureau confirms or returns that snapshot by id;
-- confirmation publishes exactly its public entries (R-D03, R-D08, R-D14).

create table revision (
  id text primary key,
  list_kind text not null, -- items, officers, agencies, service_windows, ...
  subject_key text not null, -- what is submitted and decided as one unit: items:<agency>, agency:<agency>, ...
  list_key text not null, -- the publication list it is published into: items:<agency>, agencies:<jurisdiction>, ...
  agency_id text, -- whose change it is (scope); null for jurisdiction-wide lists
  jurisdiction_code text not null,
  title text not null, -- what is changed, e.g. 示范市示范区市场监督管理局行政执法事项清单
  seq integer not null check (seq > 0), -- 1, 2, ... per subject_key
  status text not null check (status in ('submitted', 'confirmed', 'returned', 'superseded')),
  content_hash text not null, -- sha256 of the canonical JSON of its items
  item_count integer not null,
  note text not null, -- the agency's internal submission note (never public)
  public_note text not null, -- the change note the public reads (变更说明)
  concerns jsonb not null default '[]', -- user ids whose own records are in it (nobody confirms their own)
  submitted_by text not null,
  submitted_by_name text not null,
  submitted_at timestamptz not null,
  decided_by text,
  decided_by_name text,
  decided_at timestamptz,
  decision_note text, -- the return reason, or the confirmation note
  published_version integer, -- the publication list version its confirmation wrote
  superseded_by text, -- a later submission of the same subject that replaced it before a decision
  release_reason text, -- the bureau's explicit release of detected personal data (R-D13), journaled
  constraint revision_subject_key_seq_key unique (subject_key, seq),
  constraint revision_jurisdiction_code_fkey foreign key (jurisdiction_code) references jurisdiction (code)
);
create index revision_queue_idx on revision (jurisdiction_code, status, submitted_at);
create index revision_subject_idx on revision (subject_key, seq);

create table revision_item (
  revision_id text not null,
  item_key text not null, -- the entry inside the list: entry id, officer id, agency id, window id
  list_key text not null,
  version integer not null, -- the working version frozen here
  label text not null,
  change text not null check (change in ('added', 'changed', 'removed', 'internal')),
  data jsonb not null, -- the internal record as submitted (what the bureau reviews)
  public jsonb, -- the public entry as it will be published; null = not on the public list
  primary key (revision_id, item_key),
  constraint revision_item_revision_id_fkey foreign key (revision_id) references revision (id)
);
create index revision_item_key_idx on revision_item (list_key, item_key);

create function revision_item_guard() returns trigger language plpgsql as $$
begin
  raise exception '已提交的变更内容不能修改或删除（%）', tg_op using errcode = 'P0001';
end
$$;
create trigger revision_item_append_only before update or delete on revision_item
  for each row execute function revision_item_guard();

-- A snapshot moves forward once: submitted → confirmed | returned | superseded. Its content and
-- who submitted it never change.
create function revision_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception '变更记录不能删除' using errcode = 'P0001';
  end if;
  if old.status <> 'submitted' or new.status not in ('confirmed', 'returned', 'superseded')
     or new.id <> old.id or new.subject_key <> old.subject_key or new.list_key <> old.list_key or new.seq <> old.seq
     or new.content_hash <> old.content_hash or new.item_count <> old.item_count or new.note <> old.note
     or new.public_note <> old.public_note or new.submitted_by <> old.submitted_by
     or new.submitted_at <> old.submitted_at then
    raise exception '变更只能按“已提交→已确认/已退回/已被取代”前进一次，已提交的内容不能修改' using errcode = 'P0001';
  end if;
  return new;
end
$$;
create trigger revision_forward_only before update or delete on revision
  for each row execute function revision_guard();

-- Catalog entries are now changed outside catalog_list_revision (kept, read-only history).
alter table catalog_entry_revision alter column list_revision_id drop not null;

-- R-P01: an officer enforces on the strength of the version the justice bureau confirmed.
alter table officer add column confirmed_version integer;

-- Carry what is public today forward as one confirmed baseline snapshot per published list, so
-- that every later confirmation merges onto exactly what the public sees now.
insert into revision (id, list_kind, subject_key, list_key, agency_id, jurisdiction_code, title, seq, status, content_hash,
                      item_count, note, public_note, submitted_by, submitted_by_name, submitted_at, decided_by,
                      decided_by_name, decided_at, decision_note, published_version)
select 'baseline:' || v.list_key, v.list_kind,
       case when v.list_kind = 'agencies' then 'baseline:' || v.list_key else v.list_key end,
       v.list_key, v.agency_id, v.jurisdiction_code, v.title, 1, 'confirmed', 'baseline',
       (select count(*) from publication p where p.list_key = v.list_key and p.superseded_in is null),
       '迁移：已公示内容', v.reason, 'migration', '迁移', v.published_at, 'migration', '迁移', v.published_at,
       '迁移：已公示内容作为基线', v.version
from publication_list_version v
where v.version = (select max(w.version) from publication_list_version w where w.list_key = v.list_key);

-- the entry key of each current publication: officer, agency and window ids are the subject ids;
-- catalog entries are published under their code, so find the entry that holds the code
insert into revision_item (revision_id, item_key, list_key, version, label, change, data, public)
select 'baseline:' || p.list_key,
       coalesce(e.entry_id, p.subject_id),
       p.list_key,
       coalesce(e.revision, o.version, a.confirmed_version, w.version, p.version),
       p.label, 'added', p.content,
       jsonb_build_object('subjectId', p.subject_id, 'label', p.label, 'content', p.content, 'sortKey', p.sort_key)
from publication p
left join lateral (
  select r.entry_id, r.revision
  from catalog_entry_revision r
  join catalog_list_revision l on l.id = r.list_revision_id and l.status = 'confirmed'
  where p.list_kind not in ('agencies', 'officers', 'service_windows')
    and r.list_kind = p.list_kind and r.agency_id = p.agency_id and r.code = p.subject_id
  order by r.revision desc
  limit 1
) e on true
left join lateral (
  select coalesce((select max(ov.version) from officer_version ov
                   where ov.officer_id = o.id and (o.pending_since is null or ov.changed_at < o.pending_since)), o.version) as version
  from officer o where p.list_kind = 'officers' and o.id = p.subject_id
) o on true
left join agency a on p.list_kind = 'agencies' and a.id = p.subject_id
left join service_window w on p.list_kind = 'service_windows' and w.id = p.subject_id
where p.superseded_in is null;

update officer o set confirmed_version = coalesce(
  (select max(ov.version) from officer_version ov
   where ov.officer_id = o.id and (o.pending_since is null or ov.changed_at < o.pending_since)),
  case when o.pending_since is null then o.version end);
