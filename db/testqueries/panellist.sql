-- Test reads of panellists.

-- name: PanellistGet :one
SELECT * FROM panellist WHERE tenant_id = @tenant_id AND id = @id;
