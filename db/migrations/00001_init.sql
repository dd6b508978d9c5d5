-- +goose Up
-- The PanelPulse schema. Every table but tenant carries tenant_id, and every
-- primary key and index leads with it, so that no query crosses tenants and
-- the schema can be distributed by tenant later.

CREATE TABLE tenant (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{1,62}$'),
    name text NOT NULL,
    time_zone text NOT NULL DEFAULT 'Europe/London',
    calendar text NOT NULL DEFAULT 'england-and-wales',
    daily_cap int NOT NULL DEFAULT 2 CHECK (daily_cap IN (1, 2)),
    suppression_threshold int NOT NULL DEFAULT 5 CHECK (suppression_threshold >= 3),
    close_working_days int NOT NULL DEFAULT 1 CHECK (close_working_days BETWEEN 0 AND 10),
    reminder_after_minutes int NOT NULL DEFAULT 360 CHECK (reminder_after_minutes >= 0),
    late_grace_minutes int NOT NULL DEFAULT 4320 CHECK (late_grace_minutes >= 0),
    erase_answers boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_key (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id bigint GENERATED ALWAYS AS IDENTITY,
    key_hash bytea NOT NULL,
    role text NOT NULL CHECK (role IN ('admin', 'analyst', 'facilitator')),
    label text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, key_hash)
);

CREATE TABLE sector_rule (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    sic_prefix text NOT NULL CHECK (sic_prefix ~ '^[0-9]{2,5}$'),
    sector text NOT NULL,
    PRIMARY KEY (tenant_id, sic_prefix)
);

CREATE TABLE closure_day (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    day date NOT NULL,
    reason text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, day)
);

CREATE TABLE population_stratum (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    sector text NOT NULL,
    size_band text NOT NULL,
    businesses int NOT NULL CHECK (businesses >= 0),
    PRIMARY KEY (tenant_id, sector, size_band)
);

CREATE TABLE business (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id bigint GENERATED ALWAYS AS IDENTITY,
    ref text NOT NULL,
    name text NOT NULL,
    sic text NOT NULL CHECK (sic ~ '^[0-9]{5}$'),
    sector text NOT NULL,
    size_band text NOT NULL CHECK (size_band IN ('micro', 'small', 'medium', 'large')),
    employees int NOT NULL CHECK (employees >= 0),
    district text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, ref)
);

CREATE TABLE panellist (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id bigint GENERATED ALWAYS AS IDENTITY,
    business_id bigint NOT NULL,
    ref text NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    role text NOT NULL DEFAULT '',
    time_zone text NOT NULL DEFAULT 'Europe/London',
    delivery_minute int NOT NULL DEFAULT 540 CHECK (delivery_minute BETWEEN 0 AND 1439),
    status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'withdrawn')),
    paused_until date,
    joined_on date,
    unreachable boolean NOT NULL DEFAULT false,
    withdrawn_at timestamptz,
    erased_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, ref),
    FOREIGN KEY (tenant_id, business_id) REFERENCES business (tenant_id, id)
);

CREATE INDEX panellist_active ON panellist (tenant_id, status, id);

