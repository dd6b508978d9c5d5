-- +goose NO TRANSACTION
-- +goose Up
-- The stale-day triggers of migration 00007 find a business's latest
-- answers and its panellists; the panellist trigger finds assignments
-- through their unique key, which leads with (tenant_id, panellist_id).
-- Only latest answers are indexed: the rollups read no others, a
-- superseded answer has the (question, day) of the latest one of its
-- assignment, and an is_latest flip then adds no entry to this index.
-- Built concurrently (outside a transaction), so a large answer table keeps
-- taking answers while the index is built.
CREATE INDEX CONCURRENTLY IF NOT EXISTS answer_business ON answer (tenant_id, business_id) WHERE is_latest;
CREATE INDEX CONCURRENTLY IF NOT EXISTS panellist_business ON panellist (tenant_id, business_id);

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS panellist_business;
DROP INDEX CONCURRENTLY IF EXISTS answer_business;
