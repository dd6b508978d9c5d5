-- Sets the scheduling state of panellists: status, pause and join date.
-- name: PanellistSetScheduleState :exec
UPDATE panellist SET status = @status, paused_until = sqlc.narg(paused_until)::date,
    joined_on = sqlc.narg(joined_on)::date,
    withdrawn_at = CASE WHEN @status = 'withdrawn' THEN coalesce(withdrawn_at, @now::timestamptz) END
WHERE tenant_id = @tenant_id AND id = ANY(@ids::bigint[]);

-- Which half of a split sample each panellist falls in under a wave seed.
-- name: PanellistSplitHalves :many
SELECT id, (1 + (hashtextextended('split/' || id::text, @seed::bigint) & 1))::smallint AS half
FROM panellist WHERE tenant_id = @tenant_id ORDER BY id;