CREATE TABLE consent (
    tenant_id bigint NOT NULL,
    panellist_id bigint NOT NULL,
    version text NOT NULL,
    given_at timestamptz NOT NULL,
    withdrawn_at timestamptz,
    PRIMARY KEY (tenant_id, panellist_id, version),
    FOREIGN KEY (tenant_id, panellist_id) REFERENCES panellist (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE invite (
    tenant_id bigint NOT NULL,
    code_hash bytea NOT NULL,
    panellist_id bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (tenant_id, code_hash),
    FOREIGN KEY (tenant_id, panellist_id) REFERENCES panellist (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE panellist_session (
    tenant_id bigint NOT NULL,
    token_hash bytea NOT NULL,
    panellist_id bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    PRIMARY KEY (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, panellist_id) REFERENCES panellist (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE device (
    tenant_id bigint NOT NULL,
    fcm_token text NOT NULL,
    panellist_id bigint NOT NULL,
    platform text NOT NULL CHECK (platform IN ('android', 'ios')),
    app_version text NOT NULL DEFAULT '',
    locale text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, fcm_token),
    FOREIGN KEY (tenant_id, panellist_id) REFERENCES panellist (tenant_id, id) ON DELETE CASCADE
);

CREATE INDEX device_panellist ON device (tenant_id, panellist_id);

CREATE TABLE question (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id bigint GENERATED ALWAYS AS IDENTITY,
    key text NOT NULL,
    theme text NOT NULL,
    latest_version int NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, key)
);

CREATE TABLE question_version (
    tenant_id bigint NOT NULL,
    question_id bigint NOT NULL,
    version int NOT NULL,
    type text NOT NULL,
    title text NOT NULL,
    wording text NOT NULL,
    spec jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, question_id, version),
    FOREIGN KEY (tenant_id, question_id) REFERENCES question (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE wave (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id bigint GENERATED ALWAYS AS IDENTITY,
    name text NOT NULL,
    start_date date NOT NULL,
    end_date date NOT NULL,
    working_days int NOT NULL CHECK (working_days > 0),
    seed bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK (end_date >= start_date)
);

CREATE TABLE plan_item (
    tenant_id bigint NOT NULL,
    wave_id bigint NOT NULL,
    day_index int NOT NULL CHECK (day_index >= 0),
    question_id bigint NOT NULL,
    segment text NOT NULL DEFAULT 'all',
    PRIMARY KEY (tenant_id, wave_id, day_index, question_id, segment),
    FOREIGN KEY (tenant_id, wave_id) REFERENCES wave (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, question_id) REFERENCES question (tenant_id, id)
);

CREATE TABLE assignment (
    tenant_id bigint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    wave_id bigint NOT NULL,
    panellist_id bigint NOT NULL,
    question_id bigint NOT NULL,
    question_version int NOT NULL,
    day date NOT NULL,
    position smallint NOT NULL,
    opens_at timestamptz NOT NULL,
    closes_at timestamptz NOT NULL,
    remind_at timestamptz,
    status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'sent', 'opened', 'answered', 'expired')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, panellist_id, day, question_id),
    FOREIGN KEY (tenant_id, panellist_id) REFERENCES panellist (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, wave_id) REFERENCES wave (tenant_id, id),
    FOREIGN KEY (tenant_id, question_id, question_version) REFERENCES question_version (tenant_id, question_id, version)
);

CREATE INDEX assignment_question_day ON assignment (tenant_id, question_id, day);
CREATE INDEX assignment_wave_day ON assignment (tenant_id, wave_id, day);

CREATE TABLE push (
    tenant_id bigint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    panellist_id bigint NOT NULL,
    day date NOT NULL,
    kind text NOT NULL CHECK (kind IN ('delivery', 'reminder')),
    assignment_ids bigint[] NOT NULL,
    due_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
    attempts int NOT NULL DEFAULT 0,
    lease_until timestamptz,
    sent_at timestamptz,
    devices_sent int NOT NULL DEFAULT 0,
    opened_at timestamptz,
    last_error text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, panellist_id, day, kind),
    FOREIGN KEY (tenant_id, panellist_id) REFERENCES panellist (tenant_id, id) ON DELETE CASCADE
);

-- Dispatchers claim due pushes across tenants through this index; the claim
-- is the one query that deliberately spans tenants (a worker serves all).
CREATE INDEX push_due ON push (due_at) WHERE status IN ('queued', 'sending');

CREATE TABLE answer (
    tenant_id bigint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    assignment_id bigint NOT NULL,
    panellist_id bigint,
    business_id bigint NOT NULL,
    question_id bigint NOT NULL,
    day date NOT NULL,
    question_version int NOT NULL,
    revision int NOT NULL,
    idempotency_key text NOT NULL,
    value jsonb NOT NULL,
    num_value double precision,
    codes int[] NOT NULL DEFAULT '{}',
    answered_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    is_latest boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, assignment_id, idempotency_key),
    UNIQUE (tenant_id, assignment_id, revision),
    FOREIGN KEY (tenant_id, assignment_id) REFERENCES assignment (tenant_id, id)
);

CREATE INDEX answer_latest ON answer (tenant_id, question_id, day) WHERE is_latest;

CREATE TABLE finding (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id bigint GENERATED ALWAYS AS IDENTITY,
    statement text NOT NULL,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'testing', 'validated', 'refuted', 'inconclusive')),
    roundtable text NOT NULL DEFAULT '',
    question_id bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, question_id) REFERENCES question (tenant_id, id)
);

CREATE TABLE erasure (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    panellist_ref text NOT NULL,
    erased_at timestamptz NOT NULL,
    answers_kept boolean NOT NULL,
    PRIMARY KEY (tenant_id, panellist_ref, erased_at)
);

-- +goose Down
DROP TABLE erasure, finding, answer, push, assignment, plan_item, wave, question_version,
    question, device, panellist_session, invite, consent, panellist, business,
    population_stratum, closure_day, sector_rule, staff_key, tenant;
