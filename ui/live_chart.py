"""A Plotly chart that updates in place, for live training views.

``st.plotly_chart`` derives a chart's identity from the figure itself (Streamlit
1.67, even with a key), so every new frame unmounts the old chart and mounts a
new one: the panel blinks blank.  This component keeps one Plotly instance per
key and hands it each new figure through ``Plotly.react``, which redraws only
what changed.  plotly.js is the copy shipped inside the pinned ``plotly``
package, served once per page by Streamlit's static file serving.

The chart follows the page's theme with the templates of plots.style, picked
in the browser from the page's colours (the server learns of a theme change
late or not at all).  Hovering a neuron of a network diagram shows that
neuron's tile, cut from the diagram's image, large on the page's input plane
(the chart whose ``layout.meta.input_plane`` is set), until the pointer leaves it.
"""
import functools
import gzip
import hashlib
import json
import pathlib
import shutil
import uuid
from dataclasses import dataclass
from typing import Callable

import plotly
import streamlit as st
from starlette.datastructures import MutableHeaders
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from plots import emphasize
from plots.style import TEMPLATES

from .assets import accepts_gzip, send_packed, served_at
from .stream import stream_failed

ROOT = pathlib.Path(__file__).resolve().parents[1]
PLOTLY_JS_NAME = f"plotly-{plotly.__version__}.min.js"
_SOURCE = pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

