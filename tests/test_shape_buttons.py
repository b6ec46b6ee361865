"""The network diagram's − and + buttons as the playground applies them (ui.controls.reshaped):
worked out from the network's shape, within the limits of the sidebar's sliders."""
from core.limits import MAX_DRAWN_NEURONS, MAX_HIDDEN_LAYERS
from ui.controls import NEW_LAYER_NEURONS, reshaped


def test_neurons_change_in_their_own_layer_only_and_stay_within_the_sliders():
    assert reshaped((5, 3), ("neurons", 1, -1)) == (4, 3)
    assert reshaped((5, 3), ("neurons", 2, +1)) == (5, 4)
    assert reshaped((1, 3), ("neurons", 1, -1)) == (1, 3)
    assert reshaped((MAX_DRAWN_NEURONS,), ("neurons", 1, +1)) == (MAX_DRAWN_NEURONS,)


def test_layers_are_added_with_the_sliders_default_and_removed_from_the_end():
    assert reshaped((5, 3), ("layers", None, +1)) == (5, 3, NEW_LAYER_NEURONS)
    assert reshaped((5, 3), ("layers", None, -1)) == (5,)
    assert reshaped((), ("layers", None, -1)) == ()
    full = (2,) * MAX_HIDDEN_LAYERS
    assert reshaped(full, ("layers", None, +1)) == full
