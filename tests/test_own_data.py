"""Your own points: the CSV loader's messages, the CSV round trip, and training
that goes on when points are added."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import Config, TrainingSession
from core.datasets import (MAX_OWN_POINTS, OWN, DataError, own_dataset, points_csv, too_few_classes, with_point,
                           without_point_near, read_points_csv)


@pytest.mark.parametrize("text, message", [
    ("", "at least two classes; there are none"),
    ("x,y\n1,2\n", "columns should be x, y, label"),
    ("x,y,label,extra\n1,2,0,9\n", "the first row is 'x,y,label,extra'"),
    ("1,2,0,9\n3,4,1,9\n", "line 1 has 4 columns"),
    ("1,2,0\n1,2\n", "line 2 has 2 columns"),
    ("x,y,label\n1,abc,0\n2,3,1\n", "line 2, column y: 'abc' is not a number"),
    ("x,y,label\n1,2,0\nnan,3,1\n", "line 3, column x: 'nan' is not a finite number"),
    ("x,y,label\n1,2,0\n1e999,3,1\n", "not a finite number"),
    ("x,y,label\n1,2,0\n3,,1\n", "line 3, column y: '' is not a number"),
    ("x,y,label\n1,2,0\n3,4,0\n", "all have label 0"),
    ("x,y,label\n1,2,0\n3,4,\n", "line 3, column label: the label is empty"),
    ("a,b,c\n1,2,0\n", "columns should be x, y, label"),
    ("x,y,label\n" + "1,2,0\n" * (MAX_OWN_POINTS + 1), "too many rows"),
    ("x,y,label\n" + "1,2,0\n" * 10 + "1,2,a\n1,2,b\n1,2,c\n1,2,d\n", "labels must be whole numbers 0 to 3"),
    ("x,y,label\n1e7,2,0\n3,4,1\n", "within ±"),
    ("1," * 10**6, "too large"),
])
def test_bad_csv_files_get_a_message_that_says_what_and_where(text, message):
    with pytest.raises(DataError) as caught:
        read_points_csv(text)
    assert message in str(caught.value)


def test_csv_labels_are_numbered_in_sorted_order_and_round_trip():
    data, names = read_points_csv("x,y,label\n0.5,1,cat\n-1,2.25,dog\n3,4,cat\n")
    assert names == ["cat", "dog"]
    assert data.y_train.tolist() == [0, 1, 0] and data.n_classes == 2
    again, again_names = read_points_csv(points_csv(data))
    assert np.array_equal(again.X_train, data.X_train) and np.array_equal(again.y_train, data.y_train)
    assert again_names == ["0", "1"]


def test_numeric_labels_sort_as_numbers_and_a_header_is_optional():
    data, names = read_points_csv("1,1,10\n2,2,9\n3,3,-1\n")
    assert names == ["-1", "9", "10"] and data.y_train.tolist() == [2, 1, 0]


def test_points_csv_writes_training_and_test_points_exactly():
    session = TrainingSession(Config(dataset="moons", test_fraction=0.25))
    data, _ = read_points_csv(points_csv(session.data))
    assert len(data.X_train) == len(session.data.X_all)
    assert np.array_equal(data.X_train, session.data.X_all)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789,.-e\nnaifxyl abt\"", max_size=400))
def test_the_loader_never_fails_with_anything_but_a_data_error(text):
    try:
        data, names = read_points_csv(text)
    except DataError as error:
        assert str(error)
    else:
        assert 2 <= data.n_classes == len(names) and np.isfinite(data.X_train).all()


def test_adding_a_point_keeps_the_network_and_moves_the_loss():
    session = TrainingSession(Config(dataset="xor", hidden=(4,), lr=1.0))
    session.use_data(own_dataset(session.data.X_train, session.data.y_train))
    assert session.config.dataset == OWN
    session.step(50)
    W1 = session.params()["W1"]
    rebuilt = session.use_data(own_dataset(np.vstack([session.data.X_train, [[0.5, 0.5]]]),
                                           np.append(session.data.y_train, 1)))
    assert not rebuilt and session.epoch == 50
    assert np.array_equal(session.params()["W1"], W1)
    assert session.train_loss[-1] != session.train_loss[-2]  # the new point counts at once
    assert len(session.X) == 5


def test_a_third_class_rebuilds_a_softmax_network_and_a_sigmoid_one_refuses():
    session = TrainingSession(Config(dataset="xor"), data=own_dataset([[0, 0], [1, 1]], [0, 1]))
    assert session.config.dataset == OWN and session.n_outputs == 2
    assert session.use_data(own_dataset([[0, 0], [1, 1], [2, 2]], [0, 1, 2]))
    assert session.n_outputs == 3
    binary = TrainingSession(Config(output="sigmoid-bce"), data=own_dataset([[0, 0], [1, 1]], [0, 1]))
    with pytest.raises(ValueError, match="two classes"):
        binary.use_data(own_dataset([[0, 0], [1, 1], [2, 2]], [0, 1, 2]))
    assert binary.data.n_classes == 2 and len(binary.X) == 2  # unchanged


def test_own_data_needs_points():
    with pytest.raises(ValueError, match="needs points"):
        TrainingSession(Config(dataset=OWN))


def test_points_are_added_and_the_nearest_one_removed():
    data = own_dataset([[0, 0], [1, 1], [1, 0]], [0, 1, 1])
    more = with_point(data, (0.2, 0.9), 0)
    assert more.X_train.tolist()[-1] == [0.2, 0.9] and more.y_train.tolist() == [0, 1, 1, 0]
    fewer = without_point_near(more, (0.95, 0.05), radius=0.2)
    assert fewer.X_train.tolist() == [[0, 0], [1, 1], [0.2, 0.9]]
    with pytest.raises(DataError, match="no point there"):
        without_point_near(fewer, (0.5, 0.5), radius=0.2)
    # Down to one class, or none: a session shows such points and waits (see test_own_points_journey.py).
    one_class = without_point_near(own_dataset([[0, 0], [1, 1]], [0, 1]), (0, 0), radius=0.2)
    assert one_class.X_train.tolist() == [[1, 1]] and "two classes" in too_few_classes(one_class.y_train)
