"""The class board in Redis, shared by every replica (``BOARD_URL=redis://host:port/db``).

Keys, for a class with join code C:

* ``board:class:C``: hash of its key's hash, creation and expiry times, closed flag;
* ``board:classes``: sorted set of every class's code by expiry (for ``expire``);
* ``board:roster:C``: set of its members' ids; ``board:member:C:M``: hash of
  member M's nickname and last hand-in time;
* ``board:runs:C``: hash of hand-in id -> the run as JSON; ``board:order:C``:
  sorted set of hand-in ids by time.

A hand-in is one optimistic transaction: WATCH the class and the member, check
(open, not expired, not too soon), then MULTI/EXEC; another write to either in
between makes EXEC fail and the whole hand-in is tried again.  The id's field
in ``board:runs:C`` is written with HSETNX, so a retried hand-in is stored
once.  Every key carries the class's expiry (EXPIREAT), so Redis drops an
expired class by itself even if ``expire`` is never called.
"""
import redis

from . import NO_CLASS, NOT_LECTURER, Board, BoardError, HandIn, key_hash, key_matches, refuse_if_closed, \
    refuse_if_too_soon

CLASSES = "board:classes"


def _class(code):
    return f"board:class:{code}"


def _roster(code):
    return f"board:roster:{code}"


def _member(code, member_id):
    return f"board:member:{code}:{member_id}"


def _runs(code):
    return f"board:runs:{code}"


def _order(code):
    return f"board:order:{code}"


class RedisBoard(Board):
    def __init__(self, url, **kwargs):
        super().__init__(**kwargs)
        self.redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=10)

    def _class_fields(self, client, code):
        fields = client.hgetall(_class(code))
        if not fields:
            raise BoardError(NO_CLASS)
        return fields

    def _check_key(self, code, key):
        if not key_matches(key, self._class_fields(self.redis, code)["key_hash"]):
            raise BoardError(NOT_LECTURER)
        return code

    def _store_class(self, room):
        with self.redis.pipeline() as pipe:  # MULTI/EXEC
            pipe.hset(_class(room.code), mapping={"key_hash": key_hash(room.key), "created": room.created,
                                                  "expires": room.expires, "closed": 0})
            pipe.expireat(_class(room.code), int(room.expires) + 1)
            pipe.zadd(CLASSES, {room.code: room.expires})
            pipe.execute()

    def _transaction(self, watched, work):
        """Run ``work(pipe)`` with ``watched`` keys watched until its EXEC goes through; its result."""
        with self.redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(*watched)
                    return work(pipe)
                except redis.WatchError:
                    continue

    def _store_member(self, member, now):
        def work(pipe):
            fields = self._class_fields(pipe, member.code)
            refuse_if_closed(int(fields["closed"]), float(fields["expires"]), now)
            expires = int(float(fields["expires"])) + 1
            pipe.multi()
            pipe.hset(_member(member.code, member.member_id), mapping={"nickname": member.nickname, "last": ""})
            pipe.sadd(_roster(member.code), member.member_id)
            for key in (_member(member.code, member.member_id), _roster(member.code)):
                pipe.expireat(key, expires)
            pipe.execute()
        self._transaction([_class(member.code)], work)

    def _store_hand_in(self, member, run, now):
        code, member_key = member.code, _member(member.code, member.member_id)

        def work(pipe):
            if pipe.hexists(_runs(code), run.hand_in_id):
                return False
            fields = self._class_fields(pipe, code)
            refuse_if_closed(int(fields["closed"]), float(fields["expires"]), now)
            student = pipe.hgetall(member_key)
            if not student:
                raise BoardError("You are not in this class (it may have expired): join it again.")
            refuse_if_too_soon(float(student["last"]) if student["last"] else None, now)
            stored = HandIn(**{**run.__dict__, "nickname": student["nickname"], "handed_in": now})
            expires = int(float(fields["expires"])) + 1
            pipe.multi()
            pipe.hsetnx(_runs(code), run.hand_in_id, stored.as_json())
            pipe.zadd(_order(code), {run.hand_in_id: now}, nx=True)
            pipe.hset(member_key, "last", now)
            for key in (_runs(code), _order(code)):
                pipe.expireat(key, expires)
            return bool(pipe.execute()[0])
        return self._transaction([_class(code), member_key], work)

    def _runs(self, code):
        with self.redis.pipeline(transaction=False) as pipe:
            pipe.zrange(_order(code), 0, -1)
            pipe.hgetall(_runs(code))
            order, runs = pipe.execute()
        return [HandIn.from_json(runs[hand_in_id]) for hand_in_id in order if hand_in_id in runs]

    def _status(self, code):
        fields = self._class_fields(self.redis, code)
        return {"open": not int(fields["closed"]), "expires": float(fields["expires"]),
                "students": self.redis.scard(_roster(code))}

    def _close(self, code):
        self.redis.hset(_class(code), "closed", 1)

    def _expire(self, now):
        codes = self.redis.zrangebyscore(CLASSES, "-inf", now)
        for code in codes:
            members = self.redis.smembers(_roster(code))
            with self.redis.pipeline() as pipe:
                pipe.delete(_class(code), _roster(code), _runs(code), _order(code),
                            *(_member(code, m) for m in members))
                pipe.zrem(CLASSES, code)
                pipe.execute()
        return len(codes)
