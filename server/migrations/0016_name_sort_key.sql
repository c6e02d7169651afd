-- Names sort by pinyin (issue 7 §9): 阿 < 李 < 王 < 张, not by code point. The key is computed in code
-- (platform/sort-key.ts, pinyin-pro) on every insert and rename, so PGlite and PostgreSQL order alike;
-- collate "C" compares it byte-wise on both engines. Rows written before this migration get their key
-- when the server starts (org's backfillNameSortKeys); until then they sort last.
alter table agency add column name_sort_key text collate "C";
alter table officer add column name_sort_key text collate "C";
create index agency_name_sort_key_idx on agency (name_sort_key, id);
create index officer_agency_name_sort_key_idx on officer (agency_id, name_sort_key, id);