_JS = r"""
const TEMPLATES = __TEMPLATES__;  // plots.style.TEMPLATES, written in once: not resent every frame

// Light text means a dark page.
const isDark = (css) => {
  const [r, g, b] = css.match(/[\d.]+/g).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 128;
};

const isPlane = (figure) => !!(figure && figure.layout.meta && figure.layout.meta.input_plane);

// An input plane's figure with the hovered neuron (window.__neuronView, {uri, name})
// in place of its own image, its title saying so; any other figure as it is.
function withNeuron(figure) {
  const view = window.__neuronView;
  if (!view || !isPlane(figure)) return figure;
  const { images, title } = figure.layout;
  return { data: figure.data, layout: Object.assign({}, figure.layout, {
    images: [Object.assign({}, images[0], { source: view.uri })],
    title: Object.assign({}, title, { text: view.name + " over the plane (hovered)" }) }) };
}

// Every input plane on the page shows the hovered neuron, or its own image again.
function showNeuron() {
  for (const plot of Object.values(window.__livePlots || {})) {
    if (plot.isConnected && isPlane(plot.__figure)) present(plot);
  }
}

// Cut the hovered neuron's tile out of its diagram's latest image, then show it.
function cutHoveredNeuron() {
  const hover = window.__neuronHover;  // {plot, tile: [x, y, size, name]} or null
  if (!hover) { window.__neuronView = null; showNeuron(); return; }
  const [x, y, size, name] = hover.tile;
  const image = new Image();
  image.onload = () => {
    if (window.__neuronHover !== hover) return;
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = size;
    canvas.getContext("2d").drawImage(image, x, y, size, size, 0, 0, size, size);
    window.__neuronView = { uri: canvas.toDataURL(), name };
    showNeuron();
  };
  image.src = hover.plot.__figure.layout.images[0].source;
}

function listenForNeurons(plot) {
  // Plotly also reports an unhover when it redraws the chart under a still
  // pointer, and a hover right after: the plane waits a moment before it
  // goes back to its own image, so that training does not make it flicker.
  const leave = () => {
    clearTimeout(window.__neuronLeaving);
    window.__neuronLeaving = setTimeout(() => {
      if (window.__neuronHover && window.__neuronHover.plot === plot) {
        window.__neuronHover = null;
        cutHoveredNeuron();
      }
    }, 150);
  };
  // Plotly.newPlot drops a chart's listeners, so they are added after every draw.
  plot.removeAllListeners("plotly_hover");
  plot.removeAllListeners("plotly_unhover");
  plot.on("plotly_hover", (event) => {
    const point = event.points && event.points[0];
    if (!point || point.data.name !== "neurons") { leave(); return; }
    const { tiles, spots } = point.data.meta;  // see plots.network.network_figure
    const tile = tiles[Math.floor(point.pointNumber / spots)];
    clearTimeout(window.__neuronLeaving);
    if (window.__neuronHover && window.__neuronHover.tile[3] === tile[3]) return;
    window.__neuronHover = { plot, tile };
    cutHoveredNeuron();
  });
  plot.on("plotly_unhover", leave);
  if (!plot.__leaveListener) {
    plot.__leaveListener = true;
    plot.addEventListener("mouseleave", leave);
  }
}

const countFrame = (plot) => { plot.dataset.frames = String(Number(plot.dataset.frames || 0) + 1); };

// Draw the chart's latest figure (plot.__figure), the hovered neuron put in.
function present(plot) {
  const figure = withNeuron(plot.__figure);
  // While training, often only background images change (the boundary's
  // colours): then swap the images' pixels and skip Plotly's full redraw.
  const sources = (figure.layout.images || []).map((image) => image.source);
  const shape = JSON.stringify(figure, (k, v) => (k === "source" ? undefined : v));
  const drawn = plot.querySelectorAll(".imagelayer image");
  if (shape === plot.__shape && drawn.length === sources.length && !plot.__drawing) {
    drawn.forEach((node, i) => node.setAttribute("href", sources[i]));
    (plot.layout.images || []).forEach((image, i) => { image.source = sources[i]; });
    countFrame(plot);
    return;
  }
  plot.__shape = shape;
  // Later frames only replace the figure to draw; one draw runs at a time.
  plot.__next = figure;
  if (plot.__drawing) return;
  const draw = (Plotly) => {
    const next = plot.__next;
    plot.__next = null;
    if (!next) { plot.__drawing = false; return; }
    plot.__drawing = true;
    // A new plane (other data) is drawn afresh: react() would keep the axis
    // constraints worked out for the old one.  Same task, so no blank frame.
    const fresh = plot.__uirevision !== next.layout.uirevision;
    plot.__uirevision = next.layout.uirevision;
    (fresh ? Plotly.newPlot : Plotly.react)(plot, next.data, next.layout, plot.__config)
      .then(() => { listenForNeurons(plot); countFrame(plot); draw(Plotly); });
  };
  // Text is measured when drawn (legend widths, margins): wait for the page's fonts.
  Promise.all([window.__plotlyLoading, document.fonts.ready]).then(([Plotly]) => draw(Plotly));
}

// The figure a message stands for: its base (sent whole with the base's first
// messages, ui.live_chart.figure_message), with the message's patch put in:
// traces by index, whole or some of their fields (or a list field's first items
// and new ones after them), layout entries by name, and some layout entries dropped.
// Several bases are kept, in case a message naming a newer one was skipped.
function assembled(plot, data) {
  const bases = plot.__bases || (plot.__bases = new Map());
  if (data.figure && !bases.has(data.base)) {
    bases.set(data.base, data.figure);
    if (bases.size > 3) bases.delete(bases.keys().next().value);
  }
  const base = bases.get(data.base);
  if (base === undefined) return null;
  const figure = JSON.parse(base);  // a copy of its own: Plotly writes into the figures it draws
  if (data.patch) {
    const patch = JSON.parse(data.patch);
    for (const [index, trace] of Object.entries(patch.data)) figure.data[Number(index)] = trace;
    for (const [index, fields] of Object.entries(patch.fields)) Object.assign(figure.data[Number(index)], fields);
    for (const [index, fields] of Object.entries(patch.extend)) {
      const trace = figure.data[Number(index)];
      for (const [field, [kept, more]] of Object.entries(fields)) trace[field] = trace[field].slice(0, kept).concat(more);
    }
    Object.assign(figure.layout, patch.layout);
    for (const name of patch.drop) delete figure.layout[name];
  }
  return figure;
}

function loadPlotly(url) {
  if (window.__plotlyLoading) return;
  // The page's HTML started loading plotly.js already (ui.live_chart.PlotlyFirst); else it starts now.
  window.__plotlyLoading = new Promise((resolve, reject) => {
    if (window.Plotly) { resolve(window.Plotly); return; }
    const early = document.querySelector("script[data-plotly-first]");
    const script = early || document.createElement("script");
    script.addEventListener("load", () => resolve(window.Plotly));
    script.addEventListener("error", () => reject(new Error("could not load " + url)));
    if (!early) { script.src = url; document.head.appendChild(script); }
  });
}

// Draw one chart's message (``data``, ui.live_chart.chart_data) in ``parentElement``,
// an element of its own; a click on a clickable chart's plane calls ``report(value)``.
// A short chart (the loss curve under large type, on a projector) gets fewer
// y ticks, each label three of its heights from the next, so they never overlap.
function yTicksFor(layout, height) {
  if (!layout.yaxis || layout.yaxis.tickvals || layout.yaxis.dtick) return {};
  const margin = layout.margin || {}, font = (layout.font && layout.font.size) || 12;
  const ticks = Math.floor((height - (margin.t || 0) - (margin.b || 0)) / (3 * font));
  return ticks < 6 ? { yaxis: Object.assign({}, layout.yaxis, { nticks: Math.max(ticks, 2) }) } : {};
}

function drawChart(parentElement, data, report) {
  window.__assembled = assembled;
  // Streamlit can still unmount and mount a component when runs overlap (a
  // timed frame arriving during a full run); adopting the chart drawn under the
  // same key keeps its last frame on screen instead of an empty box.
  const plots = window.__livePlots || (window.__livePlots = {});
  let plot = parentElement.querySelector(":scope > .live-plot");
  if (!plot) {
    plot = plots[data.key] || document.createElement("div");
    plot.className = "live-plot";
    plot.style.width = "100%";
    parentElement.appendChild(plot);
    plots[data.key] = plot;
  }
  const figure = assembled(plot, data);
  if (!figure) return;  // its base never reached this page (see assembled): the last frame stays
  // What tests/test_browser_frames.py reads: it rebuilds the last frame of a base against the next one.
  if (plot.__base !== data.base) plot.__lastOfBase = plot.__lastMessage;
  plot.__base = data.base;
  plot.__lastMessage = { base: data.base, patch: data.patch };
  if (data.patch) plot.dataset.patched = String(Number(plot.dataset.patched || 0) + 1);
  figure.layout.autosize = true;
  // A chart that fills the window: its share of the height from its own top
  // to the window's bottom (never below its given height, never taller than it
  // is wide), measured again whenever the window or its column resizes.
  plot.__fit = data.fill ? () => {
    // Its top on the page, however far the page is scrolled: Streamlit scrolls its main
    // section, not the window, and a chart that grew as the page scrolled redrew in full.
    let top = parentElement.getBoundingClientRect().top + window.scrollY;
    for (let box = parentElement.parentElement; box; box = box.parentElement) top += box.scrollTop;
    const room = window.innerHeight - top - 16;
    const wide = plot.getBoundingClientRect().width || room;
    // (and with ``keep``, leaving that many px of the room to the charts under it)
    return Math.round(Math.max(data.height, Math.min(room * data.fill - data.gap, room - (data.keep || 0),
                                                     data.square ? wide : Infinity)));
  } : () => data.height;
  const height = plot.__fit();
  plot.style.height = height + "px";
  figure.layout.height = height;
  Object.assign(figure.layout, yTicksFor(figure.layout, height));
  if (!plot.__observed && window.ResizeObserver) {
    plot.__observed = true;
    // The size it is first drawn at: the observers' first call, as it starts watching,
    // redraws it only if that changed (a second full draw of every chart, before the first frame counted).
    plot.__fitted = `${height}x${plot.getBoundingClientRect().width}`;
    const refit = () => {
      const fitted = plot.__fit(), wide = plot.getBoundingClientRect().width;
      if (plot.__fitted === `${fitted}x${wide}`) return;
      plot.__fitted = `${fitted}x${wide}`;
      plot.style.height = fitted + "px";
      if (plot.__next) plot.__next.layout.height = fitted;  // a draw still to come
      if (plot._fullLayout) {
        window.Plotly.relayout(plot, { height: fitted, width: wide, ...yTicksFor(plot.layout, fitted) });
      }
    };
    // Its column and the page too: whatever grows above it moves its top (a chart
    // above it in the column, larger type in presenter mode).
    const watcher = new ResizeObserver(refit);
    for (const box of [parentElement, parentElement.closest('[data-testid="stColumn"], .nn-live-column'),
                       document.querySelector('[data-testid="stMainBlockContainer"]')]) {
      if (box) watcher.observe(box);
    }
    // Again a moment later: a chart above this one may have refitted meanwhile.
    window.addEventListener("resize", () => { refit(); setTimeout(refit, 250); });
  }
  // A clickable chart reports where on its plane the user clicked (in data
  // units); dragging, which would zoom, is off then.  As a state, numbered, not
  // a one-off trigger: a trigger sent while a timed frame runs could be lost
  // when Streamlit merges that frame's request with the next one.
  plot.__click = data.clickable ? report : null;
  plot.style.cursor = data.clickable ? "crosshair" : "";
  if (data.clickable) figure.layout.dragmode = false;
  if (!plot.__listening) {
    plot.__listening = true;
    plot.addEventListener("pointerdown", (event) => {
      const area = plot.querySelector(".nsewdrag");
      if (!plot.__click || !area || !plot._fullLayout) return;
      const box = area.getBoundingClientRect();
      const px = event.clientX - box.left, py = event.clientY - box.top;
      if (px < 0 || py < 0 || px > box.width || py > box.height) return;
      const { xaxis, yaxis } = plot._fullLayout;
      plot.__clicks = (plot.__clicks || 0) + 1;
      plot.__click({ x: xaxis.p2d(px), y: yaxis.p2d(py), n: plot.__clicks });
    }, true);
  }
  // Follow the page's theme (light or dark) with its template from plots.style;
  // the text colour is also written on the layout itself, where it is plain to read.
  const template = TEMPLATES[isDark(getComputedStyle(parentElement).color) ? "dark" : "light"];
  figure.layout.template = template;
  figure.layout.font = Object.assign({}, figure.layout.font, { color: template.layout.font.color });
  // A chart drawn while hidden (a tab not shown) is drawn again at its size once seen.
  if (!plot.__resizeWatch && window.ResizeObserver) {
    plot.__resizeWatch = new ResizeObserver(() => {
      if (plot._fullLayout && plot.clientWidth && plot._fullLayout.width !== plot.clientWidth) {
        window.Plotly.Plots.resize(plot);
      }
    });
    plot.__resizeWatch.observe(plot);
  }
  plot.__figure = figure;
  plot.__config = data.config;
  present(plot);
  // A new diagram under a hovered neuron: cut its tile again.
  if (window.__neuronHover && window.__neuronHover.plot === plot) cutHoveredNeuron();
}
"""

