"""The playground's Rewind slider: scrub back through the recorded epochs
while paused (``core.replay`` keeps them)."""
import streamlit as st


def replay_key(trainer):
    """The Rewind slider's key: new whenever training has moved on, so a slider
    drawn at an older epoch can never hand back its stale value as a choice."""
    return f"replay_{id(trainer)}_{trainer.epoch}"


def replay_slider(trainer, playing):
    """The slider, or while ``playing`` a line saying to pause; a choice sets ``replaying``."""
    if playing:  # drawn outside the live view, it could only show a stale epoch
        st.caption("Pause to rewind through the epochs trained so far.")
        return
    epochs = trainer.recording.epochs()
    if epochs[-1] != trainer.epoch:
        epochs.append(trainer.epoch)
    st.select_slider("Rewind to epoch", epochs, value=trainer.epoch, key=replay_key(trainer),
                     disabled=len(epochs) < 2, format_func=lambda e: f"epoch {e:,}",
                     on_change=lambda: st.session_state.update(replaying=True),
                     help="Drag back through training. Every view shows the network as it was then; "
                          "memory per session is bounded, so long runs keep every n-th epoch.")
