"""Edit one weight or bias by hand (the playground's sidebar).  A parameter is
named by a label such as 'W1[0, 2]': its matrix in ``TrainingSession.params()``
and its index there."""
import numpy as np
import streamlit as st


def parameter_labels(trainer):
    """'W1[0, 2]', 'b1[0, 1]', ... for every weight and bias of ``trainer``'s network."""
    return [f"{name}[{', '.join(map(str, index))}]" for name, values in trainer.params().items()
            for index in np.ndindex(values.shape)]


def parse_label(label):
    """'W1[0, 2]' -> ('W1', (0, 2))."""
    name, index = label.split("[")
    return name, tuple(int(i) for i in index.rstrip("]").split(","))


def current_value(trainer, label):
    name, index = parse_label(label)
    return float(trainer.params()[name][index])


def weight_editor(trainer):
    """The widgets: a parameter, its value now, a new value and Set it (``set_parameter``)."""
    labels = parameter_labels(trainer)
    # Labels must not change with training: Streamlit derives a widget's identity from them.
    st.selectbox("Weight or bias", labels, key="edit_name")
    if st.session_state.get("edit_name") in labels:
        st.caption(f"Now {current_value(trainer, st.session_state.edit_name):+.4f}")
    st.number_input("New value", -20.0, 20.0, step=0.1, key="edit_value", format="%.3f")
    st.button("Set it", key="edit_apply", on_click=set_parameter, icon=":material/edit:",
              help="Training continues from the edited network")


def set_parameter():
    """Set it: the chosen parameter takes the new value; the page's note or problem says so."""
    ss = st.session_state
    name, index = parse_label(ss.edit_name)
    try:
        ss.trainer.set_parameter(name, index, ss.edit_value)
        ss.note = f"{ss.edit_name} set to {ss.edit_value:g}; training continues from here."
    except ValueError as error:
        ss.problem_text = f"Cannot set that weight: {error}"