_LIVE_JS = _JS + r"""
export function chart(component, data) {
  loadPlotly(data.plotly_url);
  drawChart(component.parentElement, data, (value) => component.setStateValue("click", value));
}

// Several charts and blocks of HTML in one element (see live_panel): columns of
// parts, each part in a slot of its own that stays in place from frame to frame.
export function panel(component, data) {
  const { parentElement } = component;
  loadPlotly(data.plotly_url);
  // Remounted by Streamlit (see drawChart), the panel adopts its own earlier DOM, charts and all.
  const panels = window.__livePanels || (window.__livePanels = {});
  let panel = parentElement.querySelector(":scope > .nn-live-panel");
  if (!panel) {
    panel = panels[data.key] || document.createElement("div");
    panel.className = "nn-live-panel";
    parentElement.appendChild(panel);
    panels[data.key] = panel;
  }
  const slots = panel.__slots || (panel.__slots = {});
  data.columns.forEach((parts, i) => {
    const column = panel.children[i] || panel.appendChild(document.createElement("div"));
    column.className = "nn-live-column";
    column.style.flex = `${data.widths[i]} 1 0`;
    parts.forEach((part, j) => {
      const slot = slots[part.key] || (slots[part.key] = document.createElement("div"));
      if (column.children[j] !== slot) column.insertBefore(slot, column.children[j] || null);
      if (part.html === undefined) {
        drawChart(slot, part, (value) => component.setStateValue(part.key, value));
      } else if (slot.__html !== part.html) {
        slot.className = "nn-live-html";
        slot.innerHTML = slot.__html = part.html;
      }
    });
    while (column.children.length > parts.length) column.lastChild.remove();
  });
  while (panel.children.length > data.columns.length) panel.lastChild.remove();
  follow(panel, component, data.stream);
}

// While training plays, the next frames come over a websocket of their own (ui.stream),
// each the panel's data as a script run would send it, until the server closes it.  The
// last may say that the page must run again (the network diverged): then the panel's
// trigger runs its fragment.  Every run of the page names a new stream, or none.
function follow(panel_, component, stream) {
  if (panel_.__stream === stream) return;
  if (panel_.__socket) panel_.__socket.close();
  panel_.__stream = stream;
  panel_.__socket = null;
  if (!stream) return;
  const url = new URL(stream, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const socket = panel_.__socket = new WebSocket(url.href);
  // Closed other than by the server's normal close (1000): say so, and the page's frames come by
  // script runs from then on (a proxy that passes only Streamlit's own websocket, a lost connection).
  socket.onclose = (event) => {
    if (panel_.__socket === socket && event.code !== 1000) component.setStateValue("no_stream", true);
  };
  socket.onmessage = (event) => {
    if (panel_.__socket !== socket) return;
    const frame = JSON.parse(event.data);
    if (frame.rerun) { component.setTriggerValue("stream_ended", true); return; }
    panel(component, Object.assign(frame, { stream }));
    // The server sends the next frame (and trains for it) once this one is on screen: a slow
    // browser gets fewer frames rather than a queue of them, which it would show long after Pause.
    requestAnimationFrame(() => setTimeout(() => {
      if (socket.readyState === WebSocket.OPEN) socket.send("drawn");
    }, 0));
  };
}
"""

