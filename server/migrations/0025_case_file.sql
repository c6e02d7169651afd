-- The case file (案卷, issue 9 §8; R-C08, R-C05, DESIGN.md invariant 2). Archiving a closed case
-- stores its catalogue (binding order, seq 1..n) and the exact manifest.json text the export
-- writes; the manifest's hash is also in the `case.archive` journal entry, so a signed checkpoint
-- pins the manifest and through it every file's hash. One row per case, never changed or deleted:
-- an archived case is read-only (every action refused with CASE_ARCHIVED).

create table case_archive (
  case_id text primary key,
  archived_at timestamptz not null,
  archived_by text not null,
  archived_by_name text not null,
  -- the catalogue in binding order, as the manifest holds it (for the case page)
  catalogue jsonb not null,
  -- manifest.json exactly as exported (canonical JSON, UTF-8)
  manifest text not null,
  hash_algorithm text not null,
  manifest_hash text not null,
  journal_seq bigint not null,
  constraint case_archive_case_fkey foreign key (case_id) references enforcement_case (id)
);
create trigger case_archive_append_only before update or delete on case_archive
  for each row execute function cases_history_guard();
