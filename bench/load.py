"""Many live sessions against one server: frames per second per session, CPU,
memory, errors.  Loopback only, bounded in sessions and time, stops by itself.

    python -m bench.load                  # 5, 10, 15, 20 and 50 sessions, 20 s each
    python -m bench.load --sessions 5 10 --seconds 10
    python -m bench.load --servers 2    # two replicas, sessions spread over them

Each simulated user is a websocket client speaking Streamlit's own protocol
(what the browser sends): it opens the playground, presses Play, then asks for
the live view's timed re-runs at the interval the server sets, as the browser
does, and counts the frames it receives (one finished fragment run = one
frame).  Browsers would cost far more CPU than the server under test; these
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
import json
import pathlib
import subprocess
import sys
import time

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from tests.conftest import ROOT, free_port, wait_for_health

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "load.json"  # written as load-<n>-servers.json
TARGET_FPS = 5.0
SESSION_TTL = 120  # streamlit.runtime.memory_session_storage's default


class User:
    """One browser tab: open, switch to Play, keep asking for frames, count them.
    ``query`` is the link's query string (e.g. "n_points=2000&batch_size=1");
    ``page`` a page's name in its address (e.g. "seeds"; "" for the playground)."""

    def __init__(self, url, query="", page=""):
        self.url, self.frames, self.errors = url, 0, []
        self.query, self.page = query, page
        self.play_id = self.play_value = None  # the Play/Pause switch, and its "Play" as sent
        self.playing = False
        self.page_hash, self.interval, self.fragment = "", None, None
        self.running = False

    async def _send(self, fragment=None):
        msg = BackMsg()
        state = msg.rerun_script
        state.page_script_hash, state.page_name, state.query_string = self.page_hash, self.page, self.query
        if fragment:
            state.fragment_id, state.is_auto_rerun = fragment, True
        self._add_widgets(state.widget_states)
        self.running = True
        await self.ws.send(msg.SerializeToString())

    def _add_widgets(self, states):
        if self.playing:  # as a browser does, every request carries the switch's value
            widget = states.widgets.add()
            widget.id = self.play_id
            widget.string_array_value.data.append(self.play_value)

    def _ready(self):
        """Whether the page has shown what ``run`` presses (the Play switch)."""
        return self.play_id is not None

    def _element(self, which, element):
        """Note what the page shows; ``which`` names the kind of ``element``."""
        if which == "button_group":
            for option in element.button_group.options:
                if option.content == "Play":  # sent back as format_func made it: "icon label"
                    self.play_id = element.button_group.id
                    self.play_value = " ".join(filter(None, (option.content_icon, option.content)))
        elif which == "exception":
            self.errors.append(element.exception.message)
        elif which == "alert" and element.alert.format == Alert.ERROR:  # a failure as serve.py shows it
            self.errors.append(element.alert.body)

    def _read(self, data):
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            pages = {page.url_pathname: page.page_script_hash for page in msg.new_session.app_pages}
            self.page_hash = pages.get(self.page, msg.new_session.main_script_hash)
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            self._element(element.WhichOneof("type"), element)
        elif kind == "auto_rerun":
            self.interval, self.fragment = msg.auto_rerun.interval, msg.auto_rerun.fragment_id
        elif kind == "script_finished":
            self.running = False
            return True
        return False

    async def run(self, until):
        self.ws = await connect(self.url, subprotocols=["streamlit"], max_size=None)
        reader = asyncio.ensure_future(self._reader())
        try:
            await self._start(until)
            last = 0.0
            while time.time() < until:
                # The browser asks every interval (a timer); a request while a
                # run is still going would only queue behind it.
                if self.fragment and not self.running and time.time() - last >= self.interval:
                    last = time.time()
                    await self._send(fragment=self.fragment)
                await asyncio.sleep(0.005)
        finally:
            reader.cancel()
            await self.ws.close()

    async def _start(self, until):
        """Open the page and switch to Play, as a user does."""
        await self._send()
        await self._wait_for(self._ready, until)
        if self._ready():
            self.playing = True
            await self._send()

    @staticmethod
    async def _wait_for(condition, until):
        while not condition() and time.time() < until:
            await asyncio.sleep(0.05)

    def fps(self, end):
        """Frames per second from this user's first frame (opening the page is not a frame) to ``end``."""
        return self.frames / max(1e-9, end - getattr(self, "first_frame", end))

    async def _reader(self):
        started = None
        async for data in self.ws:
            if self._read(data) and self.fragment:
                started = started or time.time()
                self.frames += 1
                self.first_frame = started


def _proc(pids):
    """(CPU seconds, resident MB) summed over the server processes ``pids``."""
    cpu = rss = 0.0
    for pid in pids:
        stat = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu += (int(stat[11]) + int(stat[12])) / 100.0  # utime + stime, clock ticks of 1/100 s
        rss += next(int(line.split()[1]) for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines()
                    if line.startswith("VmRSS")) / 1024
    return cpu, rss


async def play_together(ws_urls, sessions, seconds):
    """``sessions`` users spread over the servers, all playing for ``seconds``; returns them."""
    users = [User(ws_urls[i % len(ws_urls)]) for i in range(sessions)]
    until = time.time() + seconds
    await asyncio.gather(*(u.run(until) for u in users))
    return users


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


def _start_server(session_ttl):
    port = free_port()
    log = open(ROOT / "tests" / f"streamlit-{port}.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true",
                               "--server.disconnectedSessionTTL", str(session_ttl)],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    return port, server, log


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
    servers = [_start_server(args.session_ttl) for _ in range(args.servers)]
    pids = [server.pid for _, server, _ in servers]
    try:
        ws_urls = []
        for port, _, _ in servers:
            wait_for_health(f"http://127.0.0.1:{port}")
            ws_urls.append(f"ws://127.0.0.1:{port}/_stcore/stream")
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
        time.sleep(5)
        settled = _proc(pids)[1]
    finally:
        for _, server, log in servers:
            server.terminate()
            server.wait(timeout=30)
            log.close()
            pathlib.Path(log.name).unlink(missing_ok=True)
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
