"""The two tutorials' algorithms, written out plainly and independently of core/,
to check the presets against (see shared/reference/README.md)."""
import numpy as np
from sklearn.datasets import make_moons


def xor_tutorial(hidden=2, epochs=10_000, lr=0.1, seed=42):
    """Returns (losses after k updates for k = 0..epochs, outputs after training)."""
    def sig(x):
        return 1 / (1 + np.exp(-x))
    np.random.seed(seed)
    W1, b1 = np.random.randn(2, hidden), np.zeros((1, hidden))
    W2, b2 = np.random.randn(hidden, 1), np.zeros((1, 1))
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    y = np.array([[0], [1], [1], [0]])
    losses = []
    for _ in range(epochs + 1):
        a1 = sig(X @ W1 + b1)
        a2 = sig(a1 @ W2 + b2)
        losses.append(np.mean((y - a2) ** 2))
        if len(losses) > epochs:
            return np.array(losses), a2
        out_delta = (y - a2) * (a2 * (1 - a2))
        hid_delta = (out_delta @ W2.T) * (a1 * (1 - a1))
        W2 += lr * a1.T @ out_delta
        b2 += lr * out_delta.sum(axis=0, keepdims=True)
        W1 += lr * X.T @ hid_delta
        b1 += lr * hid_delta.sum(axis=0, keepdims=True)


def britz_moons(hidden=3, passes=20_000, epsilon=0.01, reg_lambda=0.01):
    """Returns (losses after k updates for k = 0..passes, final W1, W2)."""
    np.random.seed(0)
    X, y = make_moons(200, noise=0.20)
    n = len(X)
    np.random.seed(0)
    W1 = np.random.randn(2, hidden) / np.sqrt(2)
    b1 = np.zeros((1, hidden))
    W2 = np.random.randn(hidden, 2) / np.sqrt(hidden)
    b2 = np.zeros((1, 2))

    def loss():
        a1 = np.tanh(X.dot(W1) + b1)
        scores = np.exp(a1.dot(W2) + b2)
        probs = scores / scores.sum(axis=1, keepdims=True)
        data_loss = np.sum(-np.log(probs[range(n), y]))
        data_loss += reg_lambda / 2 * (np.sum(np.square(W1)) + np.sum(np.square(W2)))
        return data_loss / n

    losses = [loss()]
    for _ in range(passes):
        a1 = np.tanh(X.dot(W1) + b1)
        scores = np.exp(a1.dot(W2) + b2)
        delta3 = scores / scores.sum(axis=1, keepdims=True)
        delta3[range(n), y] -= 1
        dW2 = a1.T.dot(delta3)
        db2 = delta3.sum(axis=0, keepdims=True)
        delta2 = delta3.dot(W2.T) * (1 - np.power(a1, 2))
        dW1 = X.T.dot(delta2)
        db1 = delta2.sum(axis=0)
        dW2 += reg_lambda * W2
        dW1 += reg_lambda * W1
        W1 += -epsilon * dW1
        b1 += -epsilon * db1
        W2 += -epsilon * dW2
        b2 += -epsilon * db2
        losses.append(loss())
    return np.array(losses), W1, W2
