"""Clusters as connected components of the verified-pair graph.

:class:`Components` is an incremental union-find over dense integer slots
that also keeps each cluster's member list, its representative and the graph
edges, so a removed document can split its cluster again and a removed
representative is replaced.

The representative and the order of clusters are the decisions of
:mod:`dedup.decisions` (most words, then earliest; clusters by their earliest
member).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Set

import numpy as np

from .decisions import listed, representative_key

__all__ = ["Components", "smallest_roots"]

_NO_EDGES: frozenset = frozenset()


class Components:
    """Incremental connected components with deletions.

    A document alone in its cluster costs one dictionary entry (its parent,
    itself): member lists, representatives and edge sets are made only for
    slots that join a cluster (most documents of a stream never do).

    Parameters
    ----------
    lengths : callable
        ``lengths(slot) -> int``: size of a slot's text, for the representative.
    """

    def __init__(self, lengths) -> None:
        self._length = lengths
        self._parent: dict[int, int] = {}  # every slot; a root is its own parent
        self._members: dict[int, list[int]] = {}  # root -> members, clusters of two or more
        self._rep: dict[int, int] = {}  # root -> representative, clusters of two or more
        self._edges: dict[int, set[int]] = {}  # slot -> neighbours, slots with an edge
        self._clusters = 0

    def __len__(self) -> int:
        """Number of clusters, singletons included."""
        return self._clusters

    def _key(self, slot: int) -> tuple[int, int]:
        return representative_key(self._length(slot), slot)

    def add(self, slot: int) -> None:
        """Add ``slot`` as a cluster of its own."""
        self._parent[slot] = slot
        self._clusters += 1

    def add_many(self, slots: Iterable[int]) -> None:
        """Add each of ``slots`` (distinct, not yet added) as a cluster of its own."""
        before = len(self._parent)
        self._parent.update((slot, slot) for slot in slots)
        self._clusters += len(self._parent) - before

    def find(self, slot: int) -> int:
        """Root of ``slot``'s cluster (with path halving)."""
        parent = self._parent
        while parent[slot] != slot:
            parent[slot] = parent[parent[slot]]
            slot = parent[slot]
        return slot

    def _edge_set(self, slot: int) -> set[int]:
        edges = self._edges.get(slot)
        if edges is None:
            edges = self._edges[slot] = set()
        return edges

    def union(self, a: int, b: int) -> int:
        """Record the edge ``a``–``b`` and merge their clusters; return the root."""
        self._edge_set(a).add(b)
        self._edge_set(b).add(a)
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        members = self._members
        if len(members.get(ra, (ra,))) < len(members.get(rb, (rb,))):
            ra, rb = rb, ra
        self._parent[rb] = ra
        joined = members.get(ra)
        if joined is None:
            joined = members[ra] = [ra]
        joined.extend(members.pop(rb, (rb,)))
        self._rep[ra] = min(self._rep.get(ra, ra), self._rep.pop(rb, rb), key=self._key)
        self._clusters -= 1
        return ra

    def representative(self, slot: int) -> int:
        """Representative slot of ``slot``'s cluster."""
        root = self.find(slot)
        return self._rep.get(root, root)

    def neighbours(self, slot: int) -> Set[int]:
        """Slots joined to ``slot`` by a verified edge (do not modify)."""
        return self._edges.get(slot, _NO_EDGES)

    def move_edges(self, old: int, new: int) -> None:
        """Give ``old``'s edges to ``new`` (an identical copy replacing it)."""
        for other in self._edges.get(old, _NO_EDGES):
            if other != new:
                self._edges[other].discard(old)
                self._edges[other].add(new)
                self._edge_set(new).add(other)
        self._edge_set(new).discard(old)
        self._edges[old] = {new}
        self._edge_set(new).add(old)

    def remove(self, slot: int) -> None:
        """Delete ``slot``; its cluster splits if ``slot`` was a bridge."""
        root = self.find(slot)
        rest = [m for m in self._members.pop(root, (root,)) if m != slot]
        self._rep.pop(root, None)
        for other in self._edges.pop(slot, _NO_EDGES):
            self._edges[other].discard(slot)
        del self._parent[slot]
        self._clusters -= 1
        # Rebuild the components of the remaining members (BFS over edges).
        unseen = set(rest)
        for start in rest:
            if start not in unseen:
                continue
            unseen.discard(start)
            comp = [start]
            queue = deque([start])
            while queue:
                for nxt in self._edges.get(queue.popleft(), _NO_EDGES):
                    if nxt in unseen:
                        unseen.discard(nxt)
                        comp.append(nxt)
                        queue.append(nxt)
            comp.sort()
            new_root = comp[0]
            for m in comp:
                self._parent[m] = new_root
            if len(comp) > 1:
                self._members[new_root] = comp
                self._rep[new_root] = min(comp, key=self._key)
            self._clusters += 1

    def clusters(self) -> list[list[int]]:
        """Every cluster, representative first, then members by slot; clusters
        ordered by their earliest member (:func:`dedup.decisions.listed`)."""
        members_of, rep_of = self._members, self._rep
        return listed(
            (rep_of[slot], members_of[slot]) if slot in members_of else (slot, ())
            for slot, parent in self._parent.items()
            if slot == parent
        )


def smallest_roots(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Connected components of the graph of edges ``(a[i], b[i])``, with
    numpy: every node that has an edge (to another node or to itself) and
    the smallest node of its component, ``(nodes, roots)``, nodes ascending.

    Each round hooks every root to the smallest root across its edges and
    then points every node at its root (pointer jumping); roots only ever
    get smaller, and a round that hooks nothing ends it. The graph of a
    news corpus (stars around an original, short chains of updates) takes
    a few rounds.

    >>> [x.tolist() for x in smallest_roots(np.array([5, 3, 9]), np.array([3, 1, 9]))]
    [[1, 3, 5, 9], [1, 1, 1, 9]]
    """
    a = np.asarray(a, dtype=np.int64).ravel()
    b = np.asarray(b, dtype=np.int64).ravel()
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same length, got {a.shape} and {b.shape}")
    nodes, index = np.unique(np.concatenate((a, b)), return_inverse=True)
    left, right = index[: len(a)], index[len(a) :]
    parent = np.arange(len(nodes), dtype=np.int64)  # index order is node order: the smallest has the least index
    while True:
        ra, rb = parent[left], parent[right]
        lo, hi = np.minimum(ra, rb), np.maximum(ra, rb)
        hook = lo != hi
        if not hook.any():
            return nodes, nodes[parent]
        np.minimum.at(parent, hi[hook], lo[hook])
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
