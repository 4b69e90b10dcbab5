-- The decisions' chain becomes keyed (runtime/ledger/chain.py).
--
-- Why: an unkeyed SHA-256 chain proves nothing against someone with database
-- access, who can rewrite a decision and recompute every later hash and the
-- head. From now on the writer computes each row's hash as HMAC-SHA256 under
-- SOVREN_LEDGER_CHAIN_KEY (held in the runtime's environment, not in the
-- database) and seals the head with its own MAC over (seq, hash).
--
-- Existing rows are not rewritten: they keep their SHA-256 hashes and stay
-- verifiable (`sovren ledger verify` reports them as unkeyed); the first keyed
-- row's MAC covers its prev_hash and so pins every unkeyed row before it.
-- Without the key set, the writer goes on chaining unkeyed (the supervisor
-- warns at every start) and leaves the head's mac NULL.

ALTER TABLE ledger_chain_head ADD COLUMN mac text;
