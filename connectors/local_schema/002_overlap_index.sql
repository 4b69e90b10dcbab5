-- Availability looks for active stays that overlap a range: "departure > arrival" bounds the
-- scan to stays not yet over, however much history accumulates (001's (room_type, arrival,
-- departure) index scanned every past arrival).
CREATE INDEX IF NOT EXISTS reservations_active_departure ON pms_local.reservations
    (room_type, departure, arrival) WHERE status IN ('tentative', 'confirmed', 'checked_in');
DROP INDEX IF EXISTS pms_local.reservations_active_stay;
