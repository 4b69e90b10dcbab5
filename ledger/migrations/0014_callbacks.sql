-- Callbacks: calls the front desk must return (docs/telephony.md).
--
-- Why a table of its own: a caller who asked for a person and could not be put
-- through (the transfer failed, or no reception is configured) was promised a call
-- back; that promise is work for a person, listed until done. The caller's number
-- is not repeated here (calls.caller_phone holds it, erased with the caller's data);
-- the summary is redacted by the writer and erased by `sovren ledger erase`.

CREATE TABLE callbacks (
    id           uuid PRIMARY KEY,
    call_id      text NOT NULL,
    hotel_id     text NOT NULL DEFAULT 'demo',
    reason       text NOT NULL,
    summary      text,
    status       text NOT NULL DEFAULT 'open',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    deleted_at   timestamptz
);
CREATE INDEX callbacks_call ON callbacks (call_id);
CREATE INDEX callbacks_open ON callbacks (status) WHERE deleted_at IS NULL;
