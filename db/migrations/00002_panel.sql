-- +goose Up
-- Panellist reads: history and export list a person's answers, erasure
-- detaches them. Answers are found through the person's own column.
CREATE INDEX answer_panellist ON answer (tenant_id, panellist_id, day) WHERE panellist_id IS NOT NULL;

-- +goose Down
DROP INDEX answer_panellist;
