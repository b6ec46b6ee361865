"""Guided lessons (core.lessons): every step's check can be met, by its setup
trained in the core with the step's intended action, and needs that action."""
from dataclasses import replace

import pytest

from core import TrainingSession
from core.lessons import CHECK_EPOCHS, LESSONS, lesson_step

STEPS = [(name, number) for name, lesson in LESSONS.items() for number in range(1, len(lesson.steps) + 1)]


def test_at_least_six_lessons_each_of_steps_with_text_and_a_check():
    assert len(LESSONS) >= 6
    for lesson in LESSONS.values():
        assert lesson.title and len(lesson.steps) >= 2
        for step in lesson.steps:
            assert step.text and step.goal.clauses


@pytest.mark.parametrize("name, number", STEPS, ids=[f"{n}-{s}" for n, s in STEPS])
def test_each_step_is_reachable_by_its_intended_action(name, number):
    _, step = lesson_step(name, number)
    session = TrainingSession(replace(step.setup, **step.answer))
    goal = step.goal
    while not goal.met(session.snapshot(10)):
        assert session.epoch < CHECK_EPOCHS, [(c.text, value) for c, value, _ in goal.evaluate(session.snapshot(10))]
        session.step(50)


@pytest.mark.parametrize("name, number", [s for s in STEPS if lesson_step(*s)[1].answer])
def test_a_step_that_asks_for_an_action_is_not_met_without_it(name, number):
    _, step = lesson_step(name, number)
    assert not step.goal.met(TrainingSession(step.setup).snapshot(10))


@pytest.mark.parametrize("name, number, says", [("nope", 1, "no lesson 'nope'"), ("xor", 0, "steps 1 to 3"),
                                                ("xor", 9, "not 9")])
def test_a_wrong_lesson_or_step_says_so(name, number, says):
    with pytest.raises(ValueError, match=says):
        lesson_step(name, number)
