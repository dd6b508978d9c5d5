-- +goose Up
-- Observatory rollups (docs/observatory.md): one row per question, day and
-- finest segment (sector x size band x district) holding the mergeable sums
-- of the business-level answers, so a trend read costs the number of cells,
-- not the number of answers. The business is the unit: a business's
-- respondents on a day are averaged (numbers) or share one vote (options).
-- Rows with district '*' sum a (day, sector, size band) over its districts,
-- so reads that do not split by district read a quarter of the rows or less.
CREATE TABLE observatory_cell (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    question_id bigint NOT NULL,
    day date NOT NULL,
    sector text NOT NULL,
    size_band text NOT NULL,
    district text NOT NULL,
    -- businesses with an assignment of the question that day
    assigned int NOT NULL DEFAULT 0,
    -- businesses and people with a latest answer
    businesses int NOT NULL DEFAULT 0,
    respondents int NOT NULL DEFAULT 0,
    -- numeric answers: businesses with a value, sums of business means
    num_n int NOT NULL DEFAULT 0,
    sum_y float8 NOT NULL DEFAULT 0,
    sum_y2 float8 NOT NULL DEFAULT 0,
    -- distribution of business means, for medians (values sorted)
    hist_values float8[] NOT NULL DEFAULT '{}',
    hist_counts int[] NOT NULL DEFAULT '{}',
    -- options (choice codes, or scale points): businesses with an option
    -- answer and, per code, the sum of each business's share of its vote
    share_base int NOT NULL DEFAULT 0,
    share_codes int[] NOT NULL DEFAULT '{}',
    share_sums float8[] NOT NULL DEFAULT '{}',
    -- rankings: per code (rank_codes) and rank 1..rank_k, summed shares,
    -- flattened code-major into rank_sums
    rank_base int NOT NULL DEFAULT 0,
    rank_k int NOT NULL DEFAULT 0,
    rank_codes int[] NOT NULL DEFAULT '{}',
    rank_sums float8[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant_id, question_id, day, sector, size_band, district)
);

-- How far the refresher has folded answers and assignments into the cells.
-- Rows with id <= *_done are folded; ids in (*_done, *_seen] are folded
-- again on the next pass, in case a transaction that took a lower id
-- committed late.
CREATE TABLE observatory_watermark (
    tenant_id bigint PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,
    answer_done bigint NOT NULL DEFAULT 0,
    answer_seen bigint NOT NULL DEFAULT 0,
    assignment_done bigint NOT NULL DEFAULT 0,
    assignment_seen bigint NOT NULL DEFAULT 0,
    refreshed_at timestamptz
);

-- The per-tenant key of the pseudonymous panellist ids in micro-data:
-- HMAC(secret, panellist id) is stable within a tenant and unlinkable
-- across tenants.
CREATE TABLE observatory_secret (
    tenant_id bigint PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,
    secret bytea NOT NULL CHECK (length(secret) >= 32)
);

-- +goose Down
DROP TABLE observatory_secret, observatory_watermark, observatory_cell;
