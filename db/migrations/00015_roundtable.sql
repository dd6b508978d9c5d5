-- +goose Up
-- A roundtable is a meeting (title, date, audience) whose attendees join
-- from their phones with the short code shown in the room and get its
-- findings' questions at once, outside the daily cap: they asked for them.
CREATE TABLE roundtable (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id bigint GENERATED ALWAYS AS IDENTITY,
    title text NOT NULL,
    held_on date NOT NULL,
    audience text NOT NULL DEFAULT '',
    join_code text NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, join_code)
);

CREATE TABLE roundtable_finding (
    tenant_id bigint NOT NULL,
    roundtable_id bigint NOT NULL,
    finding_id bigint NOT NULL,
    PRIMARY KEY (tenant_id, roundtable_id, finding_id),
    FOREIGN KEY (tenant_id, roundtable_id) REFERENCES roundtable (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, finding_id) REFERENCES finding (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE roundtable_attendee (
    tenant_id bigint NOT NULL,
    roundtable_id bigint NOT NULL,
    panellist_id bigint NOT NULL,
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, roundtable_id, panellist_id),
    FOREIGN KEY (tenant_id, roundtable_id) REFERENCES roundtable (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, panellist_id) REFERENCES panellist (tenant_id, id) ON DELETE CASCADE
);

-- An ad-hoc item may be for one panellist (an attendee) and outside the
-- daily cap; such an item opens at not_before, not at the delivery time.
ALTER TABLE adhoc_item ADD COLUMN panellist_id bigint;
ALTER TABLE adhoc_item ADD COLUMN outside_cap boolean NOT NULL DEFAULT false;
ALTER TABLE adhoc_item ADD FOREIGN KEY (tenant_id, panellist_id) REFERENCES panellist (tenant_id, id) ON DELETE CASCADE;

-- The programme's Firebase web configuration (apiKey, projectId, appId,
-- messagingSenderId, ...), served to the web app so it registers with FCM;
-- without it the app checks for questions when opened.
ALTER TABLE tenant ADD COLUMN firebase_web_config jsonb;

-- +goose Down
ALTER TABLE tenant DROP COLUMN firebase_web_config;
DELETE FROM adhoc_item WHERE panellist_id IS NOT NULL;
ALTER TABLE adhoc_item DROP COLUMN outside_cap;
ALTER TABLE adhoc_item DROP COLUMN panellist_id;
DROP TABLE roundtable_attendee, roundtable_finding, roundtable;
