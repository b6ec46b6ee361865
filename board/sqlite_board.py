"""The class board in one SQLite file: the default, for one server.

WAL journal, so the board page reads while students write; each hand-in is one
``BEGIN IMMEDIATE`` transaction (its checks and its insert), and its id is the
table's primary key, so a retried hand-in is stored once.  One connection per
thread: sqlite3 connections are not shared between threads.
"""
import pathlib
import sqlite3
import threading

from . import NO_CLASS, NOT_LECTURER, Board, BoardError, HandIn, key_hash, key_matches, refuse_if_closed, \
    refuse_if_too_soon

SCHEMA = """
CREATE TABLE IF NOT EXISTS classes (
    code TEXT PRIMARY KEY, key_hash TEXT NOT NULL, created REAL NOT NULL, expires REAL NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS members (
    member_id TEXT PRIMARY KEY, code TEXT NOT NULL REFERENCES classes(code) ON DELETE CASCADE,
    nickname TEXT NOT NULL, last_hand_in REAL);
CREATE TABLE IF NOT EXISTS hand_ins (
    hand_in_id TEXT PRIMARY KEY, code TEXT NOT NULL REFERENCES classes(code) ON DELETE CASCADE,
    member_id TEXT NOT NULL, handed_in REAL NOT NULL, run TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS hand_ins_by_class ON hand_ins(code);
CREATE INDEX IF NOT EXISTS members_by_class ON members(code);
"""


class SqliteBoard(Board):
    def __init__(self, path, **kwargs):
        super().__init__(**kwargs)
        self.path = pathlib.Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connection().db.executescript(SCHEMA)  # (executescript commits by itself)

    def _connection(self):
        db = getattr(self._local, "db", None)
        if db is None:
            # Autocommit mode: each transaction below is begun and ended explicitly.
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; a power cut may lose the last commit
            db.execute("PRAGMA foreign_keys=ON")
            self._local.db = db
        return _Transaction(db)

    def _class_row(self, db, code):
        row = db.execute("SELECT key_hash, expires, closed FROM classes WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise BoardError(NO_CLASS)
        return row

    def _check_key(self, code, key):
        with self._connection() as db:
            if not key_matches(key, self._class_row(db, code)[0]):
                raise BoardError(NOT_LECTURER)
        return code

    def _store_class(self, room):
        with self._connection() as db:
            db.execute("INSERT INTO classes (code, key_hash, created, expires) VALUES (?, ?, ?, ?)",
                       (room.code, key_hash(room.key), room.created, room.expires))

    def _store_member(self, member, now):
        with self._connection() as db:
            _, expires, closed = self._class_row(db, member.code)
            refuse_if_closed(closed, expires, now)
            db.execute("INSERT INTO members (member_id, code, nickname) VALUES (?, ?, ?)",
                       (member.member_id, member.code, member.nickname))

    def _store_hand_in(self, member, run, now):
        with self._connection() as db:
            if db.execute("SELECT 1 FROM hand_ins WHERE hand_in_id = ?", (run.hand_in_id,)).fetchone():
                return False
            _, expires, closed = self._class_row(db, member.code)
            refuse_if_closed(closed, expires, now)
            row = db.execute("SELECT nickname, last_hand_in FROM members WHERE member_id = ? AND code = ?",
                             (member.member_id, member.code)).fetchone()
            if row is None:
                raise BoardError("You are not in this class (it may have expired): join it again.")
            refuse_if_too_soon(row[1], now)
            stored = HandIn(**{**run.__dict__, "nickname": row[0], "handed_in": now})
            db.execute("INSERT INTO hand_ins (hand_in_id, code, member_id, handed_in, run) VALUES (?, ?, ?, ?, ?)",
                       (run.hand_in_id, member.code, member.member_id, now, stored.as_json()))
            db.execute("UPDATE members SET last_hand_in = ? WHERE member_id = ?", (now, member.member_id))
            return True

    def _runs(self, code):
        with self._connection() as db:
            rows = db.execute("SELECT run FROM hand_ins WHERE code = ? ORDER BY handed_in", (code,)).fetchall()
        return [HandIn.from_json(run) for (run,) in rows]

    def _status(self, code):
        with self._connection() as db:
            _, expires, closed = self._class_row(db, code)
            (students,) = db.execute("SELECT COUNT(*) FROM members WHERE code = ?", (code,)).fetchone()
        return {"open": not closed, "expires": expires, "students": students}

    def _close(self, code):
        with self._connection() as db:
            db.execute("UPDATE classes SET closed = 1 WHERE code = ?", (code,))

    def _expire(self, now):
        with self._connection() as db:
            return db.execute("DELETE FROM classes WHERE expires <= ?", (now,)).rowcount


class _Transaction:
    """``with`` block = one immediate transaction on ``db`` (committed, or rolled back on an exception)."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, error, trace):
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        return False

