-- ---
-- name: created
-- title: Tickets created
-- description: Tickets opened in the period, by the tier of the group they were first assigned to.
-- unit: count
-- direction: up
-- grains: [day, week, month, quarter]
-- dimensions: [tier, priority, channel, source]
-- ---
SELECT 1 AS placeholder;
