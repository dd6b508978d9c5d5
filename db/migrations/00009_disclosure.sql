-- +goose Up
-- Analysts' micro-data is row-level by design; a tenant may switch its
-- export off (the export routes then refuse with PermissionDenied).
ALTER TABLE tenant ADD COLUMN microdata_export boolean NOT NULL DEFAULT true;

-- The disclosure pattern works on rollup rows per district and role; days
-- folded before them are refolded on the next pass.
INSERT INTO observatory_dirty (tenant_id, question_id, day)
SELECT DISTINCT tenant_id, question_id, day FROM observatory_cell;

-- +goose Down
ALTER TABLE tenant DROP COLUMN microdata_export;
DELETE FROM observatory_cell WHERE district <> '*' AND role <> '*';
