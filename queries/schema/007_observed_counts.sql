-- Counters seen in the events beside the source's own (schema version 1, added in place):
-- reopen_count and reassignment_count are the source's counters where it has them, else
-- these; where both exist, `tierlens status` lists the tickets on which they disagree.
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS reopens_seen INTEGER;        -- reopenings in the events (resolved/closed back to open)
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS reassignments_seen INTEGER;  -- group moves between stays in the events
