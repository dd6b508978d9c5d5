-- +goose Up
-- The business is the unit of a week's or a wave's estimates: a business's
-- value over a period is the mean of its business-days. The district and
-- role rows of a question and day keep each of their businesses' values of
-- the day, so a read of any period folds them into one value per business
-- and estimates with the design of the period's respondents
-- (docs/observatory.md, "How each statistic is computed").
--   unit_businesses  the row's businesses, ascending
--   unit_num         each business's mean numeric answer of the day, NaN
--                    when it gave none (don't know, or only codes)
--   unit_shares      per business, its vote share of each of share_codes
--                    (len(unit_businesses) x len(share_codes), row-major),
--                    NaN when it gave no option answer
--   unit_rows        per business, its mean rating of each of row_codes,
--                    NaN when it did not rate the row
-- The other levels keep them empty: they are sums of the district rows.
ALTER TABLE observatory_cell
    ADD COLUMN unit_businesses bigint[] NOT NULL DEFAULT '{}',
    ADD COLUMN unit_num float8[] NOT NULL DEFAULT '{}',
    ADD COLUMN unit_shares float8[] NOT NULL DEFAULT '{}',
    ADD COLUMN unit_rows float8[] NOT NULL DEFAULT '{}';

-- Every stored day is folded again, so its rows gain their businesses.
INSERT INTO observatory_dirty (tenant_id, question_id, day)
SELECT tenant_id, question_id, day FROM observatory_cell GROUP BY 1, 2, 3;

-- +goose Down
ALTER TABLE observatory_cell
    DROP COLUMN unit_businesses,
    DROP COLUMN unit_num,
    DROP COLUMN unit_shares,
    DROP COLUMN unit_rows;
