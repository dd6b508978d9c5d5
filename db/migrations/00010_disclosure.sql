-- +goose Up
-- Analysts' micro-data is row-level by design; a tenant may switch its
-- export off (the export routes then refuse with PermissionDenied).
ALTER TABLE tenant ADD COLUMN microdata_export boolean NOT NULL DEFAULT true;

-- The disclosure pattern works on rollup rows per district and role; days
-- folded before them are refolded on the next pass.
INSERT INTO observatory_dirty (tenant_id, question_id, day)
SELECT DISTINCT tenant_id, question_id, day FROM observatory_cell;

-- The answers each (question, day)'s published cells were computed from:
-- cells are refolded only when at least the threshold of businesses
-- changed since (new answers, revisions, erasures), so two successive
-- releases never differ by fewer.
CREATE TABLE observatory_release (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    question_id bigint NOT NULL,
    day date NOT NULL,
    business_ids bigint[] NOT NULL,
    answer_ids bigint[] NOT NULL,
    PRIMARY KEY (tenant_id, question_id, day)
);

-- +goose Down
DROP TABLE observatory_release;
ALTER TABLE tenant DROP COLUMN microdata_export;
DELETE FROM observatory_cell WHERE district <> '*' AND role <> '*';
