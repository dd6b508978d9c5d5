-- +goose Up
-- The segments (sector, size band, district, role) of each released
-- answer, hashed in the order of answer_ids, so that a fold that only moves
-- businesses between segments counts toward the release steps. Empty for
-- releases recorded before this column: those compare answers only.
ALTER TABLE observatory_release ADD COLUMN segments bigint[] NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE observatory_release DROP COLUMN segments;
