-- The ledger's tables. No foreign keys between them on purpose: records come
-- from several agents through the writer in any order, and a log must never
-- refuse a record because its neighbour has not arrived yet. Rows are joined
-- by call_id / decision_id (indexed).
--
-- Every table: uuid id, created_at, updated_at. deleted_at where personal data
-- may be erased (calls, turns, proposals, actions, results). version where rows
-- are updated concurrently (calls, alerts, prior_counts).

CREATE TABLE calls (
    id           uuid PRIMARY KEY,
    hotel_id     text NOT NULL,
    caller_phone text,
    channel      text NOT NULL DEFAULT 'phone',
    started_at   timestamptz NOT NULL,
    ended_at     timestamptz,
    end_reason   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    deleted_at   timestamptz,
    version      integer NOT NULL DEFAULT 1
);
CREATE INDEX calls_caller_phone ON calls (caller_phone) WHERE caller_phone IS NOT NULL;
CREATE INDEX calls_created_at ON calls (created_at);

CREATE TABLE turns (
    id          uuid PRIMARY KEY,
    call_id     text NOT NULL,
    turn        integer NOT NULL,
    speaker     text NOT NULL CHECK (speaker IN ('caller', 'agent')),
    text        text,
    confidence  double precision,
    audio_path  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);
CREATE INDEX turns_call ON turns (call_id, turn);
CREATE INDEX turns_created_at ON turns (created_at);

CREATE TABLE proposals (
    id          uuid PRIMARY KEY,
    call_id     text NOT NULL,
    turn        integer NOT NULL,
    action      text NOT NULL,
    origin      text NOT NULL DEFAULT '',
    intent      text NOT NULL DEFAULT '',
    confidence  double precision NOT NULL DEFAULT 0,
    args        jsonb NOT NULL DEFAULT '{}',
    reply       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);
CREATE INDEX proposals_call ON proposals (call_id, turn);
CREATE INDEX proposals_created_at ON proposals (created_at);

