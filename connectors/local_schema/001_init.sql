-- The local PMS: rooms, room types, rate plans, rates and reservations.
-- Applied once per database by connectors/adapters/local_store.py (schema pms_local,
-- version recorded in pms_local.schema_version). Idempotent by construction.
CREATE SCHEMA IF NOT EXISTS pms_local;

CREATE TABLE IF NOT EXISTS pms_local.room_types (
    code        text PRIMARY KEY,
    name        text NOT NULL,
    max_guests  integer NOT NULL CHECK (max_guests > 0)
);

CREATE TABLE IF NOT EXISTS pms_local.rooms (
    number      text PRIMARY KEY,
    room_type   text NOT NULL REFERENCES pms_local.room_types (code),
    in_service  boolean NOT NULL DEFAULT true
);
CREATE INDEX IF NOT EXISTS rooms_by_type ON pms_local.rooms (room_type) WHERE in_service;

CREATE TABLE IF NOT EXISTS pms_local.rate_plans (
    code                 text PRIMARY KEY,
    name                 text NOT NULL,
    cancellation_policy  text NOT NULL,
    refundable           boolean NOT NULL DEFAULT true
);

-- Nightly price of a room type under a rate plan.
CREATE TABLE IF NOT EXISTS pms_local.rates (
    room_type  text NOT NULL REFERENCES pms_local.room_types (code),
    rate_plan  text NOT NULL REFERENCES pms_local.rate_plans (code),
    amount     numeric(12, 2) NOT NULL CHECK (amount >= 0),
    currency   char(3) NOT NULL,
    PRIMARY KEY (room_type, rate_plan)
);

-- One row per (room type, night) that was ever booked: the rows a booking locks
-- (SELECT ... FOR UPDATE) so that two transactions never sell the same last room.
CREATE TABLE IF NOT EXISTS pms_local.inventory_locks (
    room_type  text NOT NULL REFERENCES pms_local.room_types (code),
    night      date NOT NULL,
    PRIMARY KEY (room_type, night)
);

CREATE TABLE IF NOT EXISTS pms_local.reservations (
    id                   uuid PRIMARY KEY,
    confirmation         text NOT NULL UNIQUE,
    idempotency_key      text NOT NULL UNIQUE,
    status               text NOT NULL CHECK (status IN
                           ('tentative', 'confirmed', 'checked_in', 'checked_out', 'cancelled', 'no_show')),
    room_type            text NOT NULL REFERENCES pms_local.room_types (code),
    rate_plan            text NOT NULL REFERENCES pms_local.rate_plans (code),
    arrival              date NOT NULL,
    departure            date NOT NULL,
    adults               integer NOT NULL CHECK (adults >= 1),
    children             integer NOT NULL DEFAULT 0 CHECK (children >= 0),
    guest_name           text NOT NULL,
    guest_phone          text,
    guest_email          text,
    phone_digits         text,
    total                numeric(12, 2) NOT NULL,
    currency             char(3) NOT NULL,
    cancellation_policy  text NOT NULL,
    cancel_reason        text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (departure > arrival)
);
-- Availability: active reservations of a type overlapping a date range.
CREATE INDEX IF NOT EXISTS reservations_active_stay ON pms_local.reservations
    (room_type, arrival, departure) WHERE status IN ('tentative', 'confirmed', 'checked_in');
CREATE INDEX IF NOT EXISTS reservations_by_name ON pms_local.reservations (lower(guest_name));
CREATE INDEX IF NOT EXISTS reservations_by_phone ON pms_local.reservations (right(phone_digits, 9));
CREATE INDEX IF NOT EXISTS reservations_by_arrival ON pms_local.reservations (arrival);

-- Applied modifications, keyed by their idempotency key (a retried modify changes nothing more).
CREATE TABLE IF NOT EXISTS pms_local.modifications (
    idempotency_key  text PRIMARY KEY,
    reservation_id   uuid NOT NULL REFERENCES pms_local.reservations (id),
    arrival          date NOT NULL,
    departure        date NOT NULL,
    adults           integer NOT NULL,
    children         integer NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
