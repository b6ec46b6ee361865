"""A standalone Python/NumPy script that reproduces a session's run: the
configuration trained from its seeded initial weights for the same number of
epochs, with no import but NumPy.  The data are written into the script, so it
needs neither scikit-learn nor this package.

The maths in the script is not a copy kept by hand: it is the source of the
very functions and classes the session trains with (the chosen entries of
``core.nn``'s registries, ``Network`` and the optimizer), taken with
``inspect.getsource`` together with the module-level functions and constants
they use.  Only the training loop is written here, in the session's order, so
the script's losses equal the core's to rounding (tests/test_script.py runs it
for every registry entry).  Changes made while training (a new learning rate,
an edited weight, added points, recover, units switched off or frozen) are not replayed: it reproduces the
run as the configuration defines it.
"""
import dis
import inspect
from dataclasses import asdict

from .nn import (ACTIVATIONS, FEATURES, INITIALIZERS, OPTIMIZERS, PENALTIES, SCHEDULES, Network, clip_by_global_norm,
                 feature_matrix, initial_parameters)

# The names the script defines itself, from the chosen entries only.
_REGISTRIES = ("FEATURES", "INITIALIZERS")


def _globals_used(function):
    """Names of the module-level objects ``function``'s code (and code nested in it) reads."""
    names, codes = set(), [function.__code__]
    while codes:
        code = codes.pop()
        names.update(i.argval for i in dis.get_instructions(code) if i.opname in ("LOAD_GLOBAL", "LOAD_NAME"))
        codes.extend(c for c in code.co_consts if inspect.iscode(c))
    return names


def _functions_of(cls):
    for value in vars(cls).values():
        if isinstance(value, property):
            value = value.fget
        if inspect.isfunction(value):
            yield value


def _definitions(objects):
    """Source text of ``objects`` (functions and classes of core.nn) and of the
    module-level functions, classes and constants they use, dependencies first."""
    constants, sources, seen = {}, [], set()

    def visit(obj):
        if obj in seen:
            return
        seen.add(obj)
        module = inspect.getmodule(obj)
        functions = list(_functions_of(obj)) if inspect.isclass(obj) else [obj]
        for base in (obj.__bases__ if inspect.isclass(obj) else ()):
            if base.__module__.startswith(__package__ + ".nn"):
                visit(base)
        for name in sorted(set().union(*map(_globals_used, functions)) - set(_REGISTRIES)):
            value = vars(module).get(name)
            if inspect.isfunction(value) or inspect.isclass(value):
                visit(value)
            elif isinstance(value, (int, float, str, tuple)):
                constants[name] = value
        sources.append(inspect.getsource(obj))

    for obj in objects:
        visit(obj)
    return "".join(f"{name} = {value!r}\n" for name, value in constants.items()) + "\n\n" + "\n\n".join(sources)


def _registry(name, registry, chosen):
    return f"{name} = {{" + ", ".join(f"{k!r}: {registry[k].__name__}" for k in chosen) + "}\n"


def _entry(entry, *parts):
    """The script's stand-in for a registry ``entry``: its name and the ``parts`` (functions) the network reads."""
    fields = ", ".join(f"{part}={getattr(entry, part).__name__}" for part in parts)
    return f"Entry(name={entry.name!r}, {fields})"


def _hidden_activations(cfg):
    """The script's line defining ``activation``: one entry, or a list of one per hidden layer."""
    if not cfg.layer_activations:
        return f"activation = {_entry(ACTIVATIONS[cfg.activation], 'function', 'derivative')}\n"
    entries = ", ".join(_entry(ACTIVATIONS[a], "function", "derivative") for a in cfg.layer_activations)
    return f"activation = [{entries}]  # one per hidden layer\n"


def _array(values, kind=float):
    return "np.array(" + repr([kind(v) for v in values] if values.ndim == 1
                              else [[kind(v) for v in row] for row in values]) + ", dtype=" + kind.__name__ + ")"