_LIVE_JS = _LIVE_JS.replace("__TEMPLATES__", json.dumps(TEMPLATES))  # written in once, not resent every frame
# The charts' code is a module served beside plotly.js (written by ensure_plotly_js), its
# name holding its content's hash: Streamlit sends a component's inline code with every
# element, every frame, and the code (18 kB) was half of a frame's bytes.
LIVE_JS_NAME = f"nn-live-{hashlib.sha256(_LIVE_JS.encode()).hexdigest()[:12]}.js"
# What each component's element runs: it loads that module once per page (it sits
# beside plotly.js, whose address each message carries) and hands it the element;
# elements that arrive meanwhile are drawn, each as last sent, once it is there.
_LOADER_JS = r"""
export default function (component) {
  // A timed frame's data comes as bytes of JSON (see ui.live_chart.live_chart), a full run's as an object.
  const data = component.data instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(component.data))
                                                     : component.data;
  const live = window.__nnLive || (window.__nnLive = { module: null, waiting: new Map() });
  if (live.module) { live.module.__ENTRY__(component, data); return; }
  live.waiting.set(component.parentElement, () => live.module.__ENTRY__(component, data));
  if (!live.loading) {
    const url = new URL(data.plotly_url.replace(/[^/]*$/, "__NAME__"), window.location.href).href;
    live.loading = import(url).then((module) => {
      live.module = module;
      for (const draw of live.waiting.values()) draw();
      live.waiting.clear();
    });
  }
}
""".replace("__NAME__", LIVE_JS_NAME)
_component = st.components.v2.component("nn_live_plotly", js=_LOADER_JS.replace("__ENTRY__", "chart"),
                                        isolate_styles=False)
