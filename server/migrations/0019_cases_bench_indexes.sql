-- Issue 8, bench/cases.ts at 100,000 cases (~2,000,000 case events) on PostgreSQL: two reads of the
-- case module scanned far more than they answer.
--
-- The case page (GET /cases/{id}) lists the cases opened from this one (an inspection's finding):
-- without an index on parent_case_id that is a sequential scan of every case, ~100 ms at 100,000.
-- Few cases have a parent, so the index is partial.
create index enforcement_case_parent_idx on enforcement_case (parent_case_id) where parent_case_id is not null;

-- The ledger filtered by officer (GET /cases?officerId=…) tests `exists (… case_officer where
-- officer_id = …)`; with only (case_id, officer_id, assigned_at) and (user_id, case_id) indexed, the
-- plan walks the agency's cases newest first and probes each one (9,018 probes, ~590 ms, for one
-- page). Indexed by officer, the officer's own cases drive the query.
create index case_officer_officer_idx on case_officer (officer_id, case_id) where ended_at is null;
