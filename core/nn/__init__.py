"""The network's maths, in NumPy alone: the folder to hand to students.

Read it in this order, beside the tutorials (the XOR tutorial's sigmoid network
and Britz's "neural network from scratch"):

1. ``features.py``     what the network sees: x1, x2 and products or sines of them.
2. ``initializers.py`` the weights it starts from.
3. ``activations.py``  the hidden layers' f(z) and f'(z).
4. ``losses.py``       the output layer, its loss J and δ_L = ∂J/∂z_L; weight penalties.
5. ``network.py``      ``Network``: the forward pass, backpropagation, the gradients.
6. ``optimizers.py``   how a gradient moves the weights: gradient descent, momentum, Adam;
                       clipping a gradient that is too long.
7. ``schedules.py``    how the step size changes from epoch to epoch.

Each registry (ACTIVATIONS, OUTPUT_LOSSES, PENALTIES, INITIALIZERS, FEATURES,
OPTIMIZERS, SCHEDULES) maps a name to an entry that carries everything about itself: its
functions, its formula as LaTeX lines, and its output range.  Everything else
in ``core`` (training sessions, data sets, sharing, the exported script) uses
this folder and is not needed to follow the maths.
"""
from .activations import ACTIVATIONS, Activation
from .features import FEATURES, RAW_FEATURES, feature_matrix
from .initializers import INITIALIZERS, initial_parameters
from .losses import DEFAULT_OUTPUT, NO_PENALTY, OUTPUT_LOSSES, PENALTIES, OutputLoss, Penalty
from .network import Network, Workspace
from .optimizers import OPTIMIZERS, clip_by_global_norm
from .schedules import SCHEDULES, Schedule

__all__ = ["ACTIVATIONS", "Activation", "FEATURES", "RAW_FEATURES", "feature_matrix", "INITIALIZERS",
           "initial_parameters", "DEFAULT_OUTPUT", "NO_PENALTY", "OUTPUT_LOSSES", "PENALTIES", "OutputLoss",
           "Penalty", "Network", "Workspace", "OPTIMIZERS", "clip_by_global_norm", "SCHEDULES", "Schedule"]