-- Decisions carry no personal data (no arguments, no text), so they are never
-- erased and their hash chain stays whole. seq, prev_hash and hash are set by
-- the trigger below; a row is append-only.
CREATE TABLE decisions (
    id             uuid PRIMARY KEY,
    seq            bigint NOT NULL UNIQUE,
    call_id        text NOT NULL,
    hotel_id       text NOT NULL,
    turn           integer NOT NULL,
    action         text NOT NULL,
    risk_class     text NOT NULL,
    approved       boolean NOT NULL,
    vetoed         boolean NOT NULL,
    posterior      double precision NOT NULL,
    threshold      double precision NOT NULL,
    prior_logodds  double precision NOT NULL,
    terms          jsonb NOT NULL,
    evidence       jsonb NOT NULL,
    utilities      jsonb NOT NULL,
    fallback       text,
    state          text NOT NULL,
    reason         text NOT NULL,
    prev_hash      text NOT NULL,
    hash           text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decisions_call ON decisions (call_id);
CREATE INDEX decisions_action ON decisions (action, created_at);

CREATE TABLE actions (
    id           uuid PRIMARY KEY,
    decision_id  text NOT NULL,
    call_id      text NOT NULL,
    action       text NOT NULL,
    args         jsonb NOT NULL DEFAULT '{}',
    token_id     text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    deleted_at   timestamptz
);
CREATE INDEX actions_decision ON actions (decision_id);
CREATE INDEX actions_call ON actions (call_id);

CREATE TABLE results (
    id           uuid PRIMARY KEY,
    decision_id  text NOT NULL,
    call_id      text NOT NULL,
    action       text NOT NULL,
    ok           boolean NOT NULL,
    result       jsonb NOT NULL DEFAULT '{}',
    error        text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    deleted_at   timestamptz
);
CREATE INDEX results_decision ON results (decision_id);
CREATE INDEX results_call ON results (call_id);

CREATE TABLE alerts (
    id               uuid PRIMARY KEY,
    call_id          text,
    severity         smallint NOT NULL,
    category         text NOT NULL,
    message          text NOT NULL,
    evidence         jsonb NOT NULL DEFAULT '{}',
    acknowledged_at  timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          integer NOT NULL DEFAULT 1
);
CREATE INDEX alerts_created_at ON alerts (created_at);

-- Outcomes teach the priors: each inserted row adds (d_alpha, d_beta) to
-- prior_counts through a trigger, so a duplicate (ignored by id) never counts twice.
CREATE TABLE outcomes (
    id           uuid PRIMARY KEY,
    decision_id  text,
    call_id      text,
    hotel_id     text NOT NULL,
    action       text NOT NULL,
    outcome      text NOT NULL,
    d_alpha      double precision NOT NULL,
    d_beta       double precision NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outcomes_decision ON outcomes (decision_id);
CREATE INDEX outcomes_action ON outcomes (action);

-- Learned counts (on top of the configured seeds) per hotel and action kind.
CREATE TABLE prior_counts (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    hotel_id    text NOT NULL,
    action      text NOT NULL,
    successes   double precision NOT NULL DEFAULT 0,
    failures    double precision NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1,
    UNIQUE (hotel_id, action)
);

-- Every erasure (one caller's data, or retention) is itself on record; the
-- subject is kept only as a SHA-256 of the normalised phone number.
CREATE TABLE erasures (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind          text NOT NULL CHECK (kind IN ('caller', 'retention')),
    subject_hash  text,
    requested_by  text NOT NULL DEFAULT 'operator',
    detail        jsonb NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The head of the decisions' chain: one row, locked by each insert, so that
-- concurrent writers (several runtimes on one server) chain in one order.
CREATE TABLE ledger_chain_head (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    chain       text NOT NULL UNIQUE,
    seq         bigint NOT NULL,
    hash        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO ledger_chain_head (chain, seq, hash) VALUES ('decisions', 0, repeat('0', 64));

-- The hash of a decision row: SHA-256 over prev_hash and every recorded
-- field except seq (a locator: see runtime/ledger/chain.py). Written so the text does not depend on session settings: floats as
-- their 8 IEEE bytes, timestamps as epoch microseconds, jsonb in its canonical
-- text form, NULL distinct from any string (format %L).
CREATE FUNCTION ledger_decision_hash(d decisions) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(format(
        '%L|%L|%L|%L|%L|%L|%L|%L|%L|%L|%L|%L|%L|%L|%L|%L|%L|%L|%L',
        d.prev_hash, d.id, d.call_id, d.hotel_id, d.turn, d.action, d.risk_class,
        d.approved, d.vetoed,
        encode(float8send(d.posterior), 'hex'),
        encode(float8send(d.threshold), 'hex'),
        encode(float8send(d.prior_logodds), 'hex'),
        d.terms::text, d.evidence::text, d.utilities::text,
        d.fallback, d.state, d.reason,
        (extract(epoch FROM d.created_at) * 1000000)::bigint
    ), 'UTF8')), 'hex')
$$;

CREATE FUNCTION ledger_decisions_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    head_seq  bigint;
    head_hash text;
BEGIN
    SELECT seq, hash INTO head_seq, head_hash
      FROM ledger_chain_head WHERE chain = 'decisions' FOR UPDATE;
    -- a duplicate (same id) is skipped before it takes a place in the chain
    IF EXISTS (SELECT 1 FROM decisions WHERE id = NEW.id) THEN
        RETURN NULL;
    END IF;
    NEW.seq := head_seq + 1;
    NEW.prev_hash := head_hash;
    NEW.updated_at := NEW.created_at;
    NEW.hash := ledger_decision_hash(NEW);
    UPDATE ledger_chain_head SET seq = NEW.seq, hash = NEW.hash, updated_at = now()
     WHERE chain = 'decisions';
    RETURN NEW;
END $$;

CREATE TRIGGER decisions_chain BEFORE INSERT ON decisions
    FOR EACH ROW EXECUTE FUNCTION ledger_decisions_chain();

CREATE FUNCTION ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the % table is append-only (hash-chained); it cannot be changed', TG_TABLE_NAME;
END $$;

CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON decisions
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

CREATE FUNCTION ledger_outcome_counts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO prior_counts AS p (hotel_id, action, successes, failures)
    VALUES (NEW.hotel_id, NEW.action, NEW.d_alpha, NEW.d_beta)
    ON CONFLICT (hotel_id, action) DO UPDATE
       SET successes = p.successes + EXCLUDED.successes,
           failures = p.failures + EXCLUDED.failures,
           updated_at = now(),
           version = p.version + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER outcomes_counts AFTER INSERT ON outcomes
    FOR EACH ROW EXECUTE FUNCTION ledger_outcome_counts();
