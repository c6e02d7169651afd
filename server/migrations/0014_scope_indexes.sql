-- ADR 0007: one scope model over the jurisdiction tree. Every scoped query walks the tree from the
-- caller's jurisdiction down (`with recursive … j.parent_code = sub.code`), so the children of a
-- jurisdiction are looked up by parent; the audit log of a district's auditor filters the journal
-- by the actor's jurisdiction, newest first; accounts are listed by jurisdiction.
create index jurisdiction_parent_code_idx on jurisdiction (parent_code);
create index journal_entry_jurisdiction_idx on journal_entry (jurisdiction_code, seq);
create index user_account_jurisdiction_idx on user_account (jurisdiction_code);
