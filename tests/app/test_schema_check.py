"""The quick schema check agrees with Alembic and never skips a needed upgrade."""

from __future__ import annotations

from pathlib import Path

from storage.engine import Database
from storage.migrate import upgrade
from storage.migrate_alembic import head_revision
from storage.schema_check import head_revisions, is_current


def test_heads_match_alembic() -> None:
    assert head_revisions() == {head_revision()}


def test_a_chain_and_a_merge_are_read_as_alembic_would(tmp_path: Path) -> None:
    files = {
        "a.py": 'revision: str = "0001"\ndown_revision: str | None = None\n',
        "b.py": "revision = '0002'\ndown_revision = '0001'\n",
        "c.py": 'revision = "0003"\ndown_revision = "0001"\n',
        "d.py": 'revision = "0004"\ndown_revision = ("0002", "0003")\n',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert head_revisions(tmp_path) == {"0004"}
    (tmp_path / "e.py").write_text("revision = make()\n", encoding="utf-8")
    assert head_revisions(tmp_path) == frozenset()  # in doubt: Alembic decides


def test_only_a_database_at_head_is_current(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        assert not is_current(db)  # empty file: no version table
        upgrade(db)
        assert is_current(db)
        with db.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'old'")
        assert not is_current(db)
    finally:
        db.dispose()
