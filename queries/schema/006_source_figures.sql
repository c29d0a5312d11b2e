-- The source system's own figures beside the ones tierlens recomputes: Freshdesk and
-- Freshservice export first-response and resolution times in business hours ("(in hrs)"
-- columns), computed with the product's own calendars, which tierlens cannot see. Kept so the
-- two can be compared. Added here rather than in 001 so warehouses of this schema version
-- gain them when a newer tierlens opens them.
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS source_first_response_hours DOUBLE;
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS source_resolution_hours DOUBLE;
