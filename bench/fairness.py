"""Can one user starve the others?  Five students' frame rates, alone and next
to one heavy user, as ratios measured in one run (never asserted in tests).

    python -m bench.fairness                 # 20 s a round; writes bench/results/fairness.json
    python -m bench.fairness --seconds 10

Five simulated students (harness.client's websocket client) play the default
setup.  Their median frames per second is measured alone, then with one more
user who plays the heaviest setup a link allows, then the heaviest the
playground's controls allow, then with one user training the Seeds page at
its largest (50 seeds x 10,000 epochs of the controls' heaviest setup).  The
target: the students keep at least half their frame rate.
"""
import argparse
import asyncio
import json
import pathlib
import time

from harness.client import User
from harness.server import running_app

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "fairness.json"
STUDENTS = 5
TARGET_SHARE = 0.5
LINK_HEAVIEST = "n_points=20000&hidden=8,8,8,8,8,8&batch_size=1"
CONTROLS_HEAVIEST = "n_points=2000&hidden=8,8,8,8,8,8&batch_size=1"
SEED_COUNT, SEED_EPOCHS = "50", "10000"  # as the Seeds page's sliders send them


class PageUser(User):
    """Opens the playground with the link ``query`` (the setup the other pages
    take over), then goes to ``page`` and plays there."""

    def __init__(self, url, query, page):
        super().__init__(url, query)
        self.next_page = page

    async def _start(self, until):
        await self._send()
        await self._wait_for(lambda: not self.running, until)
        self.page, self.page_hash, self.play_id = self.next_page, "", None
        await super()._start(until)


class SeedsUser(PageUser):
    """A PageUser on the Seeds page: sets the largest sweep and presses Train."""

    def __init__(self, url, query):
        super().__init__(url, query, "seeds")
        self.sliders, self.train_id, self.pressed = {}, None, False

    def _element(self, which, element):
        super()._element(which, element)
        if which == "slider":
            self.sliders[element.slider.label] = element.slider.id
        elif which == "button" and element.button.label == "Train every seed":
            self.train_id = element.button.id

    def _ready(self):
        return self.train_id is not None and "Seeds" in self.sliders

    def _add_widgets(self, states):
        if not self.playing:
            return
        for label, value in (("Seeds", SEED_COUNT), ("Epochs per run", SEED_EPOCHS)):
            widget = states.widgets.add()
            widget.id = self.sliders[label]
            widget.string_array_value.data.append(value)
        if not self.pressed:  # a click is sent once
            self.pressed = True
            widget = states.widgets.add()
            widget.id, widget.trigger_value = self.train_id, True


async def _round(ws_url, seconds, extra=None):
    """Median frames per second of STUDENTS students, with ``extra`` (a User) beside them."""
    students = [User(ws_url) for _ in range(STUDENTS)]
    users = students + ([extra] if extra else [])
    start = time.time()
    await asyncio.gather(*(u.run(start + seconds) for u in users))
    fps = sorted(u.fps(start + seconds) for u in students)
    errors = [e for u in users for e in u.errors]
    return {"students_fps_median": round(fps[len(fps) // 2], 2), "students_fps_min": round(fps[0], 2),
            "extra_frames": extra.frames if extra else None, "errors": len(errors),
            "error_examples": sorted(set(errors))[:3]}


# Round name -> the user beside the students (given the server's websocket address).
EXTRA_USERS = {"alone": lambda url: None,
               "link_heaviest": lambda url: User(url, LINK_HEAVIEST),
               "controls_heaviest": lambda url: User(url, CONTROLS_HEAVIEST),
               "seeds_largest": lambda url: SeedsUser(url, CONTROLS_HEAVIEST),
               "sweep_link_heaviest": lambda url: PageUser(url, LINK_HEAVIEST, "sweep")}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--only", nargs="+", choices=list(EXTRA_USERS), help="these rounds (and alone) only")
    args = parser.parse_args(argv)
    if not 3 <= args.seconds <= 120:
        parser.error("3 to 120 s a round")
    rounds = {}
    with running_app() as http_url:
        ws_url = http_url.replace("http", "ws") + "/_stcore/stream"
        asyncio.run(_round(ws_url, 3.0))  # warm-up: imports, first runs
        for name, extra in EXTRA_USERS.items():
            if name == "alone" or not args.only or name in args.only:
                rounds[name] = asyncio.run(_round(ws_url, args.seconds, extra(ws_url)))
            time.sleep(2)  # closed sessions stop training: a fragment runs only while connected
    alone = rounds["alone"]["students_fps_median"]
    for name, result in rounds.items():
        result["share_of_alone"] = round(result["students_fps_median"] / alone, 2) if alone else None
        print(f"{name:>18}: students {result['students_fps_median']:5.1f} fps (min {result['students_fps_min']:.1f}) "
              f"= {result['share_of_alone']:.2f} of alone; extra user's frames {result['extra_frames']}; "
              f"errors {result['errors']}", flush=True)
    met = all(r["share_of_alone"] >= TARGET_SHARE and r["errors"] == 0 for r in rounds.values())
    summary = {"students": STUDENTS, "seconds_per_round": args.seconds, "rounds": rounds,
               "target_share_of_alone": TARGET_SHARE, "met": met}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=1) + "\n")
    print("target met: students keep at least half their frame rate" if met else "TARGET MISSED")


if __name__ == "__main__":
    main()
