"""Server CPU per live frame: the playground beside the cheapest live page.

    python -m bench.frame_cost                 # 3 rounds of 4 sessions, 10 s each
    python -m bench.frame_cost --rounds 5 --sessions 6 --seconds 15
    python -m bench.frame_cost --before /tmp/old   # also an older copy of the project (e.g. git archive)

Two servers run side by side with the same settings (.streamlit/config.toml,
one process each): the playground as served (serve.py) and bench/one_line_app.py,
the playground's Play switch over a fragment that writes one line every
FRAME_SECONDS (and with ``--before``, the playground of another copy of the
project, so that a change is measured beside its past).  Each round plays ``sessions`` simulated students
(harness.client) on one server, then on the other, and divides the server
process's CPU time by the frames its students received.  The machine is
shared, so only the ratio within a round means much: the rounds give its
spread.  Results: a table, and bench/results/frame_cost.json.
"""
import argparse
import asyncio
import contextlib
import json
import pathlib
import statistics
import time

from harness.client import play_together
from harness.server import ROOT, app_server

from .load import _proc

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "frame_cost.json"
SCRIPTS = {"playground": "serve.py", "one_line": "bench/one_line_app.py"}
TARGET_RATIO = 1.5


def cpu_per_frame(ws_url, pid, sessions, seconds):
    """(server CPU milliseconds per frame, frames per second per session) for one round."""
    cpu0, _ = _proc([pid])
    users = asyncio.run(play_together([ws_url], sessions, seconds))
    cpu1, _ = _proc([pid])
    frames = sum(u.frames for u in users)
    errors = [e for u in users for e in u.errors]
    if errors or not frames:
        raise RuntimeError(f"{frames} frames, errors: {errors[:3]}")
    return 1000 * (cpu1 - cpu0) / frames, frames / sessions / seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--before", type=pathlib.Path, help="another copy of the project, served beside this one")
    args = parser.parse_args(argv)
    if args.rounds > 20 or args.sessions > 50 or args.seconds > 60:
        parser.error("at most 20 rounds of 50 sessions and 60 s")
    rounds = []
    with contextlib.ExitStack() as stack:
        scripts = SCRIPTS | ({"before": "serve.py"} if args.before else {})
        servers = {name: stack.enter_context(app_server(script=script, root=args.before if name == "before" else ROOT))
                   for name, script in scripts.items()}
        ws = {name: (url.replace("http", "ws") + "/_stcore/stream", server.pid)
              for name, (url, server) in servers.items()}
        for ws_url, _ in ws.values():  # warm-up: imports, the first run
            asyncio.run(play_together([ws_url], 1, 10.0))
        for i in range(args.rounds):
            measured = {name: cpu_per_frame(*ws[name], args.sessions, args.seconds) for name in scripts}
            result = {f"{name}_ms_per_frame": round(ms, 2) for name, (ms, _) in measured.items()}
            result |= {f"{name}_fps": round(fps, 1) for name, (_, fps) in measured.items()}
            result["ratio"] = round(measured["playground"][0] / measured["one_line"][0], 2)
            if args.before:
                result["before_ratio"] = round(measured["before"][0] / measured["one_line"][0], 2)
            rounds.append(result)
            print(f"round {i + 1}: playground {result['playground_ms_per_frame']:.2f} ms a frame "
                  f"({result['playground_fps']:.1f} fps), one line {result['one_line_ms_per_frame']:.2f} ms "
                  f"({result['one_line_fps']:.1f} fps): ratio {result['ratio']:.2f}"
                  + (f"; before: {result['before_ms_per_frame']:.2f} ms, ratio {result['before_ratio']:.2f}"
                     if args.before else ""), flush=True)
            time.sleep(1)
    ratios = [r["ratio"] for r in rounds]
    summary = {"sessions": args.sessions, "seconds": args.seconds, "rounds": rounds,
               "ratio_median": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
               "target_ratio": TARGET_RATIO, "met": statistics.median(ratios) <= TARGET_RATIO}
    print(f"ratio {summary['ratio_median']:.2f} (from {min(ratios):.2f} to {max(ratios):.2f}), "
          f"target <= {TARGET_RATIO}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=1) + "\n")


if __name__ == "__main__":
    main()
