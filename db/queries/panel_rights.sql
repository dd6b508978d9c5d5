-- Preferences, pause, withdrawal and erasure of a panellist.

-- name: PanelSetPreferences :one
UPDATE panellist SET
    delivery_minute = coalesce(sqlc.narg(delivery_minute)::int, delivery_minute),
    time_zone = coalesce(sqlc.narg(time_zone)::text, time_zone),
    paused_until = CASE WHEN @set_pause::bool THEN sqlc.narg(paused_until)::date ELSE paused_until END
WHERE tenant_id = @tenant_id AND id = @id AND status <> 'withdrawn'
RETURNING delivery_minute, time_zone, paused_until;

-- Pushes not yet sent are cancelled when a panellist pauses or withdraws.
-- name: PanelCancelPushes :execrows
UPDATE push SET status = 'cancelled', lease_until = NULL
WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id AND status IN ('queued', 'sending')
  AND (sqlc.narg(until_day)::date IS NULL OR day <= sqlc.narg(until_day)::date);

-- Future and open assignments stop at once; answered ones keep their status.
-- name: PanelExpireAssignments :execrows
UPDATE assignment SET status = 'expired'
WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id
  AND status IN ('scheduled', 'sent', 'opened');

-- Assignments planned for paused days that have not opened yet go.
-- name: PanelDeletePausedAssignments :execrows
DELETE FROM assignment a
WHERE a.tenant_id = @tenant_id AND a.panellist_id = @panellist_id
  AND a.status = 'scheduled' AND a.opens_at > @now AND a.day <= sqlc.arg(until_day)::date
  AND NOT EXISTS (SELECT 1 FROM answer an WHERE an.tenant_id = a.tenant_id AND an.assignment_id = a.id);

-- name: PanelWithdraw :one
UPDATE panellist SET status = 'withdrawn', withdrawn_at = coalesce(withdrawn_at, @now::timestamptz)
WHERE tenant_id = @tenant_id AND id = @id
RETURNING ref, withdrawn_at;

-- name: PanelRevokeSessions :execrows
UPDATE panellist_session SET revoked_at = @now
WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id AND revoked_at IS NULL;

-- name: PanelDeleteDevices :execrows
DELETE FROM device WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id;

-- name: PanelDeleteSessions :exec
DELETE FROM panellist_session WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id;

-- name: PanelDeleteInvites :exec
DELETE FROM invite WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id;

-- name: PanelDeleteConsents :exec
DELETE FROM consent WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id;

-- Keeps the answers as anonymous rows: the person's id is removed.
-- name: PanelDetachAnswers :execrows
UPDATE answer an SET panellist_id = NULL
WHERE an.tenant_id = @tenant_id AND an.assignment_id IN (
    SELECT a.id FROM assignment a WHERE a.tenant_id = @tenant_id AND a.panellist_id = sqlc.arg(panellist_id)::bigint);

-- name: PanelDeleteAnswers :execrows
DELETE FROM answer an
WHERE an.tenant_id = @tenant_id AND an.assignment_id IN (
    SELECT a.id FROM assignment a WHERE a.tenant_id = @tenant_id AND a.panellist_id = sqlc.arg(panellist_id)::bigint);

-- Blanks the identity and replaces the reference with a random tombstone
-- value, keeping the row (and its business) so that the kept anonymous
-- answers still reach their assignments, waves and business. The time zone
-- and delivery time go back to the column defaults: a person's own time
-- zone and minute could single them out.
-- name: PanelTombstone :exec
UPDATE panellist SET ref = @tombstone_ref, name = '', email = '', role = '',
    time_zone = DEFAULT, delivery_minute = DEFAULT,
    erased_at = @now, unreachable = true, paused_until = NULL
WHERE tenant_id = @tenant_id AND id = @id;

-- name: PanelDelete :exec
DELETE FROM panellist WHERE tenant_id = @tenant_id AND id = @id;

-- name: PanelErasureInsert :exec
INSERT INTO erasure (tenant_id, panellist_ref, erased_at, answers_kept)
VALUES (@tenant_id, @panellist_ref, @erased_at, @answers_kept);