_panel_component = st.components.v2.component("nn_live_panel", js=_LOADER_JS.replace("__ENTRY__", "panel"),
                                              isolate_styles=False)

# Reports when the browser tab is hidden or shown again, so that a page can
# stop training nobody watches (and free the server for those who do).
_TAB_JS = r"""
export default function (component) {
  window.__reportTab = component.setTriggerValue;
  if (!window.__watchingTab) {
    window.__watchingTab = true;
    document.addEventListener("visibilitychange", () => window.__reportTab("hidden", document.hidden));
  }
}
"""
_tab_component = st.components.v2.component("nn_tab_watch", js=_TAB_JS)


def watch_tab():
    """Keep ``st.session_state.tab_hidden`` True while the page's browser tab is hidden."""
    def changed():
        st.session_state.tab_hidden = bool(st.session_state.tab_watch.hidden)
    _tab_component(key="tab_watch", data={}, height=0, on_hidden_change=changed)


def ensure_plotly_js():
    """Put plotly.js where Streamlit serves static files (static/), once per version,
    the live charts' module (LIVE_JS_NAME) beside it, and a copy of plotly.js gzipped
    once (PlotlyFirst serves it: Streamlit would gzip the 4.6 MB again for every page
    opened, 0.1 s of the server's CPU each time).
    The container image does this at build time, so the app needs no write access."""
    target = ROOT / "static" / PLOTLY_JS_NAME
    if not target.exists():
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(_SOURCE, target)
    packed = target.with_name(target.name + ".gz")
    if not packed.exists():
        packed.write_bytes(gzip.compress(_SOURCE.read_bytes(), compresslevel=9, mtime=0))
    live = target.with_name(LIVE_JS_NAME)
    if not live.exists():
        live.write_text(_LIVE_JS)


BASES_KEY = "_live_chart_bases"  # session state: key -> the FigureBase its chart's messages patch
FULL_FRAMES = 3   # messages that carry a new base whole (see figure_message)
PATCH_SHARE = 1.0  # a patch longer than this share of the figure it stands for starts a new base instead
EXTEND_FROM = 32   # lists at least this long may be sent as the base's first items and what follows
# One encoder for every part: json.dumps with options builds a new one per call.
_to_json = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode


