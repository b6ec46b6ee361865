"""The class board's storage: classes, their students and the runs they hand in.

No Streamlit here: the pages (pages/board.py, ui/class_room.py) and the tests
use one interface, ``Board``, with two backends of the same contract:

* SQLite (``board.sqlite_board``), the default: one file under ``DATA_DIR``
  (default ./data), enough for one server;
* Redis (``board.redis_board``) when ``BOARD_URL=redis://host:port/db`` is set,
  so that every replica behind the load balancer shares one board.

``open_board()`` picks one from the environment.  Safety is the same for both
and lives here: unguessable join codes, a lecturer key that alone reads a
class's board (only its hash is stored), length limits on every text, one
hand-in per student per RATE_SECONDS, classes that expire after CLASS_DAYS
days, and nothing about a student but the nickname they chose.
"""
import csv
import hashlib
import hmac
import io
import json
import math
import os
import pathlib
import re
import secrets
import time
from dataclasses import asdict, dataclass, field

# 32 letters and digits without look-alikes (no 0/O, 1/I): 8 of them are 40 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8
KEY_BYTES = 24  # the lecturer key: 192 bits
MAX_NICKNAME = 24  # characters
MAX_SETUP_ITEMS, MAX_SETUP_VALUE = 40, 200  # a run's setup: query parameters, as a playground link has them
MAX_THUMBNAIL = 24_000  # characters of a "data:image/png;base64," URI
THUMBNAIL_PREFIX = "data:image/png;base64,"
RATE_SECONDS = 5.0
DEFAULT_CLASS_DAYS = 7
DAY = 86_400.0
CSV_COLUMNS = ("nickname", "handed_in_utc", "epoch", "train_loss", "test_loss", "train_accuracy",
               "test_accuracy", "hidden_neurons", "parameters", "setup")


class BoardError(ValueError):
    """A request the board refuses; its text is a message for the person who made it."""


class RateLimited(BoardError):
    """A hand-in too soon after the last one from the same student."""


@dataclass(frozen=True)
class ClassRoom:
    """A class as its lecturer holds it: the join code, the lecturer's secret key
    (shown once, stored only as a hash), and times in seconds since the epoch."""
    code: str
    key: str
    created: float
    expires: float


@dataclass(frozen=True)
class Member:
    """A student who joined a class: ``member_id`` is random and names them to the board."""
    code: str
    member_id: str
    nickname: str


@dataclass(frozen=True)
class HandIn:
    """One run handed in.  ``hand_in_id`` is made by the student's page, once per
    press of "Hand in my run", so a retried request is stored only once.
    Losses are per example; accuracies are fractions (None for regression);
    ``setup`` maps query parameters to values (a playground link's);
    ``thumbnail`` is a small PNG of the boundary as a data URI."""
    hand_in_id: str
    epoch: int
    train_loss: float
    test_loss: float | None
    train_accuracy: float | None
    test_accuracy: float | None
    hidden_neurons: int
    parameters: int
    setup: dict = field(default_factory=dict)
    thumbnail: str = ""
    nickname: str = ""      # filled in by the board from the member
    handed_in: float = 0.0  # filled in by the board: seconds since the epoch

    def as_json(self):
        return json.dumps(asdict(self), allow_nan=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text):
        return cls(**json.loads(text))


def class_days(env=os.environ):
    """How long a class lives, from $CLASS_DAYS (default 7): a positive number of days."""
    text = env.get("CLASS_DAYS", "") or str(DEFAULT_CLASS_DAYS)
    try:
        days = float(text)
    except ValueError:
        days = math.nan
    if not math.isfinite(days) or days <= 0:
        raise ValueError(f"CLASS_DAYS must be a positive number of days, not {text!r}")
    return days


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_key():
    return secrets.token_urlsafe(KEY_BYTES)


def key_hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


def key_matches(key, stored_hash):
    return isinstance(key, str) and hmac.compare_digest(key_hash(key), stored_hash)


