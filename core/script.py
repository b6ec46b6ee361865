"""A standalone Python/NumPy script that reproduces a session's run: the
configuration trained from its seeded initial weights for the same number of
epochs, with no import but NumPy.  The data are written into the script, so it
needs neither scikit-learn nor this package.

The script spells out, for the chosen settings only, the same arithmetic as the
core in the same order, so its losses equal the core's to rounding
(tests/test_script.py runs it for every registry entry).  Changes made while
training (a new learning rate, an edited weight, added points, recover) are
not replayed: it reproduces the run as the configuration defines it.
"""
from dataclasses import asdict

from .losses import SAFE_EXP

# name -> (f(z), f'(z) in terms of z and a = f(z)), as NumPy expressions.
ACTIVATION_CODE = {
    "sigmoid": ("0.5 * (np.tanh(z * 0.5) + 1.0)", "(1.0 - a) * a"),
    "tanh": ("np.tanh(z)", "1.0 - a * a"),
    "relu": ("np.maximum(z, 0.0)", "np.heaviside(z, 0.0)"),
    "leaky-relu": ("np.maximum(z, z * 0.01)", "np.heaviside(z, 0.0) * (1.0 - 0.01) + 0.01"),
    "linear": ("z", "np.ones_like(z)"),
}

_SIGMOID = "0.5 * (np.tanh(z * 0.5) + 1.0)"
_SOFTMAX = f"""    if np.abs(z).max(initial=0.0) > {SAFE_EXP}:  # only where exp() could overflow
        z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)"""
_SQUARED = """    d = (a - T).ravel()
    return float(d @ d) / d.size"""
_BCE = """    # log(1 + e^z) - t z, overflow-free
    if z.max(initial=0.0) <= 700.0:
        softplus = np.log1p(np.exp(z))
    else:
        softplus = np.log1p(np.exp(np.minimum(z, 700.0))) + np.maximum(z - 700.0, 0.0)
    return float(softplus.sum() - np.vdot(T, z)) / len(z)"""
_CE = """    m = z.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(z - m).sum(axis=1)) + m[:, 0]
    return float(log_norm.sum() - np.vdot(T, z)) / len(z)"""

# name -> (body of output(z), body of loss(z, a, T), δ_L as an expression of y_hat = a_L and T)
OUTPUT_CODE = {
    "sigmoid-mse": (f"    return {_SIGMOID}", _SQUARED, "(y_hat - T) * y_hat * (1.0 - y_hat)"),
    "sigmoid-bce": (f"    return {_SIGMOID}", _BCE, "y_hat - T"),
    "softmax-ce": (_SOFTMAX, _CE, "y_hat - T"),
    "linear-mse": ("    return z", _SQUARED, "y_hat - T"),
}

INIT_CODE = {
    "normal": "rng.randn(n_in, n_out)",
    "scaled-normal": "rng.randn(n_in, n_out) / np.sqrt(n_in)",
    "xavier": "rng.uniform(-1.0, 1.0, (n_in, n_out)) * np.sqrt(6.0 / (n_in + n_out))",
    "he": "rng.randn(n_in, n_out) * np.sqrt(2.0 / n_in)",
    "uniform": "rng.uniform(-0.5, 0.5, (n_in, n_out))",
}

FEATURE_CODE = {"x1": "x1", "x2": "x2", "x1^2": "x1 * x1", "x2^2": "x2 * x2", "x1*x2": "x1 * x2",
                "sin(x1)": "np.sin(x1)", "sin(x2)": "np.sin(x2)"}

# name -> (penalty of one weight matrix Wl, its gradient), expressions of Wl and r.
PENALTY_CODE = {
    "none": ("0.0", None),
    "l1": ("r * float(np.abs(Wl).sum())", "r * np.sign(Wl)"),
    "l2": ("0.5 * r * float((Wl * Wl).sum())", "r * Wl"),
}

OPTIMIZER_CODE = {
    "sgd": """def update(params, grads, lr):
    for p, g in zip(params, grads):
        p -= lr * g""",
    "momentum": """velocity = [np.zeros_like(p) for p in W + b]


def update(params, grads, lr, beta=0.9):
    for p, g, v in zip(params, grads, velocity):
        v *= beta
        v += g
        p -= lr * v""",
    "adam": """state = {"t": 0, "m": [np.zeros_like(p) for p in W + b], "v": [np.zeros_like(p) for p in W + b]}


def update(params, grads, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    state["t"] += 1
    c1, c2 = 1.0 - beta1 ** state["t"], 1.0 - beta2 ** state["t"]
    for p, g, m, v in zip(params, grads, state["m"], state["v"]):
        m *= beta1
        m += (1.0 - beta1) * g
        v *= beta2
        v += (1.0 - beta2) * g * g
        p -= lr * (m / c1) / (np.sqrt(v / c2) + eps)""",
}


