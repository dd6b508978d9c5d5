-- name: PopulationStratumDeleteAll :exec
DELETE FROM population_stratum WHERE tenant_id = @tenant_id;

-- name: PopulationStratumInsert :exec
INSERT INTO population_stratum (tenant_id, sector, size_band, businesses)
VALUES (@tenant_id, @sector, @size_band, @businesses);

-- name: PopulationStratumList :many
SELECT sector, size_band, businesses FROM population_stratum
WHERE tenant_id = @tenant_id ORDER BY sector, size_band;
