"""The ledger: every call, turn, proposal, decision, action, result and alert, in PostgreSQL.

Public API (see docs/ledger.md):
- ``ledger.records``: the record types the runtime puts into the ledger.
- ``ledger.writer.LedgerWriter(url, spool_dir)``: ``put(record)`` never blocks.
- ``ledger.migrate.migrate(url)``: ordered SQL migrations.
- ``ledger.chain.verify_chain(url)``: the decisions' hash chain.
- ``ledger.retention``: ``apply_retention``, ``erase_caller``.
- ``ledger.redact.redact(text)``: personal data out of transcripts.
"""