def _array(values, kind=float):
    return "np.array(" + repr([kind(v) for v in values] if values.ndim == 1
                              else [[kind(v) for v in row] for row in values]) + ", dtype=" + kind.__name__ + ")"


def numpy_script(session):
    """The script's text (see the module docstring) for ``session``'s config and epoch count."""
    cfg, data = session.config, session.data
    f, df = ACTIVATION_CODE[cfg.activation]
    output, loss, delta = OUTPUT_CODE[session.output.name]
    penalty, penalty_gradient = PENALTY_CODE[cfg.regularization]
    label = int if data.task == "classification" else float
    targets = (f"np.eye({session.n_outputs})[y]" if session.output.one_output_per_class
               else "y.astype(float)[:, None]")
    settings = "\n".join(f"#   {k} = {v!r}" for k, v in asdict(cfg).items())
    features = ", ".join(FEATURE_CODE[name] for name in cfg.features)
    scale = " * (1.0 / len(X))" if cfg.reduction == "mean" else ""
    lr = f"{cfg.lr!r} / (1.0 + {cfg.lr_decay!r} * epoch)" if cfg.lr_decay else repr(cfg.lr)
    batch = cfg.batch_size if 0 < cfg.batch_size < len(session.X) else 0
    if batch:
        step = f"""order = rng.permutation(len(X))  # mini-batch order continues the seeded stream
    for start in range(0, len(X), {batch}):
        idx = order[start:start + {batch}]
        dW, db = gradients(X[idx], T[idx])
        update(W + b, dW + db, lr)"""
    else:
        step = """dW, db = gradients(X, T)
    update(W + b, dW + db, lr)"""
    regularize = "" if penalty_gradient is None else (
        f"    r = {cfg.reg_rate!r}\n    dW = [dWl + {penalty_gradient} for dWl, Wl in zip(dW, W)]\n")
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


def features(points):
    x1, x2 = points[:, 0], points[:, 1]
    return np.column_stack([{features}])


def targets(y):
    return {targets}


X, T = features(points_train), targets(y_train)
X_test, T_test = features(points_test), targets(y_test)

# Initial weights W_l (n_(l-1), n_l), drawn layer by layer; biases b_l (1, n_l) start at 0.
rng = np.random.RandomState({cfg.seed})
sizes = {[len(cfg.features), *cfg.hidden, session.n_outputs]}
W, b = [], []
for n_in, n_out in zip(sizes[:-1], sizes[1:]):
    W.append({INIT_CODE[cfg.init]})
    b.append(np.zeros((1, n_out)))


def f(z):  # hidden activation ({cfg.activation})
    return {f}


def f_prime(z, a):
    return {df}


def output(z):  # output layer ({session.output.name})
{output}


def loss(z, a, T):  # mean over the examples
{loss}


def forward(X):
    """z = [z1 .. zL], a = [a0 = X, a1 .. aL]"""
    z, a = [], [X]
    for l in range(len(W)):
        z.append(a[l] @ W[l] + b[l])
        a.append(output(z[l]) if l == len(W) - 1 else f(z[l]))
    return z, a


def penalty(n):
    r = {cfg.reg_rate!r}
    total = sum({penalty} for Wl in W)
    return {"total / n" if cfg.reduction == "sum" else "total"}


def gradients(X, T):
    z, a = forward(X)
    y_hat = a[-1]
    delta = ({delta}){scale}
    dW, db = [None] * len(W), [None] * len(W)
    for l in range(len(W) - 1, -1, -1):
        dW[l] = a[l].T @ delta
        db[l] = delta.sum(axis=0, keepdims=True)
        if l:
            delta = (delta @ W[l].T) * f_prime(z[l - 1], a[l])
{regularize}    return dW, db


def train_loss():
    z, a = forward(X)
    return loss(z[-1], a[-1], T) + penalty(len(X))


{OPTIMIZER_CODE[cfg.optimizer]}


for epoch in range(EPOCHS):
    lr = {lr}
    {step}
    if (epoch + 1) % max(1, EPOCHS // 10) == 0:
        print(f"epoch {{epoch + 1}}: training loss {{train_loss():.6f}}")

print("final training loss:", repr(train_loss()))
'''
