"""NumPy core of the NN Playground: networks, training sessions, data and presets.

No Streamlit or Plotly here: import it from a notebook, or run ``python -m core``.
"""
from .activations import ACTIVATIONS
from .datasets import DATASETS, Dataset, make_dataset
from .features import FEATURES
from .initializers import INITIALIZERS
from .losses import DEFAULT_OUTPUT, OUTPUT_LOSSES, PENALTIES
from .optimizers import OPTIMIZERS
from .presets import FIRST_RUN, PRESET_EPOCHS, PRESETS, preset
from .session import LIVE_SETTINGS, Config, Snapshot, TrainingSession

__all__ = ["ACTIVATIONS", "DATASETS", "Dataset", "make_dataset", "FEATURES", "INITIALIZERS",
           "DEFAULT_OUTPUT", "OUTPUT_LOSSES", "PENALTIES", "OPTIMIZERS", "FIRST_RUN", "PRESET_EPOCHS", "PRESETS", "preset",
           "LIVE_SETTINGS", "Config", "Snapshot", "TrainingSession"]
