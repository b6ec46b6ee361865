"""Every registry entry carries its formula."""
from core import ACTIVATIONS, OPTIMIZERS, OUTPUT_LOSSES


def test_every_registry_entry_has_its_formula():
    for registry in (ACTIVATIONS, OPTIMIZERS):
        assert all(entry.formula for entry in registry.values())
    assert all(len(o.formula) == 3 for o in OUTPUT_LOSSES.values())
