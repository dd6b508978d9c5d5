-- The straightforward GROUP BY over raw answers that the rollups replace;
-- kept as the baseline of make bench-trend.

-- One row per day, segment and business: the business's mean of its
-- respondents' latest answers (the business is the unit of analysis).
-- name: ObservatoryRawTrendNumeric :many
SELECT an.day,
    (CASE @dimension::text
        WHEN 'sector' THEN b.sector
        WHEN 'size_band' THEN b.size_band
        WHEN 'district' THEN b.district
        ELSE 'all' END)::text AS segment,
    an.business_id,
    avg(an.num_value)::float8 AS value
FROM answer an
JOIN business b ON b.tenant_id = an.tenant_id AND b.id = an.business_id
JOIN assignment a ON a.tenant_id = an.tenant_id AND a.id = an.assignment_id
WHERE an.tenant_id = @tenant_id AND an.question_id = @question_id AND an.is_latest
  AND an.num_value IS NOT NULL
  AND (@wave_id::bigint = 0 OR a.wave_id = @wave_id)
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;

-- name: ObservatoryRawAssigned :many
SELECT a.day,
    (CASE @dimension::text
        WHEN 'sector' THEN b.sector
        WHEN 'size_band' THEN b.size_band
        WHEN 'district' THEN b.district
        ELSE 'all' END)::text AS segment,
    p.business_id
FROM assignment a
JOIN panellist p ON p.tenant_id = a.tenant_id AND p.id = a.panellist_id
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
WHERE a.tenant_id = @tenant_id AND a.question_id = @question_id
  AND (@wave_id::bigint = 0 OR a.wave_id = @wave_id)
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
