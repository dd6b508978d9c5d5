-- name: DeviceUpsert :exec
INSERT INTO device (tenant_id, fcm_token, panellist_id, platform, app_version, locale, last_seen_at)
VALUES (@tenant_id, @fcm_token, @panellist_id, @platform, @app_version, @locale, @now)
ON CONFLICT (tenant_id, fcm_token) DO UPDATE
SET panellist_id = excluded.panellist_id, platform = excluded.platform,
    app_version = excluded.app_version, locale = excluded.locale, last_seen_at = excluded.last_seen_at;

-- name: DeviceDelete :execrows
DELETE FROM device
WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id AND fcm_token = @fcm_token;

-- name: DeviceListForPanellists :many
SELECT tenant_id, panellist_id, fcm_token, platform FROM device
WHERE tenant_id = ANY(@tenant_ids::bigint[]) AND panellist_id = ANY(@panellist_ids::bigint[])
  AND (tenant_id, panellist_id) IN (SELECT unnest(@tenant_ids::bigint[]), unnest(@panellist_ids::bigint[]))
ORDER BY tenant_id, panellist_id, fcm_token;

-- name: DeviceDeleteTokens :many
DELETE FROM device
WHERE (tenant_id, fcm_token) IN (SELECT unnest(@tenant_ids::bigint[]), unnest(@tokens::text[]))
RETURNING tenant_id, panellist_id;
