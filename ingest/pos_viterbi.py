"""jieba's part-of-speech Viterbi decoder (jieba.posseg.viterbi) on arrays: the same states, the
same sums in the same order and the same choice between equal scores, so the same tags.

jieba scores each pair of states in a Python generator, which made its HMM two thirds of the time
spent tagging the short windows before school and indicator words; here each character is one
array operation over the states allowed there."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

MIN_FLOAT = -3.14e100  # jieba's score of a character a state never emits


class _Model:
    def __init__(self, states, start_p, trans_p, emit_p):
        self.names = sorted(trans_p)  # jieba breaks ties by the larger state: keep them in order
        index = {s: i for i, s in enumerate(self.names)}
        self.index = index
        n = len(self.names)
        self.trans = np.full((n, n), -np.inf)
        self.follows = np.zeros((n, n), dtype=bool)
        for s, nexts in trans_p.items():
            for t, p in nexts.items():
                self.trans[index[s], index[t]] = p
                self.follows[index[s], index[t]] = True
        self.leaves = np.array([bool(trans_p[s]) for s in self.names])
        self.start = np.array([start_p[s] for s in self.names])
        self.every = np.arange(n)
        self.states = states
        self.emit_p = emit_p

    @lru_cache(maxsize=1 << 14)
    def allowed(self, ch: str) -> np.ndarray:
        found = self.states.get(ch)
        return self.every if found is None else np.array(sorted(self.index[s] for s in found))

    @lru_cache(maxsize=1 << 14)
    def emit(self, ch: str) -> np.ndarray:
        return np.array([self.emit_p[s].get(ch, MIN_FLOAT) for s in self.names])


_models: dict[int, _Model] = {}


def _model(states, start_p, trans_p, emit_p) -> _Model:
    key = id(trans_p)
    if key not in _models:
        _models[key] = _Model(states, start_p, trans_p, emit_p)
    return _models[key]


def viterbi(obs, states, start_p, trans_p, emit_p):
    """(best score, state per character), as jieba.posseg.viterbi returns them."""
    m = _model(states, start_p, trans_p, emit_p)
    live = m.allowed(obs[0])
    score = m.start[live] + m.emit(obs[0])[live]
    back: list[tuple[np.ndarray, np.ndarray]] = []  # per character after the first: states, best previous
    for ch in obs[1:]:
        prev = live[m.leaves[live]]
        prev_score = score[m.leaves[live]]
        if not len(prev):
            raise ValueError("max() arg is an empty sequence")  # where jieba's own max() fails
        reachable = m.follows[prev].any(axis=0)
        allowed = m.allowed(ch)
        live = allowed[reachable[allowed]]
        if not len(live):
            live = np.flatnonzero(reachable) if reachable.any() else m.every
        total = (prev_score[:, None] + m.trans[np.ix_(prev, live)]) + m.emit(ch)[live][None, :]
        best = len(prev) - 1 - total[::-1].argmax(axis=0)  # the last of equal scores: the larger state
        score = total[best, np.arange(len(live))]
        back.append((live, prev[best]))
    i = len(live) - 1 - score[::-1].argmax()
    prob, state = float(score[i]), int(live[i])
    route = [state]
    for states_t, best_prev in reversed(back):
        state = int(best_prev[np.searchsorted(states_t, state)])
        route.append(state)
    route.reverse()
    return prob, [m.names[s] for s in route]


__all__ = ["viterbi"]
