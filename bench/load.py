"""Many live sessions against one server: frames per second per session, CPU,
memory, errors.  Loopback only, bounded in sessions and time, stops by itself.

    python -m bench.load                  # 5, 10, 15, 20 and 50 sessions, 20 s each
    python -m bench.load --sessions 5 10 --seconds 10
    python -m bench.load --servers 2    # two replicas, sessions spread over them

Each simulated user is a websocket client (harness.client) speaking
Streamlit's own protocol (what the browser sends): it opens the playground,
presses Play, then follows the live panel's stream (ui.stream), or asks for
the live view's timed re-runs at the interval the server sets, as the browser
does, and counts the frames it receives (one stream message or one finished
fragment run = one frame).  Browsers would cost far more CPU than the server under test; these
clients cost little, so the figures are the server's.

The server is started fresh for the run (one process, as in the container).
(With --servers 2, two such processes, as two replicas on one machine.)
Memory is its resident set size: at rest, with the sessions open, 15 s after
they closed, and at the end once Streamlit has let go of closed sessions (it
keeps a disconnected session for SESSION_TTL seconds, so that a reconnecting
browser finds its state).  Results: a table, and bench/results/load.json.
"""
import argparse
import asyncio
import contextlib
import json
import pathlib
import time

from harness.client import play_together
from harness.server import app_server
from ui.memory import COLLECT_SECONDS

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "load.json"  # written as load-<n>-servers.json
TARGET_FPS = 5.0
SESSION_TTL = 120  # streamlit.runtime.memory_session_storage's default


def _proc(pids):
    """(CPU seconds, resident MB) summed over the server processes ``pids``."""
    cpu = rss = 0.0
    for pid in pids:
        stat = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu += (int(stat[11]) + int(stat[12])) / 100.0  # utime + stime, clock ticks of 1/100 s
        rss += next(int(line.split()[1]) for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines()
                    if line.startswith("VmRSS")) / 1024
    return cpu, rss


async def _round(ws_urls, pids, sessions, seconds):
    """One measured round: a dict of results."""
    start = time.time()
    cpu0, _ = _proc(pids)
    users = await play_together(ws_urls, sessions, seconds)
    elapsed = time.time() - start
    cpu1, rss_open = _proc(pids)
    fps = sorted(u.fps(start + seconds) for u in users)
    return {"sessions": sessions, "seconds": round(elapsed, 1),
            "fps_median": round(fps[len(fps) // 2], 2), "fps_min": round(fps[0], 2),
            "cpu_cores_used": round((cpu1 - cpu0) / elapsed, 2), "rss_mb_open": round(rss_open, 1),
            "errors": sum(len(u.errors) for u in users),
            "error_examples": sorted({e for u in users for e in u.errors})[:3]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[5, 10, 15, 20, 50])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--servers", type=int, default=1,
                        help="server processes (replicas) to spread the sessions over")
    parser.add_argument("--session-ttl", type=int, default=SESSION_TTL,
                        help="seconds the server keeps a closed session for its browser to reconnect")
    args = parser.parse_args(argv)
    if max(args.sessions) > 200 or args.seconds > 120 or not 1 <= args.servers <= 4:
        parser.error("at most 200 sessions, 120 s per round and 4 servers")
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(app_server(session_ttl=args.session_ttl)) for _ in range(args.servers)]
        pids = [server.pid for _, server in servers]
        ws_urls = [url.replace("http", "ws") + "/_stcore/stream" for url, _ in servers]
        asyncio.run(_round(ws_urls, pids, len(servers), 3.0))  # warm-up: imports, first run
        time.sleep(2)
        baseline = _proc(pids)[1]
        rounds = []
        for n in args.sessions:
            result = asyncio.run(_round(ws_urls, pids, n, args.seconds))
            time.sleep(15)
            result["rss_mb_after_close"] = round(_proc(pids)[1], 1)
            rounds.append(result)
            print(f"{n:3d} sessions: {result['fps_median']:5.1f} fps per session (min {result['fps_min']:.1f}), "
                  f"CPU {result['cpu_cores_used']:.2f} cores, memory {baseline:.0f} MB at rest -> "
                  f"{result['rss_mb_open']:.0f} MB open -> {result['rss_mb_after_close']:.0f} MB after, "
                  f"errors {result['errors']}", flush=True)
        print(f"waiting {args.session_ttl + 10} s for closed sessions to expire ...", flush=True)
        time.sleep(args.session_ttl + 10)
        asyncio.run(_round(ws_urls, pids, len(servers), 2.0))  # new sessions make the stores drop expired ones
        time.sleep(COLLECT_SECONDS + 5)  # the server frees what they held at its next collection (ui/memory.py)
        settled = _proc(pids)[1]
    served = [r["sessions"] for r in rounds if r["fps_median"] >= TARGET_FPS and r["errors"] == 0]
    summary = {"servers": args.servers, "baseline_rss_mb": round(baseline, 1), "rounds": rounds,
               "rss_mb_at_end": round(settled, 1), "most_sessions_at_5_fps": max(served, default=0)}
    print(f"memory at rest {baseline:.0f} MB, at the end {settled:.0f} MB "
          f"({sum(r['sessions'] for r in rounds)} sessions opened and closed)")
    results = RESULTS.with_name(f"load-{args.servers}-servers.json")
    results.parent.mkdir(exist_ok=True)
    results.write_text(json.dumps(summary, indent=1))
    print(f"most sessions measured at >= {TARGET_FPS:g} fps each: {summary['most_sessions_at_5_fps']}")


if __name__ == "__main__":
    main()
