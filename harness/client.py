"""A websocket client speaking Streamlit's own protocol, as a browser tab does:
it opens a page, presses Play and asks for the live view's timed re-runs at the
interval the server sets, counting the frames it receives (one finished
fragment run = one frame, or one message of the live panel's own stream,
ui.stream) and the errors the page shows.  It costs far less
CPU than a browser, so many of them measure the server, not themselves."""
import asyncio
import json
import time

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect


class User:
    """One browser tab: open, switch to Play, keep asking for frames, count them.
    ``query`` is the link's query string (e.g. "n_points=2000&batch_size=1");
    ``page`` a page's name in its address (e.g. "seeds"; "" for the playground);
    ``play`` False: open the page and only look.  ``opened`` and ``first_page``
    are the times (time.time()) the tab opened and its first run finished with
    ``CHARTS`` live charts drawn."""

    CHARTS = 3  # the playground's boundary, network and loss

    def __init__(self, url, query="", page="", play=True):
        self.url, self.frames, self.errors = url, 0, []
        self.query, self.page, self.play = query, page, play
        self.opened = self.first_page = None
        self.charts = set()
        self.play_id = self.play_value = None  # the Play/Pause switch, and its "Play" as sent
        self.playing = False
        self.page_hash, self.interval, self.fragment = "", None, None
        self.running = False
        self.stream, self.streams = None, []  # the live panel's stream (its address), and their readers

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
        elif which == "bidi_component" and self.first_page is None and element.bidi_component.json:
            data = json.loads(element.bidi_component.json)
            if "figure" in data:  # a live chart (the other component watches whether the tab is hidden)
                self.charts.add(data["key"])
            for column in data.get("columns", ()):  # a live panel's charts (ui.live_chart.live_panel)
                self.charts.update(part["key"] for part in column if "figure" in part)
        if which == "bidi_component" and element.bidi_component.json:
            stream = json.loads(element.bidi_component.json).get("stream")
            if stream and stream != self.stream:  # as the page's script does (ui.live_chart.follow)
                self.stream = stream
                self.streams.append(asyncio.ensure_future(self._follow(stream)))
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
            if self.first_page is None and len(self.charts) >= self.CHARTS:
                self.first_page = time.time()
            return True
        return False

    async def run(self, until):
        self.opened = time.time()
        self.ws = await connect(self.url, subprotocols=["streamlit"], max_size=None)
        # A proxy's sticky-session cookie (deploy/haproxy.cfg) takes the stream to the same replica.
        self.cookies = "; ".join(cookie.split(";")[0] for cookie in self.ws.response.headers.get_all("Set-Cookie"))
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
                # A tab that only looks asks for nothing: it need not wake often (with a hundred
                # of them, waking every 5 ms kept this process too busy to read the server's answers).
                await asyncio.sleep(0.005 if self.fragment else 0.1)
        finally:
            for task in (reader, *self.streams):
                task.cancel()
            await self.ws.close()

    async def _start(self, until):
        """Open the page and switch to Play, as a user does."""
        await self._send()
        await self._wait_for(self._ready, until)
        if self._ready() and self.play:
            self.playing = True
            await self._send()

    @staticmethod
    async def _wait_for(condition, until):
        while not condition() and time.time() < until:
            await asyncio.sleep(0.05)

    def fps(self, end):
        """Frames per second from this user's first frame (opening the page is not a frame) to ``end``."""
        return self.frames / max(1e-9, end - getattr(self, "first_frame", end))

    def _count_frame(self):
        self.first_frame = getattr(self, "first_frame", None) or time.time()
        self.frames += 1

    async def _reader(self):
        async for data in self.ws:
            if self._read(data) and self.fragment:
                self._count_frame()

    async def _follow(self, stream):
        """Count the frames of the live panel's stream at ``stream`` (a path on the server)."""
        origin = self.url.split("/", 3)[:3]
        headers = {"Cookie": self.cookies} if self.cookies else {}
        async with connect("/".join(origin) + stream, max_size=None, additional_headers=headers) as socket:
            async for message in socket:
                if '"rerun"' in message[:16]:
                    await self._send(fragment=self.fragment)
                    return
                self._count_frame()
                await socket.send("drawn")  # as the page does once it has drawn a frame


async def play_together(ws_urls, sessions, seconds):
    """``sessions`` users spread over the servers, all playing for ``seconds``; returns them."""
    users = [User(ws_urls[i % len(ws_urls)]) for i in range(sessions)]
    until = time.time() + seconds
    await asyncio.gather(*(u.run(until) for u in users))
    return users
