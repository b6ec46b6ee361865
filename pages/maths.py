"""The maths of one step: formulas beside the numbers of the network in the playground."""
import streamlit as st

from core import ACTIVATIONS, OK, OPTIMIZERS, PENALTIES, SCHEDULES, TrainingSession, preset
from core.diagnostics import diagnose
from core.explain import one_step
from ui.exercise import link_setup
from ui.layout import page_setup

ss = st.session_state
ADAM_NOTE = ("Adam here is Kingma & Ba's Algorithm 1 by default: ε is added to √v̂. scikit-learn and Keras use "
             "their \"efficient\" form, ε added to √v (ε·√(1 − β₂ᵗ) on √v̂); choose *Adam (efficient form)* to "
             "train as they do. The two differ most in the first steps.")
page_setup("Maths of a step")
st.markdown("## The maths of one step")
# The playground's network if there is one (a step here is a step there), else the link's, else the XOR tutorial's.
linked = None if "trainer" in ss else link_setup()
if "trainer" not in ss and "maths_trainer" not in ss:  # made once, not on every run
    ss.maths_trainer = TrainingSession(linked or preset("xor-tutorial"))
trainer = ss.get("trainer") or ss.maths_trainer
config = trainer.config
hidden_activations = config.hidden_activations or (config.activation,)
origin = "in the playground" if "trainer" in ss else "of this link" if linked else "of the XOR tutorial"
st.caption(f"The network {origin}: "
           f"{'-'.join(map(str, (len(config.features), *config.hidden, trainer.n_outputs)))} neurons, "
           f"{', '.join(ACTIVATIONS[a].label.lower() for a in dict.fromkeys(hidden_activations))} hidden units, "
           f"{trainer.output.label.lower()}, learning rate η = {config.lr:g}, now at epoch {trainer.epoch:,}.")


def in_decimals(value):
    """Whether ``value`` shows to 3 decimals as more than a bare ±0.000."""
    return value == 0 or abs(value) >= 5e-4


def entry(value):
    """One matrix entry in LaTeX, to 3 decimals; one too small for them (a gradient's,
    often) in powers of ten."""
    if in_decimals(value):
        return f"{value:+.3f}"
    mantissa, exponent = f"{value:+.1e}".split("e")
    return rf"{mantissa}{{\times}}10^{{{int(exponent)}}}"


def matrix(values):
    """LaTeX of a small matrix, every entry as ``entry`` writes it."""
    rows = [" & ".join(map(entry, row)) for row in values]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


LINE_ENTRIES = 70  # characters of matrix entries that fit one line of the page at 1280 px


def equation(parts, matrices):
    """The parts of one step's equation in a line, or one under another when its
    ``matrices`` would not fit a line, so that every matrix keeps the page's type size."""
    width = sum(m.shape[1] * (2 + max(len(f"{v:+.3f}") if in_decimals(v) else 9 for v in m.flat))
                for m in matrices)
    if width <= LINE_ENTRIES:
        return r" \; ".join(parts)
    return r"\begin{aligned}" + r" \\ ".join("&" + part for part in parts) + r"\end{aligned}"


def symbol(name):
    return f"{name[0]}_{{{name[1:]}}}"


def take_step():
    ss.step_record = one_step(trainer)
    ss.step_trainer = id(trainer)


record = ss.get("step_record") if ss.get("step_trainer") == id(trainer) else None
st.button("Take one step", type="primary", key="maths_step", icon=":material/skip_next:", on_click=take_step,
          disabled=trainer.status != OK, help="Train one epoch and show what changed")
if trainer.status != OK:
    st.error(trainer.message)
for warning in diagnose(trainer.snapshot(10)):
    st.warning(warning, icon=":material/warning:")

forward, backward, update = st.columns(3, gap="medium")
with forward:
    st.markdown("#### Forward pass")
    st.latex(r"a_0 = X, \quad z_l = a_{l-1} W_l + b_l")
    st.latex(r"a_l = f(z_l)" if not config.layer_activations else r"a_l = f_l(z_l)")
    for name in dict.fromkeys(hidden_activations):
        for line in ACTIVATIONS[name].formula:
            st.latex(line)
    output, loss, delta = trainer.output.formula
    st.latex(output)
with backward:
    st.markdown("#### Loss, then backward")
    mean = config.reduction == "mean"
    st.latex(loss)
    st.latex((r"J = \frac1N \sum_n J_n" if mean else r"J = \sum_n J_n")
             + "".join(" + " + line for line in PENALTIES[config.regularization].formula))
    st.latex(delta + (r" \;\; (\div N)" if mean else ""))
    st.latex(r"\frac{\partial J}{\partial W_l} = a_{l-1}^{\top} \delta_l, \quad "
             r"\frac{\partial J}{\partial b_l} = \sum_n \delta_l")
    st.latex(r"\delta_{l-1} = (\delta_l W_l^{\top}) \odot f'(z_{l-1})")
with update:
    st.markdown("#### Update")
    st.caption(OPTIMIZERS[config.optimizer].label)
    for line in OPTIMIZERS[config.optimizer].formula:
        st.latex(line)
    schedule = SCHEDULES[config.schedule_name]
    st.caption(f"Learning-rate schedule: {schedule.label}")
    for line in schedule.formula:
        st.latex(line)
    settings = {"lr_decay": rf"k = {config.lr_decay:g}", "schedule_factor": rf"\gamma = {config.schedule_factor:g}",
                "schedule_epochs": rf"s = {config.schedule_epochs:,}"}
    st.latex(", ".join([rf"\eta = {config.lr:g}", *(settings[name] for name in schedule.settings)]
                       + ([rf"\eta_{{{trainer.epoch:,}}} = {trainer.learning_rate():.4g}"]
                          if schedule.settings else [])))
    if config.clip_norm:
        st.latex(rf"g \leftarrow g \cdot \min\!\left(1, \frac{{{config.clip_norm:g}}}{{\lVert g \rVert}}\right)")
    if config.optimizer.startswith("adam"):
        st.caption(ADAM_NOTE)

st.markdown("#### The last step, in numbers")
if record is None:
    st.info("Press *Take one step*: each weight matrix before the step, its gradient and the matrix "
            "after appear here.")
else:
    st.markdown(f"Epoch {record.epoch:,} → {record.epoch + 1:,}: loss {record.loss_before:.6f} → "
                f"{record.loss_after:.6f}")
    plain = (config.optimizer == "sgd" and record.updates == 1 and config.schedule_name == "constant"
             and not config.clip_norm)
    if not plain:
        st.caption(f"{OPTIMIZERS[config.optimizer].label}"
                   + (f", {record.updates} mini-batch updates in this epoch" if record.updates > 1 else "")
                   + ": the change is not simply −η·g; compare before and after.")
    for name in record.before:
        s = symbol(name)
        before, gradient, after = (matrix(record.before[name]), matrix(record.gradients[name]),
                                   matrix(record.after[name]))
        if plain:
            parts = (rf"{s} \leftarrow {before}", rf"- {config.lr:g} \cdot {gradient}", rf"= {after}")
        else:
            parts = (rf"{s}: \; {before}", rf"\rightarrow\; {after},", rf"g = {gradient}")
        st.latex(equation(parts, (record.before[name], record.gradients[name], record.after[name])))
