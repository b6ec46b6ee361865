"""One name for every unit and weight, the same in every figure.

Inputs are x₁, x₂ and the features made of them (x₁², x₁x₂, sin(x₁)...);
hidden unit i of hidden layer l is h{l}.{i} (both counted from 1); the output
is "output", or "output k" with one output per class k (classes count from 0,
as in "class 0").  A weight is named by the link it sits on, "x₂ → h1.1";
W1, b1... stay the names of whole matrices, as on the maths page.
"""
import re

_SUBSCRIPTS = {"1": "₁", "2": "₂"}


def input_name(feature):
    """core.features name -> as printed: "x1" -> "x₁", "x1^2" -> "x₁²", "x1*x2" -> "x₁x₂"."""
    name = re.sub(r"x([12])", lambda m: "x" + _SUBSCRIPTS[m.group(1)], feature)
    return name.replace("^2", "²").replace("*", "")


def hidden_name(layer, unit):
    """Unit ``unit`` (from 0) of hidden layer ``layer`` (from 1) -> "h1.1"."""
    return f"h{layer}.{unit + 1}"


def output_names(n_outputs):
    return ["output"] if n_outputs == 1 else [f"output {k}" for k in range(n_outputs)]


def unit_names(snap):
    """Names of every unit of the snapshot's network, one list per layer, inputs first."""
    names = [[input_name(f) for f in snap.config.features]]
    names += [[hidden_name(l, i) for i in range(grid.shape[2])] for l, grid in enumerate(snap.grid_hidden, 1)]
    return names + [output_names(snap.grid_output.shape[2])]


def link_name(source, target):
    """The link from unit ``source`` to unit ``target``: "x₂ → h1.1"."""
    return f"{source} → {target}"


def weight_value(value):
    """A weight as its link's hover shows it after " = ": "1.585"."""
    return f"{value:.3f}"
