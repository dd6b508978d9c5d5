-- +goose Up
-- The one definition of the counts every report gives (see docs/counts.md):
-- one row per assignment with what became of it. Every count of assigned,
-- pushed, opened, answered and answered after a push, in every RPC, export
-- and screen, is a count of this view's rows and flags.
--
-- pushed_at: when the first push of the panellist's day that carried the
--   assignment (the delivery, or the ad-hoc push for items added after it;
--   never a reminder) was accepted by FCM; null when none was.
-- reminded: a reminder carrying it was accepted by FCM.
-- opened: the app acknowledged a notification (any push, reminders too)
--   carrying it.
-- answered_at: when its first stored answer was given. An answer is stored
--   only before close or within the tenant's grace period, so every stored
--   answer counts.
-- answered_after_push: answered at or after pushed_at.
CREATE VIEW assignment_count AS
SELECT a.tenant_id, a.id AS assignment_id, a.wave_id, a.panellist_id, a.day, a.closes_at,
    (a.adhoc_id IS NOT NULL) AS adhoc,
    fp.sent_at AS pushed_at,
    coalesce(fp.reminded, false) AS reminded,
    coalesce(fp.opened, false) AS opened,
    an.answered_at,
    (an.answered_at IS NOT NULL AND fp.sent_at IS NOT NULL AND an.answered_at >= fp.sent_at) AS answered_after_push
FROM assignment a
LEFT JOIN LATERAL (
    SELECT min(pu.sent_at) FILTER (WHERE pu.kind <> 'reminder') AS sent_at,
        bool_or(pu.sent_at IS NOT NULL) FILTER (WHERE pu.kind = 'reminder') AS reminded,
        bool_or(pu.opened_at IS NOT NULL) AS opened
    FROM push pu
    -- Every kind named, so the lookup is one probe of the push key
    -- (tenant, panellist, day, kind) per kind.
    WHERE pu.tenant_id = a.tenant_id AND pu.panellist_id = a.panellist_id AND pu.day = a.day
      AND pu.kind IN ('delivery', 'adhoc', 'reminder') AND a.id = ANY(pu.assignment_ids)
) fp ON true
LEFT JOIN LATERAL (
    SELECT min(x.answered_at) AS answered_at FROM answer x
    WHERE x.tenant_id = a.tenant_id AND x.assignment_id = a.id
) an ON true;

-- +goose Down
DROP VIEW assignment_count;