def normal_code(text):
    """A join code as typed ("abcd-efgh ", "ABCDEFGH") in its stored form, or
    BoardError with a message that says what a code looks like."""
    code = re.sub(r"[\s-]", "", str(text)).upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        raise BoardError(f"A join code is {CODE_LENGTH} letters and digits, like ABCD-EFGH: check the code "
                         "on the projector.")
    return code


def shown_code(code):
    """"ABCDEFGH" -> "ABCD-EFGH", easier to read off a projector."""
    return f"{code[:4]}-{code[4:]}"


def clean_nickname(text):
    """The nickname as stored: control characters dropped, spaces squeezed, at
    most MAX_NICKNAME characters; BoardError if nothing is left.  (Pages show it
    escaped: it may hold any other character, "<" included.)"""
    name = " ".join("".join(c for c in str(text) if c.isprintable()).split())
    if not name:
        raise BoardError("Choose a nickname (any name you like; nothing else about you is kept).")
    if len(name) > MAX_NICKNAME:
        raise BoardError(f"A nickname has at most {MAX_NICKNAME} characters.")
    return name


def _finite(value, name, optional=True):
    if value is None and optional:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise BoardError(f"The run's {name} is not a finite number: it cannot be handed in.")
    return number


def checked_hand_in(run: HandIn):
    """``run`` with its numbers as plain floats and ints, or BoardError when a
    field is not what a playground sends (too long, not finite, not a PNG)."""
    if not re.fullmatch(r"[0-9a-f]{32}", str(run.hand_in_id)):
        raise BoardError("A hand-in needs its id: 32 hexadecimal digits.")
    setup = run.setup
    if (not isinstance(setup, dict) or len(setup) > MAX_SETUP_ITEMS
            or any(not isinstance(k, str) or not isinstance(v, str) or len(k) > 40 or len(v) > MAX_SETUP_VALUE
                   for k, v in setup.items())):
        raise BoardError("The run's setup is not a playground link's settings.")
    if run.thumbnail and (not run.thumbnail.startswith(THUMBNAIL_PREFIX) or len(run.thumbnail) > MAX_THUMBNAIL
                          or not re.fullmatch(r"[A-Za-z0-9+/=]*", run.thumbnail[len(THUMBNAIL_PREFIX):])):
        raise BoardError("The run's picture is not a small PNG image.")
    return HandIn(hand_in_id=run.hand_in_id, epoch=int(run.epoch),
                  train_loss=_finite(run.train_loss, "training loss", optional=False),
                  test_loss=_finite(run.test_loss, "test loss"),
                  train_accuracy=_finite(run.train_accuracy, "training accuracy"),
                  test_accuracy=_finite(run.test_accuracy, "test accuracy"),
                  hidden_neurons=int(run.hidden_neurons), parameters=int(run.parameters),
                  setup=dict(setup), thumbnail=run.thumbnail)


def refuse_if_closed(closed, expires, now):
    """BoardError if a class (closed flag, expiry time) takes no more students or runs at ``now``."""
    if expires <= now:
        raise BoardError("This class has expired: ask your lecturer for a new code.")
    if closed:
        raise BoardError("This class is closed: it takes no more students or hand-ins.")


def refuse_if_too_soon(last, now):
    if last is not None and now - last < RATE_SECONDS:
        raise RateLimited(f"You handed in {now - last:.0f} s ago: wait {math.ceil(RATE_SECONDS - (now - last))} s "
                          "before handing in again.")


NO_CLASS = "No class has this code: check the code on the projector."
NOT_LECTURER = "This lecturer link does not open that class's board."


def shown_accuracy(run):
    """The accuracy a run is judged by: its test accuracy, or its training
    accuracy when it has no test points; None for regression."""
    return run.test_accuracy if run.test_accuracy is not None else run.train_accuracy


def ranked(runs):
    """Runs best first: runs with a test accuracy before those without, higher
    accuracy (``shown_accuracy``) first, then fewer parameters, then lower test
    loss, then the earlier hand-in."""
    def key(run):
        accuracy = shown_accuracy(run)
        loss = run.test_loss if run.test_loss is not None else math.inf
        return (run.test_accuracy is None, -(accuracy if accuracy is not None else -1.0), run.parameters, loss,
                run.handed_in)
    return sorted(runs, key=key)