@dataclass
class FigureBase:
    """A figure as sent whole to one chart: ``name`` tells it from every other
    (a page reconnecting to a restarted server keeps the bases it holds), ``traces``
    (by index) and ``layout`` (by layout name) hold its parts, each field as
    (its value, its JSON text); ``text`` is the whole figure; ``sent`` counts the
    messages that carried it."""
    name: str
    traces: list
    layout: dict
    text: str
    sent: int = 0


@functools.lru_cache(maxsize=1024)
def _key(name):
    return _to_json(name)


def _encoded(value, was):
    """(``value``, its JSON text), where ``was`` is the base's (value, text) of the same
    field or None.  A value equal to the base's is not encoded again (figure builders
    never change a list or dict they have returned, and return what stays the same
    from frame to frame, such as the network diagram's geometry, plots.network._drawing,
    as the same objects, which compare at once)."""
    return was if was is not None and (was[0] is value or was[0] == value) else (value, _to_json(value))


def _json_parts(figure, base):
    """(traces as {field: (value, JSON text)}, {layout name: (value, JSON text)}), without
    the template (the browser puts in the template of the page's theme: it has both)."""
    old = base.traces if base is not None and len(base.traces) == len(figure["data"]) else [{}] * len(figure["data"])
    traces = [{field: _encoded(value, was.get(field)) for field, value in trace.items()}
              for trace, was in zip(figure["data"], old)]
    laid = base.layout if base is not None else {}
    return traces, {name: _encoded(value, laid.get(name)) for name, value in figure["layout"].items()
                    if name != "template"}


def _object(parts):
    """The JSON text of the object whose fields are ``parts`` ({name: (value, JSON text)})."""
    return "{" + ",".join(f"{_key(name)}:{text}" for name, (_, text) in parts.items()) + "}"


def _joined(traces, layout):
    return '{"data":[' + ",".join(map(_object, traces)) + '],"layout":' + _object(layout) + "}"


def _kept(value, was):
    """How many leading items the list ``value`` shares with the base's list ``was``,
    when that is most of it (a loss curve that grew since its base); else 0."""
    if not (isinstance(value, list) and isinstance(was, list) and len(value) >= EXTEND_FROM):
        return 0
    kept = next((i for i, (a, b) in enumerate(zip(value, was)) if a != b), min(len(value), len(was)))
    return kept if kept > len(value) // 2 else 0


def _patch(base, traces, layout):
    """What turns ``base`` into the figure of ``traces`` and ``layout``, as JSON text:
    ``data`` the traces that have other fields than the base's, whole, ``fields`` the
    changed fields of the others (the network diagram's hover values, not its
    geometry), ``extend`` the changed list fields that keep most of the base's
    items, as [items kept, the items after them] (a loss curve's new epochs),
    ``layout`` the changed layout entries and ``drop`` those left out."""
    replaced, changed, extended = [], [], []
    for i, (fields, was) in enumerate(zip(traces, base.traces)):
        if fields.keys() != was.keys():
            replaced.append(f'"{i}":{_object(fields)}')
            continue
        different = {field: part for field, part in fields.items() if part[1] != was[field][1]}
        kept = {field: _kept(part[0], was[field][0]) for field, part in different.items()}
        grown = [f'{_key(field)}:[{kept[field]},{_to_json(part[0][kept[field]:])}]'
                 for field, part in different.items() if kept[field]]
        if grown:
            extended.append(f'"{i}":{{{",".join(grown)}}}')
        different = {field: part for field, part in different.items() if not kept[field]}
        if different:
            changed.append(f'"{i}":{_object(different)}')
    relaid = {name: part for name, part in layout.items() if name not in base.layout or part[1] != base.layout[name][1]}
    dropped = [name for name in base.layout if name not in layout]
    return (f'{{"data":{{{",".join(replaced)}}},"fields":{{{",".join(changed)}}},'
            f'"extend":{{{",".join(extended)}}},"layout":{_object(relaid)},"drop":{json.dumps(dropped)}}}')


def _length(traces, layout):
    """About how long the figure's JSON text is."""
    return sum(len(text) for fields in traces for _, text in fields.values()) + sum(
        len(text) for _, text in layout.values())


