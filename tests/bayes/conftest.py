"""The decision core's tests use the ledger's fixtures (learned priors persist in the ledger)."""

from tests.ledger.conftest import ledger_template, ledger_url, tmp_path, writer  # noqa: F401
