"""A hall arriving at once: many students open the playground within a few
seconds while others already play.

    python -m bench.arrivals                        # 100 arrivals within 10 s, 10 playing
    python -m bench.arrivals --arrivals 50 --within 5 --playing 20

One server process, started fresh (as in the container).  The students who
play (harness.client.User) start first and play throughout; after 5 s the
arrivals open the page at moments spread evenly at random over ``--within``
seconds, and only look.  Reported: each arrival's time from opening the page
to its first complete frame (the first run finished with all three live
charts drawn: median, 95th percentile, slowest), whether every arrival got
one, and the frames per second of each playing student while the hall
arrived (from the first arrival to the last first frame).  Results: a table,
and bench/results/arrivals-<playing>-playing.json.
"""
import argparse
import asyncio
import json
import pathlib
import random
import statistics
import time

from harness.client import User
from harness.server import app_server

from .load import TARGET_FPS, _proc

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "arrivals.json"  # as arrivals-<n>-playing.json
PLAYING_FIRST = 5.0  # seconds the players play before the first arrival
WAIT_AFTER = 30.0    # seconds the last arrival may take to its first frame


def percentile(values, share):
    """The value below which ``share`` (0 to 1) of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def arrival_offsets(arrivals, within, seed):
    """Seconds after the first moment at which each of ``arrivals`` students opens the
    page: drawn evenly at random over ``within`` seconds, in order."""
    rng = random.Random(seed)
    return sorted(rng.uniform(0, within) for _ in range(arrivals))


async def hall(ws_url, arrivals, within, playing, seed):
    """(arriving users, playing users, frames of each player at the first arrival and at the last first frame,
    the window's start and end)."""
    until = time.time() + PLAYING_FIRST + within + WAIT_AFTER
    players = [User(ws_url) for _ in range(playing)]
    tasks = [asyncio.ensure_future(u.run(until)) for u in players]
    await asyncio.sleep(PLAYING_FIRST)
    start, offsets = time.time(), arrival_offsets(arrivals, within, seed)
    before = [u.frames for u in players]
    visitors = [User(ws_url, play=False) for _ in range(arrivals)]

    async def arrive(user, offset):
        await asyncio.sleep(start + offset - time.time())
        await user.run(until)
    tasks += [asyncio.ensure_future(arrive(u, offset)) for u, offset in zip(visitors, offsets)]
    while time.time() < until and not all(u.first_page for u in visitors):
        await asyncio.sleep(0.05)
    end = time.time()
    after = [u.frames for u in players]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return visitors, players, before, after, start, end


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arrivals", type=int, default=100)
    parser.add_argument("--within", type=float, default=10.0, help="seconds over which the arrivals open the page")
    parser.add_argument("--playing", type=int, default=10, help="students already playing")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.arrivals > 300 or args.playing > 100 or args.within > 120:
        parser.error("at most 300 arrivals, 100 playing and 120 s")
    with app_server() as (url, server):
        ws_url = url.replace("http", "ws") + "/_stcore/stream"
        asyncio.run(hall(ws_url, 1, 1.0, 1, args.seed))  # warm-up: imports, the first run
        cpu0, rss0 = _proc([server.pid])
        visitors, players, before, after, start, end = asyncio.run(
            hall(ws_url, args.arrivals, args.within, args.playing, args.seed))
        cpu1, rss1 = _proc([server.pid])
    waits = [u.first_page - u.opened for u in visitors if u.first_page]
    fps = sorted((b - a) / (end - start) for a, b in zip(before, after))
    result = {"arrivals": args.arrivals, "within_s": args.within, "playing": args.playing,
              "served": len(waits), "first_frame_s_median": round(statistics.median(waits), 2) if waits else None,
              "first_frame_s_p95": round(percentile(waits, 0.95), 2) if waits else None,
              "first_frame_s_max": round(max(waits), 2) if waits else None,
              "window_s": round(end - start, 1),
              "playing_fps_min": round(fps[0], 2) if fps else None,
              "playing_fps_median": round(fps[len(fps) // 2], 2) if fps else None,
              "cpu_cores_used": round((cpu1 - cpu0) / (end - start + PLAYING_FIRST), 2),
              "cpu_s": round(cpu1 - cpu0, 1),
              "rss_mb": [round(rss0, 1), round(rss1, 1)],
              "errors": sum(len(u.errors) for u in visitors + players)}
    result["met"] = (result["served"] == args.arrivals and result["errors"] == 0
                     and (not fps or fps[0] >= TARGET_FPS))
    print(f"{result['served']} of {args.arrivals} arrivals got a first frame: median {result['first_frame_s_median']} s,"
          f" 95th percentile {result['first_frame_s_p95']} s, slowest {result['first_frame_s_max']} s; "
          f"{args.playing} playing meanwhile: {result['playing_fps_median']} fps (slowest {result['playing_fps_min']}) "
          f"over {result['window_s']} s; errors {result['errors']}")
    results = RESULTS.with_name(f"arrivals-{args.playing}-playing.json")
    results.parent.mkdir(exist_ok=True)
    results.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
