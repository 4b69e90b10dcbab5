import psycopg

from ledger.postgres import EmbeddedPostgres


def test_fresh_database_is_usable(pg_url):
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT 40 + 2").fetchone()[0] == 42


def test_embedded_cluster_is_reused_across_starts(tmp_path):
    pg = EmbeddedPostgres(tmp_path / "pg", fsync=False)
    url = pg.start()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE kept (x int)")
        conn.execute("INSERT INTO kept VALUES (7)")
    pg.stop()
    again = EmbeddedPostgres(tmp_path / "pg", fsync=False)
    assert again.start() == url
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT x FROM kept").fetchone()[0] == 7
    again.stop()
    assert not again.is_running()


def test_password_file_is_private(tmp_path):
    pg = EmbeddedPostgres(tmp_path / "pg")
    _ = pg.password
    assert (tmp_path / "pg" / "password").stat().st_mode & 0o777 == 0o600
