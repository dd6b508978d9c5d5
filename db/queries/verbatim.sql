-- Free-text answers of one question (latest revisions with a text) between
-- two days, with the business's coarse attributes the disclosure rule
-- works on, in answer order.
-- name: VerbatimList :many
SELECT an.id, an.business_id, an.day, b.sector, b.size_band, b.district,
    (an.value ->> 'text')::text AS text
FROM answer an
JOIN business b ON b.tenant_id = an.tenant_id AND b.id = an.business_id
WHERE an.tenant_id = @tenant_id AND an.question_id = @question_id AND an.is_latest
  AND an.day BETWEEN @from_day AND @to_day
  AND coalesce(an.value ->> 'text', '') <> ''
ORDER BY an.id;
