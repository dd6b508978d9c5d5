-- name: PanellistUpsertMany :execrows
INSERT INTO panellist (tenant_id, business_id, ref, name, email, role, time_zone, delivery_minute)
SELECT @tenant_id, r.business_id, r.ref, r.name, r.email, r.role, r.time_zone, r.delivery_minute
FROM (SELECT unnest(@business_ids::bigint[]) AS business_id, unnest(@refs::text[]) AS ref,
        unnest(@names::text[]) AS name, unnest(@emails::text[]) AS email, unnest(@roles::text[]) AS role,
        unnest(@time_zones::text[]) AS time_zone, unnest(@delivery_minutes::int[]) AS delivery_minute) r
ON CONFLICT (tenant_id, ref) DO UPDATE
SET business_id = excluded.business_id, name = excluded.name, email = excluded.email,
    role = excluded.role, time_zone = excluded.time_zone, delivery_minute = excluded.delivery_minute
WHERE panellist.status <> 'withdrawn';

-- name: PanellistList :many
SELECT p.*, b.ref AS business_ref, b.sector, b.size_band, b.district,
    (SELECT count(*) FROM device d WHERE d.tenant_id = p.tenant_id AND d.panellist_id = p.id)::int AS devices
FROM panellist p
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
WHERE p.tenant_id = @tenant_id
ORDER BY p.id;

-- name: PanellistListForInvite :many
SELECT id, ref FROM panellist
WHERE tenant_id = @tenant_id AND status = 'invited'
  AND (coalesce(cardinality(@refs::text[]), 0) = 0 OR ref = ANY(@refs::text[]))
ORDER BY id;

-- name: PanellistActivate :one
UPDATE panellist SET status = 'active', joined_on = coalesce(joined_on, @joined_on::date)
WHERE tenant_id = @tenant_id AND id = @id AND status <> 'withdrawn'
RETURNING *;

-- name: PanellistSetUnreachable :exec
UPDATE panellist p SET unreachable = NOT EXISTS (
    SELECT 1 FROM device d WHERE d.tenant_id = p.tenant_id AND d.panellist_id = p.id)
WHERE p.tenant_id = @tenant_id AND p.id = ANY(@ids::bigint[]);

-- PanellistPage is one page of a tenant's panellists in import order,
-- after a page's last id, filtered by sector and status (empty: any) and
-- a search (empty: any) matched, case ignored, against ref, name, email
-- and business ref.
-- name: PanellistPage :many
SELECT p.*, b.ref AS business_ref, b.sector, b.size_band, b.district,
    (SELECT count(*) FROM device d WHERE d.tenant_id = p.tenant_id AND d.panellist_id = p.id)::int AS devices
FROM panellist p
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
WHERE p.tenant_id = @tenant_id::bigint AND p.id > @after::bigint
  AND (@sector::text = '' OR b.sector = @sector::text)
  AND (@status::text = '' OR p.status = @status::text)
  AND (@search::text = '' OR strpos(lower(p.ref || ' ' || p.name || ' ' || p.email || ' ' || b.ref), lower(@search::text)) > 0)
ORDER BY p.id
LIMIT @lim::int;

-- name: PanellistByRef :one
SELECT p.*, b.ref AS business_ref, b.sector, b.size_band, b.district,
    (SELECT count(*) FROM device d WHERE d.tenant_id = p.tenant_id AND d.panellist_id = p.id)::int AS devices
FROM panellist p
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
WHERE p.tenant_id = @tenant_id AND p.ref = @ref;

-- PanellistUpdate changes a panellist's details unless they have withdrawn.
-- name: PanellistUpdate :execrows
UPDATE panellist SET name = @name, email = @email, role = @role, time_zone = @time_zone,
    delivery_minute = @delivery_minute
WHERE tenant_id = @tenant_id AND id = @id AND status <> 'withdrawn';
