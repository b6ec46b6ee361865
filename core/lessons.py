"""Guided lessons: each a sequence of steps, and each step a short text, a
setup one click loads, and a check (a goal in core.exercise's grammar) that the
playground evaluates live before the next step opens.

``Step.answer`` holds what a student is meant to do to the step's setup
(setting changes; none when pressing Play is enough): tests/test_lessons.py
applies it, trains, and asserts the check is met, so no step is impossible.
"""
from dataclasses import dataclass, field, replace

from .config import Config
from .goals import parse_goal
from .presets import preset

RAW = ("x1", "x2")
SQUARES = ("x1", "x2", "x1^2", "x2^2")
CHECK_EPOCHS = 6000  # the most a step's check may need trained, in its test


@dataclass(frozen=True)
class Step:
    """``text`` what to do and why (Markdown); ``setup`` the Config its button loads;
    ``check`` a goal text (core.exercise); ``answer`` the Config fields the student is
    meant to change, with their values."""
    text: str
    setup: Config
    check: str
    answer: dict = field(default_factory=dict)

    @property
    def goal(self):
        return parse_goal(self.check)


@dataclass(frozen=True)
class Lesson:
    title: str
    steps: tuple


_XOR = Config(dataset="xor-cloud", hidden=(), lr=0.3)
_MOONS = Config(dataset="moons", hidden=(4,), lr=0.0001)
_CIRCLES = Config(dataset="circles", hidden=(), lr=0.3)
_NOISY = Config(dataset="circles", n_points=50, noise=0.5, test_fraction=0.5, hidden=(8, 8, 8), lr=0.03,
                optimizer="adam")
_RELU = Config(dataset="moons", hidden=(8,), activation="relu", lr=3.0)
_TRAP = preset("xor-tutorial")

LESSONS = {
    "xor": Lesson("Why hidden layers: XOR", (
        Step("Two classes in opposite corners (XOR). With **no hidden layer** the network can only draw "
             "one straight line. Press **Play** and watch it fail: the training accuracy stays near 50%.",
             _XOR, "epoch>=200,train_accuracy<=0.75"),
        Step("Add a hidden layer (the **+** under the inputs on the diagram, or the sidebar) and train: "
             "each hidden unit draws a line of its own, and the output combines them.",
             _XOR, "layers>=1,train_accuracy>=0.95", {"hidden": (4,)}),
        Step("How small can it be? Solve XOR with **at most 3 hidden neurons**.",
             replace(_XOR, hidden=(4,)), "neurons<=3,train_accuracy>=0.95", {"hidden": (3,)}),
    )),
    "learning-rate": Lesson("The learning rate, too small and too large", (
        Step("A learning rate of 0.0001: every step is tiny. Press **Play**: after 300 epochs the loss has "
             "hardly moved.", _MOONS, "epoch>=300,train_loss>=0.5"),
        Step("Raise the **learning rate** until the training loss falls below 0.1.",
             _MOONS, "train_loss<=0.1", {"lr": 0.3}),
        Step("Now too large: raise it until the loss **bounces** (rises by more than 10% from one epoch "
             "to the next) instead of falling.", replace(_MOONS, lr=0.3), "loss_bounce>=0.1", {"lr": 10.0}),
    )),
    "features": Lesson("Features against depth", (
        Step("Circles, x₁ and x₂ only, no hidden layer: no straight line separates a ring from its centre. "
             "Press **Play**.", _CIRCLES, "epoch>=200,train_accuracy<=0.75"),
        Step("Give the network **x₁² and x₂²** (Input features in the sidebar). A circle is a straight line "
             "in them: no hidden layer needed.", _CIRCLES, "layers=0,train_accuracy>=0.95",
             {"features": SQUARES}),
        Step("The spiral has no such trick. Keep x₁ and x₂ only and add depth: **three hidden layers of 8** "
             "(Adam helps), until training accuracy reaches 90%.",
             Config(dataset="spiral", hidden=(), lr=0.03, optimizer="adam"),
             "features=raw,layers>=2,train_accuracy>=0.9", {"hidden": (8, 8, 8)}),
    )),
    "overfitting": Lesson("Overfitting, noise and regularisation", (
        Step("50 noisy points, half held out as test points, and a large network. Press **Play**: the training "
             "loss keeps falling while the test loss climbs away from it. Wait until the test loss is 0.3 "
             "above the training loss.", _NOISY, "epoch>=1000,loss_gap>=0.3"),
        Step("Penalise large weights: **L2** regularisation at rate **0.1**. Train again: the gap between "
             "test and training loss closes.", _NOISY, "epoch>=1000,loss_gap<=0.1",
             {"regularization": "l2", "reg_rate": 0.1}),
    )),
    "activations": Lesson("Activations and dead ReLUs", (
        Step("ReLU units at learning rate 3. One large step can push a unit below zero on every point: its "
             "slope is then 0, no gradient reaches it, and it is **dead** for good. Press **Play** until one dies.",
             _RELU, "dead_units>=1"),
        Step("Leaky ReLU keeps a small slope below zero, so no unit dies. Switch the **activation** to "
             "leaky ReLU and lower the learning rate to 0.3.", _RELU,
             "dead_units=0,epoch>=300,train_accuracy>=0.9", {"activation": "leaky-relu", "lr": 0.3}),
    )),
    "xor-trap": Lesson("The XOR trap: how often a seed falls in", (
        Step("The XOR tutorial's 2-2-1 sigmoid network from seed 42. Press **Play** (raise the speed): after "
             "2,000 epochs two of the four points are still wrong. It is stuck in a local minimum.",
             _TRAP, "epoch>=2000,train_accuracy<=0.75"),
        Step("The trap belongs to the starting point. Change the **seed for the weights** to 3 and train "
             "until all four points are right.", _TRAP, "seed=3,train_accuracy>=1", {"seed": 3}),
        Step("How often does it happen? Try seeds 0 to 9: find one that is still stuck after 6,000 epochs "
             "(the Seeds page trains many at once).", replace(_TRAP, seed=3),
             "seed<=9,epoch>=6000,train_accuracy<=0.75", {"seed": 0}),
    )),
}


def lesson_step(name, step):
    """(Lesson, its Step) for a lesson's name and a 1-based step number; ValueError
    says which part of a link is wrong."""
    if name not in LESSONS:
        raise ValueError(f"there is no lesson {str(name)[:40]!r}; choose from {', '.join(LESSONS)}")
    lesson = LESSONS[name]
    if not 1 <= step <= len(lesson.steps):
        raise ValueError(f"the lesson {lesson.title!r} has steps 1 to {len(lesson.steps)}, not {step}")
    return lesson, lesson.steps[step - 1]