def figure_message(figure, base, fresh):
    """(the message that shows ``figure`` on a chart whose last base is ``base``,
    the base to keep for its next frame).

    A live frame often changes a small part of a figure (the boundary's
    background image, not its points): the message carries what differs from
    the base, ``{"base": its name, "patch": JSON text or None}``, and the browser
    merges it into the base it holds.  A new base starts on every full run of
    the page (``fresh``: a page changed and back, a new setting), when the traces
    are no longer the base's, and when a patch would save little; its first
    FULL_FRAMES messages carry it whole (``"figure"``), since the browser may
    skip a component's message when several arrive at once."""
    traces, layout = _json_parts(figure, None if fresh else base)
    patch = None
    if base is not None and not fresh and len(traces) == len(base.traces):
        patch = _patch(base, traces, layout)
        if len(patch) > PATCH_SHARE * _length(traces, layout):
            patch = None  # about as long as the figure itself: as well send that
    if patch is None:
        base = FigureBase(uuid.uuid4().hex[:12], traces, layout, _joined(traces, layout))
    message = {"base": base.name, "patch": patch} | ({"figure": base.text} if base.sent < FULL_FRAMES else {})
    base.sent += 1
    return message, base


def _in_fragment_run():
    """Whether this run draws only a fragment (a live view's timed frame), not the whole page."""
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def plotly_url():
    """Where the page loads plotly.js from (Streamlit's static file serving, under the base URL path)."""
    return served_at("app", "static", PLOTLY_JS_NAME)


# Streamlit's own paths; every other one answers with a page's HTML.
_NOT_PAGES = ("/_stcore", "/static", "/app/static", "/component", "/media", "/favicon")