def numpy_script(session):
    """The script's text (see the module docstring) for ``session``'s config and epoch count."""
    cfg, data, output = session.config, session.data, session.output
    penalty, optimizer = PENALTIES[cfg.regularization], OPTIMIZERS[cfg.optimizer]
    schedule = SCHEDULES[cfg.schedule_name]
    activations = [ACTIVATIONS[a] for a in cfg.layer_activations] or [ACTIVATIONS[cfg.activation]]
    label = int if data.task == "classification" else float
    targets = (f"np.eye({session.n_outputs})[y]" if output.one_output_per_class
               else "y.astype(float)[:, None]")
    settings = "\n".join(f"#   {k} = {v!r}" for k, v in asdict(cfg).items())
    maths = _definitions([feature_matrix, initial_parameters, *(FEATURES[f] for f in cfg.features),
                          INITIALIZERS[cfg.init], *(f for a in activations for f in (a.function, a.derivative)),
                          output.activation, output.loss, output.delta, penalty.value, penalty.gradient, Network,
                          optimizer, schedule.function, *([clip_by_global_norm] if cfg.clip_norm else [])])
    penalty_share = " / len(X)" if cfg.reduction == "sum" else ""
    lr = (f"{schedule.function.__name__}({cfg.lr!r}, epoch, {cfg.lr_decay!r}, {cfg.schedule_factor!r}, "
          f"{cfg.schedule_epochs!r})")
    clip = f"clip_by_global_norm(dW + db, {cfg.clip_norm!r})\n        " if cfg.clip_norm else ""
    batch = cfg.batch_size if 0 < cfg.batch_size < len(session.X) else 0
    gradients = f"network.gradients(X{{}}, T{{}}, {cfg.reduction == 'mean'}, penalty, {cfg.reg_rate!r})"
    if batch:
        step = f"""order = rng.permutation(len(X))  # mini-batch order continues the seeded stream
    for start in range(0, len(X), {batch}):
        idx = order[start:start + {batch}]
        dW, db = {gradients.format("[idx]", "[idx]")}
        {clip}optimizer.step(W + b, dW + db, lr)"""
    else:
        step = f"""dW, db = {gradients.format("", "")}
    {clip.replace(" " * 8, " " * 4)}optimizer.step(W + b, dW + db, lr)"""
    return f'''"""Reproduces an NN Playground run with NumPy alone: python this_file.py

Settings:
{settings}
Epochs: {session.epoch}
"""
import numpy as np

EPOCHS = {session.epoch}

# The data ({data.task}): points (N, 2) and targets (N,).
points_train = {_array(data.X_train)}
y_train = {_array(data.y_train, label)}
points_test = {_array(data.X_test) if len(data.X_test) else "np.zeros((0, 2))"}
y_test = {_array(data.y_test, label) if len(data.y_test) else f"np.zeros(0, dtype={label.__name__})"}

# ---- The maths: the playground's own functions and classes, as it trains with them.
{maths}

# ---- The chosen settings.
{_registry("FEATURES", FEATURES, cfg.features)}{_registry("INITIALIZERS", INITIALIZERS, [cfg.init])}

class Entry:
    """A registry entry, reduced to the parts used here."""

    def __init__(self, **parts):
        self.__dict__.update(parts)


{_hidden_activations(cfg)}\
output = {_entry(output, "activation", "loss", "delta")}
penalty = {_entry(penalty, "value", "gradient")}


def targets(y):
    return {targets}


# ---- Training, as the playground's session does it.
X, T = feature_matrix(points_train, {cfg.features!r}), targets(y_train)
rng = np.random.RandomState({cfg.seed})
W, b = initial_parameters({[len(cfg.features), *cfg.hidden, session.n_outputs]!r}, {cfg.init!r}, rng)
network = Network(W, b, activation, output)
optimizer = {optimizer.__name__}()


def train_loss():
    z, a = network.forward(X)
    return output.loss(z[-1], a[-1], T) + network.penalty(penalty, {cfg.reg_rate!r}){penalty_share}


for epoch in range(EPOCHS):
    lr = {lr}
    {step}
    if (epoch + 1) % max(1, EPOCHS // 10) == 0:
        print(f"epoch {{epoch + 1}}: training loss {{train_loss():.6f}}")

print("final training loss:", repr(train_loss()))
'''
