-- The tenant's waves as the observatory filters by them (not the ad-hoc
-- wave), oldest first.
-- name: DashboardWaves :many
SELECT id, name, start_date, end_date FROM wave WHERE tenant_id = @tenant_id AND NOT adhoc ORDER BY start_date, id;

-- The first day each version of a question was answered (latest answers),
-- where a trend marks a break in the wording. It reads every latest answer
-- of the question: callers ask only for questions with several versions.
-- name: DashboardVersionStarts :many
SELECT question_version, min(day)::date AS first_day
FROM answer
WHERE tenant_id = @tenant_id AND question_id = @question_id AND is_latest
GROUP BY question_version
ORDER BY question_version;
