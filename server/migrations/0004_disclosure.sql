-- Publications: what the public sees (DESIGN.md invariant 7; R-D01..R-D08). The portal and the
-- open-data API read only these tables, never the internal tables of org or catalog.

-- One row per published version of a list (the public version history, R-D08).
create table publication_list_version (
  list_key text not null, -- e.g. items:<agency id>, officers:<agency id>, agencies:<jurisdiction code>
  version integer not null check (version > 0),
  list_kind text not null,
  jurisdiction_code text not null,
  agency_id text,
  title text not null,
  reason text not null,
  changed_by text not null,
  changed_at timestamptz not null, -- when the agency made the change
  confirmed_by text, -- the justice bureau's confirmation (R-D03), when the list needs one
  published_at timestamptz not null,
  entry_count integer not null,
  changes jsonb not null, -- { added: [{subjectId, label}], changed: [...], removed: [...] }
  primary key (list_key, version)
);
create index publication_list_version_kind_idx on publication_list_version (list_kind, published_at);

-- One row per published content of one entry; a later version supersedes it, nothing is deleted.
create table publication (
  id bigint generated always as identity primary key,
  list_kind text not null,
  list_key text not null,
  version integer not null,
  subject_id text not null,
  jurisdiction_code text not null,
  agency_id text,
  label text not null,
  content jsonb not null, -- exactly the public fields of the entry
  content_hash text not null,
  search_text text not null, -- word tokens (jieba) separated by spaces, for a 'simple' tsvector
  sort_key text not null,
  superseded_in integer, -- the list version that replaced or removed it; null while current
  constraint publication_list_version_fkey foreign key (list_key, version) references publication_list_version (list_key, version)
);
create unique index publication_current_uq on publication (list_key, subject_id) where superseded_in is null;
create index publication_kind_current_idx on publication (list_kind, sort_key, id) where superseded_in is null;
create index publication_search_idx on publication using gin (to_tsvector('simple', search_text)) where superseded_in is null;
create index publication_history_idx on publication (list_key, version);

create function publication_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception '公示信息不能删除，只能被新版本取代' using errcode = 'P0001';
  end if;
  -- the one allowed change: marking a current row as superseded by a later list version
  if old.superseded_in is not null or new.superseded_in is null or new.superseded_in <= old.version
     or new.content_hash <> old.content_hash or new.content <> old.content or new.list_key <> old.list_key
     or new.subject_id <> old.subject_id or new.version <> old.version or new.label <> old.label
     or new.search_text <> old.search_text or new.sort_key <> old.sort_key then
    raise exception '公示信息不能修改，只能被新版本取代' using errcode = 'P0001';
  end if;
  return new;
end
$$;
create trigger publication_append_only before update or delete on publication
  for each row execute function publication_guard();
create function publication_list_version_guard() returns trigger language plpgsql as $$
begin
  raise exception '公示版本记录不能修改或删除（%）', tg_op using errcode = 'P0001';
end
$$;
create trigger publication_list_version_append_only before update or delete on publication_list_version
  for each row execute function publication_list_version_guard();
