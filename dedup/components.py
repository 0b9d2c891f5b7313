"""Clusters as connected components of the verified-pair graph.

:class:`Components` is an incremental union-find over dense integer slots
that also keeps each cluster's member list, its representative and the graph
edges, so a removed document can split its cluster again and a removed
representative is replaced.

Representative rule (documented, deterministic): the member with the most
tokens in its fingerprinted (stripped, normalised) text; ties go to the member
seen first. The longest copy of a story is usually the complete one: teasers
and truncated reposts are shorter.
"""

from __future__ import annotations

from collections import deque

__all__ = ["Components"]


class Components:
    """Incremental connected components with deletions.

    Parameters
    ----------
    lengths : callable
        ``lengths(slot) -> int``: size of a slot's text, for the representative.
    """

    def __init__(self, lengths) -> None:
        self._length = lengths
        self._parent: dict[int, int] = {}
        self._members: dict[int, list[int]] = {}
        self._rep: dict[int, int] = {}
        self._edges: dict[int, set[int]] = {}

    def _better(self, a: int, b: int) -> int:
        """The better representative of two slots: longer, then earlier."""
        la, lb = self._length(a), self._length(b)
        if la != lb:
            return a if la > lb else b
        return min(a, b)

    def add(self, slot: int) -> None:
        """Add ``slot`` as a cluster of its own."""
        self._parent[slot] = slot
        self._members[slot] = [slot]
        self._rep[slot] = slot
        self._edges[slot] = set()

    def find(self, slot: int) -> int:
        """Root of ``slot``'s cluster (with path halving)."""
        parent = self._parent
        while parent[slot] != slot:
            parent[slot] = parent[parent[slot]]
            slot = parent[slot]
        return slot

    def union(self, a: int, b: int) -> int:
        """Record the edge ``a``–``b`` and merge their clusters; return the root."""
        self._edges[a].add(b)
        self._edges[b].add(a)
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if len(self._members[ra]) < len(self._members[rb]):
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._members[ra].extend(self._members.pop(rb))
        self._rep[ra] = self._better(self._rep[ra], self._rep.pop(rb))
        return ra

    def representative(self, slot: int) -> int:
        """Representative slot of ``slot``'s cluster."""
        return self._rep[self.find(slot)]

    def neighbours(self, slot: int) -> set[int]:
        """Slots joined to ``slot`` by a verified edge."""
        return self._edges[slot]

    def move_edges(self, old: int, new: int) -> None:
        """Give ``old``'s edges to ``new`` (an identical copy replacing it)."""
        for other in self._edges[old]:
            if other != new:
                self._edges[other].discard(old)
                self._edges[other].add(new)
                self._edges[new].add(other)
        self._edges[new].discard(old)
        self._edges[old] = {new}
        self._edges[new].add(old)

    def remove(self, slot: int) -> None:
        """Delete ``slot``; its cluster splits if ``slot`` was a bridge."""
        root = self.find(slot)
        rest = [m for m in self._members.pop(root) if m != slot]
        self._rep.pop(root)
        for other in self._edges.pop(slot):
            self._edges[other].discard(slot)
        del self._parent[slot]
        # Rebuild the components of the remaining members (BFS over edges).
        unseen = set(rest)
        for start in rest:
            if start not in unseen:
                continue
            unseen.discard(start)
            comp = [start]
            queue = deque([start])
            while queue:
                for nxt in self._edges[queue.popleft()]:
                    if nxt in unseen:
                        unseen.discard(nxt)
                        comp.append(nxt)
                        queue.append(nxt)
            comp.sort()
            new_root = comp[0]
            rep = new_root
            for m in comp:
                self._parent[m] = new_root
                rep = self._better(rep, m)
            self._members[new_root] = comp
            self._rep[new_root] = rep

    def clusters(self) -> list[list[int]]:
        """Every cluster, representative first, then members by slot; clusters
        ordered by their earliest member."""
        out = []
        for members in self._members.values():
            rep = self._rep[self.find(members[0])]
            rest = sorted(m for m in members if m != rep)
            out.append([rep, *rest])
        out.sort(key=lambda c: min(c))
        return out
