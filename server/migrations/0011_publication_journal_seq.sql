-- Issue 6 §8 "The journal proves the content": each published list version names the journal
-- entry that records it (action disclosure.publish, whose payload holds the content hash of every
-- entry of the version). publishList appends that entry first and inserts the version row with its
-- seq in the same transaction, so the row never needs an update (publication_list_version is
-- append-only, 0004). Versions published before this migration have no such entry: null.
alter table publication_list_version add column journal_seq bigint;
create unique index publication_list_version_journal_seq_uq on publication_list_version (journal_seq) where journal_seq is not null;
