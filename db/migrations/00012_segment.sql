-- +goose Up
-- Which panellists a plan item's or an ad-hoc item's segment selects:
-- 'all', or one value of the panellist's business ('sector:Logistics',
-- 'size:small', 'district:Leicester') or of the panellist ('role:owner').
-- Planning, the dry run and ad-hoc sends all target through this one
-- function. A one-expression SQL function is inlined by the planner, so
-- the queries plan as if the expression were written in place.
-- +goose StatementBegin
CREATE FUNCTION segment_includes(segment text, sector text, size_band text, district text, role text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT segment = 'all'
        OR segment = 'sector:' || sector
        OR segment = 'size:' || size_band
        OR segment = 'district:' || district
        OR segment = 'role:' || role
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION segment_includes(text, text, text, text, text);
