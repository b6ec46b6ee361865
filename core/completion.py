"""Completion codes: the proof that an exercise's goal was met (core/exercise.py).

A code is ``<epoch>-<value>-<MAC>``: the epoch the goal was met, the goal's
first measured quantity there (rounded as in ``_rounded``), and ten base32
characters of an HMAC-SHA-256, under a server secret, of the goal, the hidden
and locked controls, the data set and every fixed setting's value, and that
result.  The lecturer has all of it but the result, which the code carries, so
the code verifies against the exercise's link alone; a student who changes a
fixed setting or the data set, or makes up a result, has no valid code.
"""
import base64
import hashlib
import hmac
import os
import pathlib
import secrets

from .goals import QUANTITIES, WHOLE_NUMBER

CODE_LENGTH = 10  # base32 characters: 50 bits of the HMAC
SECRET_FILE = "exercise-secret"


def server_secret():
    """The secret the codes are made under: $EXERCISE_SECRET, else a random one kept
    in $DATA_DIR/exercise-secret (DATA_DIR defaults to ./data; made on first use,
    so every server sharing that folder, and a restarted one, makes the same codes).
    Where the folder cannot be written, a secret for this process only."""
    if os.environ.get("EXERCISE_SECRET"):
        return os.environ["EXERCISE_SECRET"].encode()
    path = pathlib.Path(os.environ.get("DATA_DIR", "data")) / SECRET_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Exclusive creation: of two servers starting at once, one writes and both read its secret.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
    except FileExistsError:
        pass
    except OSError:
        return _PROCESS_SECRET
    return path.read_text().strip().encode()


_PROCESS_SECRET = secrets.token_bytes(32)


def _rounded(value):
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def _first_measured(goal):
    return next((c for c in goal.clauses if QUANTITIES[c.quantity].measured), None)


def _mac(exercise, config, epoch, value_text, secret):
    fixed = sorted(exercise.fixed | {"dataset"})
    message = "|".join(["nn-playground exercise v1", exercise.goal.text, ",".join(sorted(exercise.hidden)),
                        ",".join(sorted(exercise.locked)),
                        ";".join(f"{name}={getattr(config, name)!r}" for name in fixed),
                        str(epoch), value_text])
    digest = hmac.new(secret, message.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:CODE_LENGTH]


def completion_code(exercise, snap, secret=None):
    """The code for ``exercise``'s goal met on the Snapshot ``snap`` (see the module docstring)."""
    clause = _first_measured(exercise.goal)
    value_text = "" if clause is None else _rounded(QUANTITIES[clause.quantity].read(snap))
    mac = _mac(exercise, snap.config, snap.epoch, value_text, secret or server_secret())
    return "-".join(part for part in (str(snap.epoch), value_text, mac) if part)


def verify_code(exercise, config, code, secret=None):
    """(genuine, what it says in words) for a completion ``code`` handed in for
    ``exercise`` opened on ``config`` (its link's setup)."""
    if exercise is None or exercise.goal is None:
        return False, "This link has no goal, so no code can be checked against it."
    clause = _first_measured(exercise.goal)
    parts = str(code).strip().upper().replace(" ", "").split("-")
    expected = 2 if clause is None else 3
    if len(parts) != expected or not WHOLE_NUMBER.fullmatch(parts[0]):
        shape = "<epoch>-<code>" if clause is None else "<epoch>-<value>-<code>"
        return False, f"Not a code of this exercise: it should read {shape}, e.g. 312-0.96-K7XQ2M4PLA."
    epoch, value_text = int(parts[0]), parts[1].lower() if clause else ""
    mac = _mac(exercise, config, epoch, value_text, secret or server_secret())
    if not hmac.compare_digest(mac, parts[-1]):
        return False, "Not genuine: this code was not made by this exercise (another goal, setup or result)."
    said = "" if clause is None else f", {QUANTITIES[clause.quantity].label} {value_text}"
    return True, f"Genuine: the goal was met at epoch {epoch:,}{said}."