class PlotlyFirst:
    """ASGI middleware (serve.py): every page's HTML starts loading plotly.js as
    the page opens, ahead of Streamlit's own scripts.  Without it the first live
    chart asked for it only once the first run of the script had been drawn,
    and the 4.6 MB script took longer to read than anything else before the first frame."""

    def __init__(self, app):
        self.app = app
        ensure_plotly_js()  # in place before the first page names it
        self.plotly_gz = (ROOT / "static" / (PLOTLY_JS_NAME + ".gz")).read_bytes()

    async def __call__(self, scope, receive, send):
        if (scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == plotly_url()
                and accepts_gzip(scope)):  # gzipped once (ensure_plotly_js); its name holds what it is
            return await send_packed(send, self.plotly_gz, b"text/javascript; charset=utf-8")
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(_NOT_PAGES):
            return await self.app(scope, receive, send)
        # The page's HTML is small: asked for uncompressed, it can be edited.
        scope = dict(scope, headers=[(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"])
        start, body = {}, []

        async def edited(message):
            if message["type"] == "http.response.start":
                start.update(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            html, headers = b"".join(body), MutableHeaders(scope=start)
            if headers.get("content-type", "").startswith("text/html") and b"<head>" in html:
                # First in the head, at high priority: asked for before Streamlit's own
                # bundles, it runs while they are still arriving rather than after them.
                tag = f'<script async fetchpriority="high" data-plotly-first src="{plotly_url()}"></script>'
                html = html.replace(b"<head>", b"<head>" + tag.encode(), 1)
                headers["content-length"] = str(len(html))
            await send(start)
            await send({"type": "http.response.body", "body": html})
        return await self.app(scope, receive, edited)


@dataclass
class Drawing:
    """What a live chart's next message depends on besides its figure: ``bases``, the
    session's {chart key: FigureBase} (BASES_KEY), ``fresh``, whether this message
    starts new bases (a full run of the page), and ``presenter``, presenter mode."""
    bases: dict
    fresh: bool
    presenter: bool


def this_run():
    """The Drawing of this script run."""
    ss = st.session_state
    return Drawing(ss.setdefault(BASES_KEY, {}), fresh=not _in_fragment_run(), presenter=bool(ss.get("presenter")))


def chart_data(figure, key, height, clickable=False, fill=None, square=False, keep=0, drawing=None):
    """What the browser draws a live chart from (see ``live_chart`` for the arguments; ``keep``:
    px of the room below its top that a filling chart leaves to those under it):
    ``figure``'s message against the chart's last base, and how to size it."""
    drawing = drawing or this_run()
    message, drawing.bases[key] = figure_message(figure, drawing.bases.get(key), fresh=drawing.fresh)
    return {**message, "key": key, "height": height, "fill": fill, "gap": 8 if fill and fill < 1 else 0,
            "square": square, "clickable": clickable,
            "config": {"responsive": True, "displaylogo": False, "modeBarButtons": [["toImage"]],
                       "toImageButtonOptions": {"filename": key, "scale": 2}}} | ({"keep": keep} if keep else {})


def _sent(data):
    """``data`` as a component gets it.  A timed frame sends bytes: a dict Streamlit serialises twice
    (once sorted, for the element's identity) and searches for data frames, bytes it passes on and
    hashes once.  A full run sends the dict, which AppTest shows as JSON (the tests read the figures there)."""
    return _to_json(data).encode() if _in_fragment_run() else data


def _handing_on(holder, name, on_click):
    """A component's callback for a click state: ``on_click(click)`` with the click
    ({"x": .., "y": .., "n": ..}, the point in data units and the click's number on this page)."""
    return lambda: on_click(st.session_state[holder][name])


def live_chart(figure, key, height, on_click=None, fill=None, square=False):
    """Draw ``figure`` (a Plotly figure dict, see plots/) under ``key``, updating
    the same chart in place, ``height`` pixels tall.  With ``fill`` (0 to 1) it
    takes that share of the window's height below its own top, at least
    ``height``, and with ``square`` no more than its width.  With ``on_click``, a
    click on the plot area calls ``on_click(click)`` (see ``_handing_on``)."""
    data = chart_data(figure, key, height, on_click is not None, fill, square) | {"plotly_url": plotly_url()}
    _component(key=key, data=_sent(data),
               **({"on_click_change": _handing_on(key, "click", on_click)} if on_click else {}))


def _presented(figure, drawing):
    """``figure`` as ``drawing`` shows it: larger type and thicker lines in presenter mode."""
    return emphasize(figure) if drawing.presenter else figure


def chart(figure, key, height, on_click=None, fill=None, square=False):
    """A live chart (see ``live_chart``), larger in presenter mode."""
    live_chart(_presented(figure, this_run()), key=key, height=height, on_click=on_click, fill=fill, square=square)


@dataclass
class Part:
    """One part of a live panel: ``data``, what the browser draws it from (a chart's
    ``chart_data``, or {"key", "html"}), and a chart's ``on_click``."""
    data: dict
    on_click: Callable | None = None


def chart_part(figure, key, height, on_click=None, fill=None, square=False, keep=0, drawing=None):
    """A live chart in a live panel (the arguments as ``chart_data``'s), larger in presenter mode."""
    drawing = drawing or this_run()
    return Part(chart_data(_presented(figure, drawing), key, height, on_click is not None, fill, square, keep, drawing),
                on_click)


def html_part(key, html):
    """A block of HTML in a live panel (shown as it is: every text in it must be escaped)."""
    return Part({"key": key, "html": html})


def _panel_data(key, columns, widths):
    return {"key": key, "plotly_url": plotly_url(), "widths": widths,
            "columns": [[part.data for part in column] for column in columns]}


def panel_message(key, columns, widths):
    """The JSON text of a live panel's frame as its stream sends it (ui.stream)."""
    return _to_json(_panel_data(key, columns, widths))


def live_panel(key, columns, widths, stream=None):
    """Columns of parts (``chart_part``, ``html_part``) side by side, ``widths`` their
    shares of the width, drawn as ONE element under ``key``.  Streamlit's work per
    element is most of what a live frame costs the server: a frame of the panel is
    one element and one message, where columns of charts and text were eight.
    Each part keeps its place in the page from frame to frame (a slot of its own,
    by its key); a chart's click calls its ``on_click(click)`` as in ``live_chart``.
    With ``stream`` (the address ui.stream.start_stream gave), the page takes the
    next frames from there (``panel_message``s) until it ends; one that ends because
    the page must show something else runs the fragment the panel is in again, and
    one that cannot be opened says so (ui.stream.stream_failed)."""
    data = _panel_data(key, columns, widths) | ({"stream": stream} if stream else {})
    clicks = {f"on_{part.data['key']}_change": _handing_on(key, part.data["key"], part.on_click)
              for column in columns for part in column if part.on_click}
    _panel_component(key=key, data=_sent(data), on_stream_ended_change=_nothing, on_no_stream_change=stream_failed,
                     **clicks)


def _nothing():
    """A trigger's callback that need not do anything: the run it causes is what counts."""
