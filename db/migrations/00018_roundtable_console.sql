-- +goose Up
-- A finding test sent "now" to a panel segment takes the slot of the day's
-- wave items not yet pushed: they move to the next working day with room.
ALTER TABLE adhoc_item ADD COLUMN takes_slot boolean NOT NULL DEFAULT false;

-- A closed item plans nothing more (its finding's test was closed).
ALTER TABLE adhoc_item ADD COLUMN closed_at timestamptz;

-- A finding's test may be closed: its open assignments close then, so no
-- answer given later is counted.
ALTER TABLE finding ADD COLUMN test_closed_at timestamptz;

-- A finding's history: each test (with what it reached now and later and
-- the wave items it moved or dropped), each close and each verdict with
-- its evidence at that moment (n, net agreement and its interval, room
-- and panel apart), as the facilitator saw it.
CREATE TABLE finding_event (
    tenant_id bigint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    finding_id bigint NOT NULL,
    kind text NOT NULL CHECK (kind IN ('test', 'close', 'verdict')),
    at timestamptz NOT NULL,
    segment text NOT NULL DEFAULT '',
    day date,
    now_count int NOT NULL DEFAULT 0,
    later_count int NOT NULL DEFAULT 0,
    later_day date,
    moved int NOT NULL DEFAULT 0,
    dropped int NOT NULL DEFAULT 0,
    verdict text NOT NULL DEFAULT '',
    evidence jsonb,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, finding_id) REFERENCES finding (tenant_id, id) ON DELETE CASCADE
);

CREATE INDEX finding_event_finding ON finding_event (tenant_id, finding_id, id);

-- +goose Down
DROP TABLE finding_event;
ALTER TABLE finding DROP COLUMN test_closed_at;
ALTER TABLE adhoc_item DROP COLUMN closed_at;
ALTER TABLE adhoc_item DROP COLUMN takes_slot;
