-- name: BusinessUpsertMany :execrows
INSERT INTO business (tenant_id, ref, name, sic, sector, size_band, employees, district)
SELECT @tenant_id, r.ref, r.name, r.sic, r.sector, r.size_band, r.employees, r.district
FROM (SELECT unnest(@refs::text[]) AS ref, unnest(@names::text[]) AS name, unnest(@sics::text[]) AS sic,
        unnest(@sectors::text[]) AS sector, unnest(@size_bands::text[]) AS size_band,
        unnest(@employees::int[]) AS employees, unnest(@districts::text[]) AS district) r
ON CONFLICT (tenant_id, ref) DO UPDATE
SET name = excluded.name, sic = excluded.sic, sector = excluded.sector,
    size_band = excluded.size_band, employees = excluded.employees, district = excluded.district;

-- name: BusinessListSIC :many
SELECT id, sic, sector FROM business WHERE tenant_id = @tenant_id ORDER BY id;

-- name: BusinessSetSectors :execrows
UPDATE business b SET sector = r.sector
FROM (SELECT unnest(@ids::bigint[]) AS id, unnest(@sectors::text[]) AS sector) r
WHERE b.tenant_id = @tenant_id AND b.id = r.id AND b.sector <> r.sector;

-- name: BusinessIDsByRef :many
SELECT id, ref FROM business WHERE tenant_id = @tenant_id AND ref = ANY(@refs::text[]);

-- BusinessPage is one page of a tenant's businesses in import order,
-- after a page's last id, filtered by sector and size band (empty: any)
-- and a search (empty: any) matched, case ignored, against ref and name.
-- name: BusinessPage :many
SELECT b.id, b.ref, b.name, b.sic, b.sector, b.size_band, b.employees, b.district,
    (SELECT count(*) FROM panellist p WHERE p.tenant_id = b.tenant_id AND p.business_id = b.id)::int AS panellists
FROM business b
WHERE b.tenant_id = @tenant_id::bigint AND b.id > @after::bigint
  AND (@sector::text = '' OR b.sector = @sector::text)
  AND (@size_band::text = '' OR b.size_band = @size_band::text)
  AND (@search::text = '' OR strpos(lower(b.ref || ' ' || b.name), lower(@search::text)) > 0)
ORDER BY b.id
LIMIT @lim::int;

-- name: BusinessByRef :one
SELECT b.id, b.ref, b.name, b.sic, b.sector, b.size_band, b.employees, b.district,
    (SELECT count(*) FROM panellist p WHERE p.tenant_id = b.tenant_id AND p.business_id = b.id)::int AS panellists
FROM business b
WHERE b.tenant_id = @tenant_id AND b.ref = @ref;

-- name: BusinessUpdate :execrows
UPDATE business SET name = @name, sic = @sic, sector = @sector, size_band = @size_band,
    employees = @employees, district = @district
WHERE tenant_id = @tenant_id AND id = @id;