def runs_csv(runs):
    """The runs as CSV text, one row a run, ranked (``ranked``); the setup as a query string."""
    from urllib.parse import urlencode
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for run in ranked(runs):
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(run.handed_in))
        # A nickname such as "=1+2" must not become a formula in a spreadsheet.
        nickname = "'" + run.nickname if run.nickname[:1] in "=+-@\t\r" else run.nickname
        writer.writerow([nickname, when, run.epoch, run.train_loss, run.test_loss, run.train_accuracy,
                         run.test_accuracy, run.hidden_neurons, run.parameters, urlencode(run.setup)])
    return out.getvalue()


class Board:
    """The interface both backends keep (the contract tests in tests/test_board.py
    run against each).  ``clock`` gives the time in seconds since the epoch;
    ``days`` is how long a class lives."""

    def __init__(self, days=DEFAULT_CLASS_DAYS, clock=time.time):
        self.days, self.clock = days, clock

    def create_class(self) -> ClassRoom:
        """A new open class with a fresh join code and lecturer key.  Classes past
        their expiry are deleted first: starting a class is the board's housekeeping."""
        now = self.clock()
        self._expire(now)
        room = ClassRoom(code=new_code(), key=new_key(), created=now, expires=now + self.days * DAY)
        self._store_class(room)
        return room

    def join(self, code, nickname) -> Member:
        """A student joins the class ``code`` (as typed) under ``nickname``; BoardError
        (with a message for the student) for a wrong, expired or closed class."""
        member = Member(code=normal_code(code), member_id=secrets.token_hex(16), nickname=clean_nickname(nickname))
        self._store_member(member, self.clock())
        return member

    def hand_in(self, member: Member, run: HandIn) -> bool:
        """Store ``run`` for ``member`` in one transaction: True if stored now, False
        if a hand-in with its id was stored before (a retry).  BoardError if the
        class takes no runs; RateLimited within RATE_SECONDS of the last one."""
        return self._store_hand_in(member, checked_hand_in(run), self.clock())

    def runs(self, code, key) -> list:
        """Every run handed in to the class, ranked; BoardError unless ``key`` is its lecturer key."""
        self._check_key(normal_code(code), key)
        return ranked(self._runs(normal_code(code)))

    def status(self, code, key) -> dict:
        """{"open": bool, "expires": seconds since the epoch, "students": count}, for the lecturer."""
        return self._status(self._check_key(normal_code(code), key))

    def close(self, code, key):
        """The class takes no more students or runs; its board stays readable until it expires."""
        self._close(self._check_key(normal_code(code), key))

    def export_csv(self, code, key) -> str:
        return runs_csv(self.runs(code, key))

    def expire(self) -> int:
        """Delete every class past its expiry, with its students and runs; returns how many."""
        return self._expire(self.clock())

    # What each backend provides.
    def _check_key(self, code, key):
        """``code`` if ``key`` is its lecturer key, else BoardError."""
        raise NotImplementedError

    def _store_class(self, room): raise NotImplementedError
    def _store_member(self, member, now): raise NotImplementedError
    def _store_hand_in(self, member, run, now): raise NotImplementedError
    def _runs(self, code): raise NotImplementedError
    def _status(self, code): raise NotImplementedError
    def _close(self, code): raise NotImplementedError
    def _expire(self, now): raise NotImplementedError


def open_board(env=os.environ, clock=time.time):
    """The board the environment asks for: Redis at $BOARD_URL, else SQLite in $DATA_DIR (default ./data)."""
    days = class_days(env)
    url = env.get("BOARD_URL", "")
    if url:
        from .redis_board import RedisBoard
        return RedisBoard(url, days=days, clock=clock)
    from .sqlite_board import SqliteBoard
    return SqliteBoard(pathlib.Path(env.get("DATA_DIR") or "data") / "board.sqlite3", days=days, clock=clock)
