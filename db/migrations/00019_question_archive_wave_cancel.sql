-- +goose Up
-- An archived question cannot go into a new or revised wave plan; waves
-- that already plan it still send it and its answers stay.
ALTER TABLE question ADD COLUMN archived_at timestamptz;

-- A cancelled wave has no day planned from then on; assignments already
-- made stay open until they close, and their answers stay.
ALTER TABLE wave ADD COLUMN cancelled_at timestamptz;

-- +goose Down
ALTER TABLE wave DROP COLUMN cancelled_at;
ALTER TABLE question DROP COLUMN archived_at;
