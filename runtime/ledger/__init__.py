"""The ledger: every call, turn, proposal, decision, action, result and alert, in PostgreSQL.

Public API (see docs/ledger.md):
- ``runtime.ledger.records``: the record types the runtime puts into the ledger.
- ``runtime.ledger.writer.LedgerWriter(url, spool_dir)``: ``put(record)`` never blocks.
- ``runtime.ledger.migrate.migrate(url)``: ordered SQL migrations.
- ``runtime.ledger.chain.verify_chain(url)``: the decisions' hash chain.
- ``runtime.ledger.retention``: ``apply_retention``, ``erase_caller``.
- ``runtime.ledger.redact.redact(text)``: personal data out of transcripts.
"""
