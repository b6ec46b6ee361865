"""Your own points: clicked onto the plane, uploaded as CSV, downloaded again.

X is (N, 2) in the plane's units and y (N,) class labels 0..MAX_CLASSES-1.
"""
import csv
import io
import math

import numpy as np

from .dataset import Dataset

# Bounded so that one upload cannot make every epoch of a shared server slow.
OWN = "own"
MAX_OWN_POINTS = 2000
MAX_CLASSES = 4
MAX_COORDINATE = 1e6
MAX_LABEL_CHARS = 40  # a class name, not a paragraph: labels are shown next to each class


class DataError(ValueError):
    """Points that cannot be used; the message says why, in words for the user."""


def own_points(X, y):
    """Your own points as they stand, maybe too few to train on yet: X (N, 2)
    in the plane's units, y (N,) class labels 0..MAX_CLASSES-1, N from 0 to
    MAX_OWN_POINTS.  ``n_classes`` is the highest label + 1, and at least 2: the
    classes a network for these points needs outputs for.  Raises DataError
    for points that can never be used (see ``own_dataset`` for trainable ones)."""
    X, y = np.asarray(X, dtype=float).reshape(-1, 2), np.asarray(y).ravel()
    if len(X) != len(y):
        raise DataError(f"{len(X)} points but {len(y)} labels")
    if len(X) > MAX_OWN_POINTS:
        raise DataError(f"too many points: {len(X):,} (at most {MAX_OWN_POINTS:,})")
    if not np.isfinite(X).all():
        raise DataError("some coordinates are missing, NaN or infinite")
    if np.abs(X).max(initial=0.0) > MAX_COORDINATE:
        raise DataError(f"coordinates must lie within ±{MAX_COORDINATE:g}")
    if not set(np.unique(y).tolist()) <= set(range(MAX_CLASSES)):
        raise DataError(f"labels must be whole numbers 0 to {MAX_CLASSES - 1}")
    y = y.astype(int)
    return Dataset(X, y, X[:0], y[:0], "classification", max(2, int(y.max(initial=0)) + 1))


def too_few_classes(labels):
    """Why points with these class labels (N,) cannot be trained on, in words
    ("the points need at least two classes; ..."); None when they can."""
    classes = np.unique(labels)
    if len(classes) >= 2:
        return None
    return "the points need at least two classes; " + (
        "there are none" if len(classes) == 0 else f"all have label {classes[0]}")


def own_dataset(X, y):
    """A training set of your own points: as ``own_points``, and DataError
    unless there are points of at least two classes."""
    data = own_points(X, y)
    shortage = too_few_classes(data.y_train)
    if shortage:
        raise DataError(shortage)
    return data


def read_points_csv(text):
    """(Dataset, label names in class order) from CSV text with columns x, y,
    label (a header row is optional).  Labels may be any numbers or words of at
    most MAX_LABEL_CHARS characters, any run of white space in them (a line
    break in a quoted cell, say) read as one space; they are numbered 0, 1, ...
    in sorted order.
    Lines may end in \\n, \\r\\n or a lone \\r (classic Mac OS); a leading byte-order
    mark is skipped.  Raises DataError, and nothing else, with a one-line message
    naming the first problem and its line, counted from 1 as an editor does."""
    if len(text) > 200 * MAX_OWN_POINTS:
        raise DataError(f"the file is too large (at most {MAX_OWN_POINTS:,} rows of x, y, label)")
    records = _csv_records(text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    if records and [c.strip().lower() for c in records[0][1]] == ["x", "y", "label"]:
        records = records[1:]
    elif records and not _is_number(records[0][1][0].strip()):
        raise DataError("the columns should be x, y, label (a header row is optional); "
                        f"the first row is {','.join(records[0][1])[:60]!r}")
    if len(records) > MAX_OWN_POINTS:
        raise DataError(f"too many rows: {len(records):,} (at most {MAX_OWN_POINTS:,})")
    X = np.empty((len(records), 2))
    names = []
    for i, (line, row) in enumerate(records):
        if len(row) != 3:
            raise DataError(f"line {line} has {len(row)} columns; each row needs exactly 3: x, y, label")
        for j, column in enumerate(("x", "y")):
            cell = row[j].strip()
            if not _is_number(cell):
                raise DataError(f"line {line}, column {column}: {cell[:30]!r} is not a number")
            X[i, j] = float(cell)
            if not math.isfinite(X[i, j]):
                raise DataError(f"line {line}, column {column}: {cell[:30]!r} is not a finite number (NaN or infinite)")
        # A name is shown within a line of text: a line break in a quoted cell
        # could end that line's HTML block, and what followed would be Markdown.
        names.append(_label_key(" ".join(row[2].split()), line))
    distinct = sorted(set(names))
    index = {name: k for k, name in enumerate(distinct)}
    return own_dataset(X, np.array([index[n] for n in names], dtype=int)), [str(n[1]) for n in distinct]


def _csv_records(text):
    """[(line, cells)] for each record of CSV text with "\\n" line ends that is not
    blank; ``line`` is where the record starts, from 1.  What the csv module
    cannot read (a NUL character, a cell over its size limit) is a DataError."""
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        raise DataError(f"line {line} holds a NUL character: this is not a text CSV file")
    reader = csv.reader(io.StringIO(text))
    records, line = [], 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        too_long = "field larger than field limit" in str(error)
        raise DataError(f"line {reader.line_num}: " + (f"a cell is longer than {csv.field_size_limit():,} characters"
                                                        if too_long else f"this is not CSV ({error})")) from None
    return records


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def _label_key(text, line):
    """Sort key of a label: numbers in numeric order before words in alphabetical order."""
    if not text:
        raise DataError(f"line {line}, column label: the label is empty")
    if len(text) > MAX_LABEL_CHARS:
        raise DataError(f"line {line}, column label: a label can have at most {MAX_LABEL_CHARS} characters, "
                        f"this one has {len(text):,}")
    if _is_number(text):
        value = float(text)
        if not math.isfinite(value):
            raise DataError(f"line {line}, column label: {text!r} cannot be a class label")
        return (0, int(value) if value.is_integer() else value)
    return (1, text)


def points_csv(dataset):
    """CSV text (header x,y,label) of every point of ``dataset``, training then test.
    Every cell is a number (labels are class numbers), so no cell can be taken
    for a formula by a spreadsheet (none starts with =, + or @; - only as a sign)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["x", "y", "label"])
    for (x0, x1), label in zip(dataset.X_all, _labels(dataset)):
        writer.writerow([repr(float(x0)), repr(float(x1)), label.item()])
    return out.getvalue()


def as_own(data):
    """Every point of ``data`` (training and test together) as own points, to edit."""
    return own_dataset(data.X_all, _labels(data))


def with_point(data, point, label):
    """``data``'s points (training and test together) and one more, as own points
    (see ``own_points``: they may still be too few classes to train on)."""
    return own_points(np.vstack([data.X_all, [point]]), np.append(_labels(data), label))


def without_point_near(data, point, radius):
    """``data`` without its point nearest to ``point``, as own points (see
    ``own_points``: down to none); DataError if no point lies within ``radius``
    (plane units)."""
    X = data.X_all
    distance = np.hypot(*(X - np.asarray(point, dtype=float)).T)
    nearest = int(distance.argmin()) if len(X) else None
    if nearest is None or distance[nearest] > radius:
        raise DataError("no point there to remove: click on a point")
    return own_points(np.delete(X, nearest, axis=0), np.delete(_labels(data), nearest))


def _labels(data):
    return np.concatenate([data.y_train, data.y_test])
