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
