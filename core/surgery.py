"""Neuron surgery: switch a hidden unit off (its output held at zero) or freeze
it (its incoming weights and bias kept as they are) while training, and undo.

Layers count from 1, as a1 is hidden layer 1's output; units count from 0.
A switched-off unit is the network's own business (``Network.switched_off``:
its forward pass holds the output at 0, so no gradient flows back through it).
Freezing is training's: the unit's gradients are zeroed, so no optimizer state
builds up for it, and its saved values are written back after every step,
since momentum or Adam would otherwise keep moving it with what they already
hold.  That keeps a frozen unit bit for bit unchanged.
"""
import numpy as np


def switched_off_units(network):
    """Sorted (layer, unit) pairs of the units switched off in ``network`` (a core.nn.Network)."""
    return sorted((l + 1, int(u)) for l, units in network.switched_off.items() for u in units)


class Surgery:
    """The units switched off or frozen in ``network`` (a core.nn.Network)."""

    def __init__(self, network):
        self.network = network
        self.frozen_units = {}  # (layer, unit) -> its saved (incoming weights (n_{l-1},), bias)

    def _check(self, layer, unit):
        hidden = len(self.network.W) - 1
        if not 1 <= layer <= hidden:
            raise ValueError(f"layer {layer!r}: choose a hidden layer, 1 to {hidden}")
        units = self.network.W[layer - 1].shape[-1]
        if not 0 <= unit < units:
            raise ValueError(f"unit {unit!r}: hidden layer {layer} has units 0 to {units - 1}")

    @property
    def switched_off(self):
        """Sorted (layer, unit) pairs of the units switched off."""
        return switched_off_units(self.network)

    @property
    def frozen(self):
        """Sorted (layer, unit) pairs of the frozen units."""
        return sorted(self.frozen_units)

    def switch_off(self, layer, unit, off=True):
        """Hold the unit's output at 0 (``off``), or let it work again."""
        self._check(layer, unit)
        units = set(self.network.switched_off.get(layer - 1, ())) - {unit} | ({unit} if off else set())
        if units:
            self.network.switched_off[layer - 1] = np.array(sorted(units))
        else:
            self.network.switched_off.pop(layer - 1, None)

    def freeze(self, layer, unit, frozen=True):
        """Keep the unit's incoming weights and bias as they are now (``frozen``), or let them train again."""
        self._check(layer, unit)
        self.frozen_units.pop((layer, unit), None)
        if frozen:
            W, b = self.network.W[layer - 1], self.network.b[layer - 1]
            self.frozen_units[layer, unit] = (W[..., unit].copy(), b[..., unit].copy())

    def refreeze(self):
        """Keep the frozen units at their present values (after a hand edit or a recover)."""
        for layer, unit in self.frozen:
            self.freeze(layer, unit)

    def mask(self, dW, db):
        """Zero the frozen units' gradients (lists like W and b), in place."""
        for layer, unit in self.frozen_units:
            dW[layer - 1][..., unit] = 0.0
            db[layer - 1][..., unit] = 0.0

    def hold(self):
        """Write the frozen units' saved values back into the network."""
        W, b = self.network.W, self.network.b
        for (layer, unit), (weights, bias) in self.frozen_units.items():
            W[layer - 1][..., unit] = weights
            b[layer - 1][..., unit] = bias
