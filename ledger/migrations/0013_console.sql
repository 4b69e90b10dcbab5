-- The front-desk console (runtime/console/, docs/console.md): its accounts, its sessions,
-- its audit trail, and a change feed so its live view never polls the ledger.
--
-- Accounts: passwords only as argon2id hashes (argon2-cffi's encoded form, salt included).
-- Sessions: the browser holds a random token; only its SHA-256 is stored, so a copy of
-- this table cannot be replayed as a cookie. Each session carries its own CSRF token.
-- console_audit: every login, failed login and action (who, what, from where); append-only
-- like the decisions, so an account cannot erase the trace of what it did.

CREATE TABLE console_accounts (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name           text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9_.@-]{1,64}$'),
    role           text NOT NULL CHECK (role IN ('reception', 'manager', 'admin')),
    password_hash  text NOT NULL,
    disabled       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1
);

CREATE TABLE console_sessions (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash     text NOT NULL UNIQUE,
    account_id     uuid NOT NULL REFERENCES console_accounts (id) ON DELETE CASCADE,
    csrf_token     text NOT NULL,
    remote         text,
    expires_at     timestamptz NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

CREATE TABLE console_audit (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account     text,
    event       text NOT NULL,
    ok          boolean NOT NULL DEFAULT true,
    remote      text,
    detail      jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX console_audit_created_at ON console_audit (created_at);
CREATE INDEX console_audit_login ON console_audit (account, created_at) WHERE event = 'login';

CREATE TRIGGER console_audit_append_only BEFORE UPDATE OR DELETE ON console_audit
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- The caller's language per turn (COMMAND knows it; the live view and history show it).
ALTER TABLE turns ADD COLUMN lang text;

-- Voice-to-voice latency (end of the caller's words -> first sound of the answer) as
-- measured where the caller sits: by the client that placed the call (the console's
-- voice page today; a telephony bridge later). The console's latency chart reads it.
CREATE TABLE voice_latency (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    call_id            text NOT NULL,
    turn               integer NOT NULL,
    voice_to_voice_ms  integer NOT NULL CHECK (voice_to_voice_ms >= 0),
    source             text NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (call_id, turn)
);
CREATE INDEX voice_latency_created_at ON voice_latency (created_at);

-- Search by confirmation number: a PMS result that made, changed or cancelled a booking
-- carries it as result.reservation.confirmation (connectors/executor.py).
CREATE INDEX results_confirmation ON results ((result->'reservation'->>'confirmation'))
    WHERE result ? 'reservation';
CREATE INDEX calls_started_at ON calls (started_at);
CREATE INDEX alerts_category ON alerts (category, created_at);

-- The change feed: one NOTIFY per written statement and table (never per row), naming the
-- calls it touched, on channel sovren_ledger. The ledger writer writes a batch with one
-- COPY per table, so a batch costs one notification per table it touched. Payload:
-- {"t": table, "c": [call ids, at most 100] or null when more}. Listeners re-read what
-- they need; a notification carries no personal data.
CREATE FUNCTION ledger_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids text[];
BEGIN
    IF TG_TABLE_NAME = 'calls' THEN
        SELECT array_agg(DISTINCT replace(id::text, '-', '')) INTO ids
          FROM (SELECT id FROM new_rows LIMIT 101) s;
    ELSE
        SELECT array_agg(DISTINCT call_id) INTO ids
          FROM (SELECT call_id FROM new_rows WHERE call_id IS NOT NULL LIMIT 101) s;
    END IF;
    PERFORM pg_notify('sovren_ledger', json_build_object(
        't', TG_TABLE_NAME,
        'c', CASE WHEN coalesce(array_length(ids, 1), 0) > 100 THEN NULL ELSE ids END
    )::text);
    RETURN NULL;
END $$;

CREATE TRIGGER calls_notify_insert AFTER INSERT ON calls
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_notify_change();
CREATE TRIGGER calls_notify_update AFTER UPDATE ON calls
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_notify_change();
CREATE TRIGGER turns_notify AFTER INSERT ON turns
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_notify_change();
CREATE TRIGGER proposals_notify AFTER INSERT ON proposals
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_notify_change();
CREATE TRIGGER decisions_notify AFTER INSERT ON decisions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_notify_change();
CREATE TRIGGER results_notify AFTER INSERT ON results
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_notify_change();
CREATE TRIGGER alerts_notify_insert AFTER INSERT ON alerts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_notify_change();
CREATE TRIGGER alerts_notify_update AFTER UPDATE ON alerts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_notify_change();
