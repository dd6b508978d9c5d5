-- +goose Up
-- Rollup keys made stale by changes the refresher's id watermark cannot see:
-- deleted answers and assignments (erasure, pauses), answers detached from
-- their panellist, and a business's segment or a panellist's role or
-- business changing. Triggers record the (question, day) of every affected
-- row; the refresher takes the tenant's rows and recomputes those days.
--
-- The table is append-only with its own id rather than keyed by (question,
-- day): with a unique key, a change whose key is already recorded (by a
-- committed transaction) would add nothing, and if the refresher took that
-- row while the change was still uncommitted, it would recompute the day
-- without the change and nothing would be left to say so. Appended rows
-- never conflict and never block: a row committed after the refresher's
-- DELETE ... RETURNING is not visible to it, stays, and is taken on the
-- next pass. Each trigger statement writes a key once; duplicates across
-- statements are merged by the refresher.
CREATE TABLE observatory_dirty (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id bigint GENERATED ALWAYS AS IDENTITY,
    question_id bigint NOT NULL,
    day date NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- The triggers' lookups by business use the indexes of migration 00008,
-- built concurrently.

-- Deleted answers or assignments: their own keys. A tenant's deletion
-- cascades to its assignments; rows of a tenant that is gone are skipped
-- (the foreign key would refuse them, and there is nothing to refresh).
-- +goose StatementBegin
CREATE FUNCTION observatory_dirty_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO observatory_dirty (tenant_id, question_id, day)
    SELECT k.tenant_id, k.question_id, k.day
    FROM (SELECT DISTINCT o.tenant_id, o.question_id, o.day FROM old o) k
    WHERE EXISTS (SELECT 1 FROM tenant t WHERE t.id = k.tenant_id)
    ORDER BY 1, 2, 3;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER answer_observatory_deleted AFTER DELETE ON answer
    REFERENCING OLD TABLE AS old FOR EACH STATEMENT EXECUTE FUNCTION observatory_dirty_deleted();
CREATE TRIGGER assignment_observatory_deleted AFTER DELETE ON assignment
    REFERENCING OLD TABLE AS old FOR EACH STATEMENT EXECUTE FUNCTION observatory_dirty_deleted();

-- An answer or assignment row changed in a column the rollups read (an
-- answer detached from its panellist on erasure). Row-level with a column
-- list and a WHEN condition, so the hot updates (an answer's is_latest
-- flip on revision, an assignment's status) queue nothing: a statement
-- trigger with transition tables would copy every such row.
-- +goose StatementBegin
CREATE FUNCTION observatory_dirty_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO observatory_dirty (tenant_id, question_id, day) VALUES (OLD.tenant_id, OLD.question_id, OLD.day);
    IF (NEW.tenant_id, NEW.question_id, NEW.day) IS DISTINCT FROM (OLD.tenant_id, OLD.question_id, OLD.day) THEN
        INSERT INTO observatory_dirty (tenant_id, question_id, day) VALUES (NEW.tenant_id, NEW.question_id, NEW.day);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER answer_observatory_changed
    AFTER UPDATE OF panellist_id, business_id, question_id, day, value, num_value, codes ON answer
    FOR EACH ROW WHEN ((OLD.panellist_id, OLD.business_id, OLD.question_id, OLD.day, OLD.num_value, OLD.codes)
        IS DISTINCT FROM (NEW.panellist_id, NEW.business_id, NEW.question_id, NEW.day, NEW.num_value, NEW.codes)
        OR OLD.value IS DISTINCT FROM NEW.value)
    EXECUTE FUNCTION observatory_dirty_row();
CREATE TRIGGER assignment_observatory_changed
    AFTER UPDATE OF panellist_id, question_id, day ON assignment
    FOR EACH ROW WHEN ((OLD.panellist_id, OLD.question_id, OLD.day) IS DISTINCT FROM (NEW.panellist_id, NEW.question_id, NEW.day))
    EXECUTE FUNCTION observatory_dirty_row();

-- A business's sector, size band or district changed (sector re-mapping,
-- business import): the keys of its latest answers (which carry the
-- business) and
-- of its panellists' assignments (the assigned counts follow the
-- panellist's business). Also fires for INSERT ... ON CONFLICT DO UPDATE.
-- +goose StatementBegin
CREATE FUNCTION observatory_dirty_business() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO observatory_dirty (tenant_id, question_id, day)
    SELECT k.tenant_id, k.question_id, k.day FROM (
        SELECT an.tenant_id, an.question_id, an.day
        FROM new n
        JOIN old o ON o.tenant_id = n.tenant_id AND o.id = n.id
        JOIN answer an ON an.tenant_id = n.tenant_id AND an.business_id = n.id AND an.is_latest
        WHERE (o.sector, o.size_band, o.district) IS DISTINCT FROM (n.sector, n.size_band, n.district)
        UNION
        SELECT a.tenant_id, a.question_id, a.day
        FROM new n
        JOIN old o ON o.tenant_id = n.tenant_id AND o.id = n.id
        JOIN panellist p ON p.tenant_id = n.tenant_id AND p.business_id = n.id
        JOIN assignment a ON a.tenant_id = p.tenant_id AND a.panellist_id = p.id
        WHERE (o.sector, o.size_band, o.district) IS DISTINCT FROM (n.sector, n.size_band, n.district)
    ) k
    ORDER BY 1, 2, 3;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER business_observatory_segment AFTER UPDATE ON business
    REFERENCING OLD TABLE AS old NEW TABLE AS new FOR EACH STATEMENT EXECUTE FUNCTION observatory_dirty_business();

-- A panellist's role or business changed: the keys of its assignments,
-- which include those of its answers (an answer belongs to an assignment
-- of the same question and day), and of the answers still carrying it.
-- Deleting a panellist cascades to its assignments (caught above); its
-- answers must have been deleted first, as they reference the assignments.
-- +goose StatementBegin
CREATE FUNCTION observatory_dirty_panellist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO observatory_dirty (tenant_id, question_id, day)
    SELECT k.tenant_id, k.question_id, k.day FROM (
        SELECT a.tenant_id, a.question_id, a.day
        FROM new n
        JOIN old o ON o.tenant_id = n.tenant_id AND o.id = n.id
        JOIN assignment a ON a.tenant_id = n.tenant_id AND a.panellist_id = n.id
        WHERE (o.role, o.business_id) IS DISTINCT FROM (n.role, n.business_id)
        UNION
        SELECT an.tenant_id, an.question_id, an.day
        FROM new n
        JOIN old o ON o.tenant_id = n.tenant_id AND o.id = n.id
        JOIN answer an ON an.tenant_id = n.tenant_id AND an.panellist_id = n.id
        WHERE (o.role, o.business_id) IS DISTINCT FROM (n.role, n.business_id)
    ) k
    ORDER BY 1, 2, 3;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER panellist_observatory_segment AFTER UPDATE ON panellist
    REFERENCING OLD TABLE AS old NEW TABLE AS new FOR EACH STATEMENT EXECUTE FUNCTION observatory_dirty_panellist();

-- +goose Down
DROP TRIGGER panellist_observatory_segment ON panellist;
DROP TRIGGER business_observatory_segment ON business;
DROP TRIGGER assignment_observatory_changed ON assignment;
DROP TRIGGER answer_observatory_changed ON answer;
DROP TRIGGER assignment_observatory_deleted ON assignment;
DROP TRIGGER answer_observatory_deleted ON answer;
DROP FUNCTION observatory_dirty_panellist();
DROP FUNCTION observatory_dirty_business();
DROP FUNCTION observatory_dirty_row();
DROP FUNCTION observatory_dirty_deleted();
DROP TABLE observatory_dirty;
