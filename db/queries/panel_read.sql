-- Reads for the panellist's own views: history, results and export.

-- name: PanelHistory :many
SELECT an.assignment_id, an.day, an.revision, an.value, an.answered_at, an.received_at,
    q.key, q.theme, qv.version, qv.title, qv.wording, qv.spec
FROM answer an
JOIN question q ON q.tenant_id = an.tenant_id AND q.id = an.question_id
JOIN question_version qv ON qv.tenant_id = an.tenant_id AND qv.question_id = an.question_id
    AND qv.version = an.question_version
WHERE an.tenant_id = @tenant_id AND an.panellist_id = @panellist_id AND an.is_latest
ORDER BY an.day DESC, an.assignment_id DESC
LIMIT @max_rows;

-- The caller's latest answer to a question key, with its question version.
-- name: PanelMyLatestAnswer :one
SELECT an.question_id, an.day, an.value, q.key, q.theme, qv.version, qv.title, qv.wording, qv.spec,
    b.sector
FROM answer an
JOIN question q ON q.tenant_id = an.tenant_id AND q.id = an.question_id
JOIN question_version qv ON qv.tenant_id = an.tenant_id AND qv.question_id = an.question_id
    AND qv.version = an.question_version
JOIN business b ON b.tenant_id = an.tenant_id AND b.id = an.business_id
WHERE an.tenant_id = @tenant_id AND an.panellist_id = @panellist_id AND q.key = @key AND an.is_latest
ORDER BY an.day DESC, an.id DESC
LIMIT 1;

-- name: PanelExportProfile :one
SELECT p.ref, p.name, p.email, p.role, p.time_zone, p.delivery_minute, p.status, p.paused_until,
    p.joined_on, p.withdrawn_at, p.created_at,
    b.ref AS business_ref, b.name AS business_name, b.sic, b.sector, b.size_band, b.district
FROM panellist p
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
WHERE p.tenant_id = @tenant_id AND p.id = @id;

-- name: PanelExportDevices :many
SELECT fcm_token, platform, app_version, locale, created_at, last_seen_at FROM device
WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id
ORDER BY created_at, fcm_token;

-- name: PanelExportConsents :many
SELECT version, given_at, withdrawn_at FROM consent
WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id
ORDER BY given_at;

-- name: PanelExportAssignments :many
SELECT a.id, a.day, q.key, a.question_version, a.opens_at, a.closes_at, a.status
FROM assignment a
JOIN question q ON q.tenant_id = a.tenant_id AND q.id = a.question_id
WHERE a.tenant_id = @tenant_id AND a.panellist_id = @panellist_id
ORDER BY a.day, a.position;

-- Every revision of every answer, not only the latest.
-- name: PanelExportAnswers :many
SELECT an.assignment_id, q.key, an.question_version, an.day, an.revision, an.idempotency_key,
    an.value, an.answered_at, an.received_at, an.is_latest
FROM answer an
JOIN question q ON q.tenant_id = an.tenant_id AND q.id = an.question_id
WHERE an.tenant_id = @tenant_id AND an.panellist_id = @panellist_id
ORDER BY an.day, an.assignment_id, an.revision;

-- Sessions without their token hash: when each began and ended.
-- name: PanelExportSessions :many
SELECT created_at, revoked_at FROM panellist_session
WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id
ORDER BY created_at, token_hash;

-- Invites without their code hash: when each was issued, used or ended.
-- name: PanelExportInvites :many
SELECT created_at, expires_at, used_at FROM invite
WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id
ORDER BY created_at, expires_at;

-- name: PanelExportPushes :many
SELECT day, kind, status, due_at, sent_at, opened_at FROM push
WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id
ORDER BY due_at, id;
