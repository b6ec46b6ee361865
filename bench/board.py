"""How fast the class board takes hand-ins, on both backends.

    python -m bench.board [--students 300] [--threads 30]   # writes bench/results/board.json

A class of simulated students joins, then every student hands in one run at
once (threads calling the store as the playground's "Hand in my run" does,
each run with a real boundary thumbnail), through two board objects as two
replicas would: SQLite in a temporary folder, and a real redis-server started
here (Debian's package).  Prints hand-ins per second and the wall time of
all of them (the target: 300 within 10 s), and checks each was stored once.
"""
import argparse
import concurrent.futures
import json
import os
import pathlib
import tempfile
import time
import uuid

from board import HandIn
from board.redis_board import RedisBoard
from board.sqlite_board import SqliteBoard
from core import FIRST_RUN, TrainingSession
from harness.redis_server import redis_server
from plots.board import boundary_thumbnail

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "board.json"


def a_run(thumbnail, epoch):
    return HandIn(hand_in_id=uuid.uuid4().hex, epoch=epoch, train_loss=0.2, test_loss=0.25, train_accuracy=0.93,
                  test_accuracy=0.9, hidden_neurons=8, parameters=41, setup={"hidden": "5,3"}, thumbnail=thumbnail)


def hand_ins(replicas, students, threads, thumbnail):
    """Seconds for ``students`` hand-ins at once through ``replicas`` (board objects on one store)."""
    room = replicas[0].create_class()
    members = [replicas[n % len(replicas)].join(room.code, f"student {n}") for n in range(students)]
    runs = [a_run(thumbnail, n) for n in range(students)]
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        stored = list(pool.map(lambda n: replicas[n % len(replicas)].hand_in(members[n], runs[n]), range(students)))
    seconds = time.perf_counter() - start
    kept = replicas[-1].runs(room.code, room.key)
    assert all(stored) and sorted(r.hand_in_id for r in kept) == sorted(r.hand_in_id for r in runs)
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--threads", type=int, default=30)
    args = parser.parse_args()
    session = TrainingSession(FIRST_RUN)
    session.snapshot(50)  # warm: the first snapshot of a process also makes the grids
    start = time.perf_counter()
    thumbnail = boundary_thumbnail(session.snapshot(50))  # what the page does before each hand-in
    results = {"students": args.students, "threads": args.threads, "thumbnail_bytes": len(thumbnail),
               "snapshot_and_thumbnail_ms": round(1000 * (time.perf_counter() - start), 2),
               "load_average": round(os.getloadavg()[0], 1)}
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "board.sqlite3"
        results["sqlite"] = hand_ins([SqliteBoard(path), SqliteBoard(path)], args.students, args.threads, thumbnail)
    with redis_server() as url:
        results["redis"] = hand_ins([RedisBoard(url), RedisBoard(url)], args.students, args.threads, thumbnail)
    for backend in ("sqlite", "redis"):
        seconds = results[backend]
        results[backend] = {"seconds": round(seconds, 3), "hand_ins_per_second": round(args.students / seconds, 1)}
        print(f"{backend:>6}: {args.students} hand-ins in {seconds:.2f} s, "
              f"{args.students / seconds:,.0f} a second (target: {args.students} within 10 s)")
    print(f"a run's snapshot and thumbnail on the page: {results['snapshot_and_thumbnail_ms']} ms; "
          f"load average {results['load_average']}")
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
