-- Bookkeeping of the incremental derived tables (etl/refresh.go, DESIGN §5): which tickets
-- wait to be derived, which the derivation in progress covers, and the instant each source's
-- running clocks were last read at.

-- derive_queue: tickets a load wrote or a re-tier moved since the derived tables were last
-- brought up to date. Filled in the same transaction as the tickets themselves, emptied by the
-- transaction that derives them: a load killed in between leaves them here, and readers say so.
CREATE TABLE IF NOT EXISTS derive_queue (
    ticket_key VARCHAR NOT NULL
);

-- derive_scope: the tickets a scoped derivation covers (queries/views/010_scope.sql); empty
-- outside a derivation's transaction.
CREATE TABLE IF NOT EXISTS derive_scope (
    ticket_key VARCHAR NOT NULL
);

-- derived_sources: per source, the newest change (max updated_at) the derived tables read
-- running clocks at. When a load moves it, the tickets whose clocks still run are derived again.
CREATE TABLE IF NOT EXISTS derived_sources (
    source VARCHAR NOT NULL,
    as_of  TIMESTAMP
);
