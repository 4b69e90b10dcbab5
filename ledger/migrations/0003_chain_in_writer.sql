-- The decisions' chain is computed by the ledger writer, not by a trigger.
--
-- Why: even per statement (0002), the per-row plpgsql trigger cost ~0.2 ms a
-- decision on these machines (format() and text conversions of every field),
-- a third of the writer's budget. The writer now locks the chain head
-- (SELECT … FOR UPDATE, held to commit — concurrent writers still chain in one
-- order), skips ids already present, computes seq, prev_hash and hash in
-- Python (runtime/ledger/chain.py: decision_hash), COPYs the rows and moves the
-- head once per batch. The verifier recomputes the same hash from the stored
-- fields. Rows without a chain are refused by the NOT NULL columns; the
-- append-only guard of 0001 stays.

DROP TRIGGER decisions_chain ON decisions;
DROP TRIGGER decisions_head ON decisions;
DROP FUNCTION ledger_decisions_chain();
DROP FUNCTION ledger_decisions_head();
DROP FUNCTION ledger_decision_hash(decisions);
