-- +goose Up
-- Scheduling: split samples on plan items, ad-hoc items outside the plan
-- (admins and facilitators' finding tests), and a second push for items
-- that arrive after a panellist's delivery push has gone out.

-- split 0 sends a plan item to its whole segment; 1 and 2 send it to one
-- reproducible half, drawn from the wave's seed per panellist.
ALTER TABLE plan_item ADD COLUMN split smallint NOT NULL DEFAULT 0 CHECK (split IN (0, 1, 2));

-- Every assignment belongs to a wave; ad-hoc items outside a running wave
-- belong to the tenant's one holder wave, which is never active itself.
ALTER TABLE wave ADD COLUMN adhoc boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX wave_adhoc ON wave (tenant_id) WHERE adhoc;

CREATE TABLE adhoc_item (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id bigint GENERATED ALWAYS AS IDENTITY,
    question_id bigint NOT NULL,
    segment text NOT NULL DEFAULT 'all',
    first_day date NOT NULL,
    not_before timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, question_id) REFERENCES question (tenant_id, id)
);

CREATE INDEX adhoc_item_day ON adhoc_item (tenant_id, first_day);

ALTER TABLE assignment ADD COLUMN adhoc_id bigint;
CREATE INDEX assignment_adhoc ON assignment (tenant_id, adhoc_id) WHERE adhoc_id IS NOT NULL;

-- An 'adhoc' push carries ad-hoc assignments added after the day's
-- delivery push was already sent; the unique key stays (tenant, panellist,
-- day, kind), and the daily cap of 2 needs at most one such push a day.
ALTER TABLE push DROP CONSTRAINT push_kind_check;
ALTER TABLE push ADD CONSTRAINT push_kind_check CHECK (kind IN ('delivery', 'reminder', 'adhoc'));

-- +goose Down
ALTER TABLE push DROP CONSTRAINT push_kind_check;
ALTER TABLE push ADD CONSTRAINT push_kind_check CHECK (kind IN ('delivery', 'reminder'));
DROP INDEX assignment_adhoc;
ALTER TABLE assignment DROP COLUMN adhoc_id;
DROP TABLE adhoc_item;
DROP INDEX wave_adhoc;
ALTER TABLE wave DROP COLUMN adhoc;
ALTER TABLE plan_item DROP COLUMN split;
