"""The limits of what can be trained and what the playground offers, each defined once."""

MAX_HIDDEN_LAYERS = 6     # hidden layers in a network
MAX_NEURONS = 64          # neurons in a hidden layer the core trains (the sweep page goes this far)
MAX_DRAWN_NEURONS = 8     # neurons in a hidden layer the playground offers: its diagram draws each one
MAX_POINTS = 20_000       # points in a generated data set, and the largest mini-batch
MAX_SEED = 2**32 - 1      # the largest seed NumPy's RandomState takes
