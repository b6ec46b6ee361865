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
import json
import pathlib
import shutil

import plotly
import streamlit as st

from plots import emphasize
from plots.style import TEMPLATES

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

export default function (component) {
  const { data, parentElement } = component;
  if (!window.__plotlyLoading) {
    window.__plotlyLoading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = data.plotly_url;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => reject(new Error("could not load " + data.plotly_url));
      document.head.appendChild(script);
    });
  }
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
  const figure = JSON.parse(data.figure);
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
    return Math.round(Math.max(data.height, Math.min(room * data.fill - data.gap, data.square ? wide : Infinity)));
  } : () => data.height;
  const height = plot.__fit();
  plot.style.height = height + "px";
  figure.layout.height = height;
  if (!plot.__observed && window.ResizeObserver) {
    plot.__observed = true;
    const refit = () => {
      const fitted = plot.__fit(), wide = plot.getBoundingClientRect().width;
      if (plot.__fitted === `${fitted}x${wide}`) return;
      plot.__fitted = `${fitted}x${wide}`;
      plot.style.height = fitted + "px";
      if (plot.__next) plot.__next.layout.height = fitted;  // a draw still to come
      if (plot._fullLayout) window.Plotly.relayout(plot, { height: fitted, width: wide });
    };
    // Its column and the page too: whatever grows above it moves its top (a chart
    // above it in the column, larger type in presenter mode).
    const watcher = new ResizeObserver(refit);
    for (const box of [parentElement, parentElement.closest('[data-testid="stColumn"]'),
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
  plot.__click = data.clickable ? component.setStateValue : null;
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
      plot.__click("click", { x: xaxis.p2d(px), y: yaxis.p2d(py), n: plot.__clicks });
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

_component = st.components.v2.component("nn_live_plotly", js=_JS.replace("__TEMPLATES__", json.dumps(TEMPLATES)),
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
    """Put plotly.js where Streamlit serves static files (static/), once per version.
    The container image does this at build time, so the app needs no write access."""
    target = ROOT / "static" / PLOTLY_JS_NAME
    if not target.exists():
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(_SOURCE, target)


def live_chart(figure, key, height, on_click=None, fill=None, square=False):
    """Draw ``figure`` (a Plotly figure dict, see plots/) under ``key``, updating
    the same chart in place, ``height`` pixels tall.  With ``fill`` (0 to 1) it
    takes that share of the window's height below its own top, at least
    ``height``, and with ``square`` no more than its width.  With ``on_click``, a click on the plot area calls
    it; ``st.session_state[key].click`` then holds {"x": .., "y": .., "n": ..}: the
    point in data units and the click's number on this page."""
    base = st.get_option("server.baseUrlPath").strip("/")
    url = "/" + "/".join(part for part in (base, "app", "static", PLOTLY_JS_NAME) if part)
    # The browser puts in the template of the page's theme (it has both).
    sent = {"data": figure["data"], "layout": {k: v for k, v in figure["layout"].items() if k != "template"}}
    _component(key=key, data={"figure": json.dumps(sent, separators=(",", ":"), allow_nan=False),
                              "key": key, "height": height, "fill": fill, "gap": 8 if fill and fill < 1 else 0,
                              "square": square, "plotly_url": url, "clickable": on_click is not None,
                              "config": {"responsive": True, "displaylogo": False, "modeBarButtons": [["toImage"]],
                                         "toImageButtonOptions": {"filename": key, "scale": 2}}},
               **({"on_click_change": on_click} if on_click else {}))


def chart(figure, key, height, on_click=None, fill=None, square=False):
    """A live chart (see ``live_chart``), larger in presenter mode."""
    live_chart(emphasize(figure) if st.session_state.get("presenter") else figure, key=key, height=height,
               on_click=on_click, fill=fill, square=square)
