-- A stored search vector for publications (issue 3 bench): a search no longer re-tokenises every
-- candidate row, and the GIN index covers the stored vector directly.
alter table publication
  add column search_vector tsvector generated always as (to_tsvector('simple', search_text)) stored;
drop index publication_search_idx;
create index publication_search_vector_idx on publication using gin (search_vector) where superseded_in is null;
