-- Test reads and settings of the panellist rights (db/queries/panel_rights.sql).

-- name: PanelErasureList :many
SELECT panellist_ref, erased_at, answers_kept FROM erasure
WHERE tenant_id = @tenant_id ORDER BY erased_at, panellist_ref;

-- name: PanelTenantSetErasePolicy :exec
UPDATE tenant SET erase_answers = @erase_answers WHERE id = @tenant_id;

-- name: PanelAnswerCountForAssignment :one
SELECT count(*)::int AS answers,
    count(*) FILTER (WHERE is_latest)::int AS latest,
    count(*) FILTER (WHERE panellist_id IS NULL)::int AS detached
FROM answer WHERE tenant_id = @tenant_id AND assignment_id = @assignment_id;
