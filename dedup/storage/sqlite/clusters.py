"""The clusters of an index file: rows of ``clusters``, ``docs.cluster`` and ``edges``.

Within a transaction the touched clusters are loaded into a
:class:`dedup.components.Components`, so the union, representative and split
logic is the in-memory index's, and written back before ``COMMIT``. Adding,
a stored cluster is stood for by its representative alone (with its word
count), so joining a cluster of any size reads one row of it; a removal loads
the whole cluster (it may split).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from ...decisions import listed
from ...documents import DocId
from ..errors import IndexFileError
from .transactions import Connection

__all__ = ["Clusters"]


class Clusters(Connection):
    """Cluster operations of :class:`dedup.storage.sqlite.SQLiteStorage`."""

    def _fetch(self, slots: np.ndarray) -> None:  # pragma: no cover - see .storage
        raise NotImplementedError

    def union(self, a: int, c: int) -> None:
        b = self._b
        b.comp.union(self._proxy(a), self._proxy(c))
        b.edges.append((max(a, c), min(a, c)))

    def representative(self, slot: int) -> int:
        b = self._batch
        if b is not None and b.is_new(slot):
            return b.comp.representative(slot)
        if b is not None and slot in b.label_of:
            label = b.label_of[slot]
            return b.comp.representative(b.proxy_of[label] if label in b.proxy_of else slot)
        if b is None and slot in self._s.clusters:  # a read: fetched with the candidate
            return self._s.clusters[slot][1]
        rep = self._one(
            "SELECT c.representative FROM docs d JOIN clusters c ON c.id = d.cluster WHERE d.slot = ?", (slot,)
        )
        if rep is None:
            raise IndexFileError(self._path, f"inconsistent index: slot {slot} has no cluster")
        return int(rep)

    def _proxy(self, slot: int) -> int:
        """The slot standing for ``slot``'s cluster in an adding batch: itself
        for a new document, else its stored cluster's representative, which
        the batch's union-find joins as one member (with its word count) so
        that joining a cluster of any size reads one row of it."""
        b = self._b
        if b.is_new(slot):
            return slot
        assert not b.loaded, "a batch either adds or removes"
        label = b.label_of.get(slot)
        if label is None:
            if slot not in b.clusters:
                self._fetch(np.array([slot], dtype=np.int64))
            if slot not in b.clusters:
                raise IndexFileError(self._path, f"inconsistent index: slot {slot} has no cluster")
            label, rep, size, words = b.clusters[slot]
            b.label_of[slot] = label
            if label not in b.proxy_of:
                b.proxy_of[label] = rep
                b.size_of[label] = size
                b.words[rep] = words
                b.label_of[rep] = label
                b.comp.add(rep)
        return b.proxy_of[label]

    def _load(self, slot: int) -> None:
        """Bring ``slot``'s cluster (members, word counts, edges) into a
        removing batch (a removal may split it)."""
        b = self._b
        if b.is_new(slot) or slot in b.label_of:
            return
        assert not b.proxy_of, "a batch either adds or removes"
        label = self._one("SELECT cluster FROM docs WHERE slot = ?", (slot,))
        if label is None:
            raise IndexFileError(self._path, f"inconsistent index: slot {slot} has no document")
        members = self.con.execute("SELECT slot, words, doc_id FROM docs WHERE cluster = ?", (label,)).fetchall()
        for member, words, doc_id in members:
            b.words[member] = words
            b.ids[member] = doc_id
            b.label_of[member] = label
            b.comp.add(member)
        for a, c in self.con.execute(
            "SELECT e.a, e.b FROM docs d JOIN edges e ON e.a = d.slot WHERE d.cluster = ?", (label,)
        ):
            b.comp.union(a, c)
        b.loaded.add(label)

    def _flush_edges(self) -> None:
        b = self._b
        if b.edges:
            self.con.executemany("INSERT OR IGNORE INTO edges (a, b) VALUES (?, ?)", b.edges)
            b.edges = []

    def move_edges(self, old: int, new: int) -> None:
        b = self._b
        self._flush_edges()
        self._load(old)
        self._load(new)
        others = [o for o in b.comp.neighbours(old) if o != new]
        b.comp.move_edges(old, new)
        con = self.con
        con.executemany(
            "DELETE FROM edges WHERE a = ? AND b = ?", [(o, old) for o in others] + [(old, o) for o in others]
        )
        con.executemany(
            "INSERT OR IGNORE INTO edges (a, b) VALUES (?, ?)",
            [(max(o, new), min(o, new)) for o in others] + [(max(old, new), min(old, new))],
        )

    def discard(self, slot: int) -> None:
        b = self._b
        self._flush_edges()
        self._load(slot)
        others = list(b.comp.neighbours(slot))
        b.comp.remove(slot)
        con = self.con
        con.executemany(
            "DELETE FROM edges WHERE a = ? AND b = ?", [(o, slot) for o in others] + [(slot, o) for o in others]
        )
        con.execute("DELETE FROM docs WHERE slot = ?", (slot,))
        con.execute("DELETE FROM fingerprints WHERE slot = ?", (slot,))
        con.execute("DELETE FROM partners WHERE slot = ?", (slot,))
        b.removed.add(slot)
        b.segments = None
        for cache in (b.sigs, b.words, b.sets, b.ids):
            cache.pop(slot, None)

    def _flush_adding(self) -> dict[int, int]:
        """Cluster rows of an adding batch; return the new documents' cluster
        ids. A component keeps the id of its largest stored cluster (ties: the
        smallest id), whose rows stay as they are; the other stored clusters
        it joined are relabelled (each merge moves the smaller clusters), and
        a component of new documents only gets a new id."""
        b = self._b
        con = self.con
        next_label = int(self._one("SELECT COALESCE(MAX(id), 0) + 1 FROM clusters"))
        new_cluster: dict[int, int] = {}
        merged: list[tuple[int, int]] = []
        inserts: list[tuple[int, int, int]] = []
        updates: list[tuple[int, int, int]] = []
        for comp in b.comp.clusters():
            fresh = [s for s in comp if b.is_new(s)]
            labels = [b.label_of[s] for s in comp if not b.is_new(s)]
            if labels:
                label = max(labels, key=lambda x: (b.size_of[x], -x))
                merged.extend((label, other) for other in labels if other != label)
                updates.append((comp[0], sum(b.size_of[x] for x in labels) + len(fresh), label))
            else:
                label = next_label
                next_label += 1
                inserts.append((label, comp[0], len(comp)))
            new_cluster.update((s, label) for s in fresh)
        con.executemany("UPDATE docs SET cluster = ? WHERE cluster = ?", merged)
        con.executemany("DELETE FROM clusters WHERE id = ?", [(other,) for _, other in merged])
        con.executemany("UPDATE clusters SET representative = ?, size = ? WHERE id = ?", updates)
        con.executemany("INSERT INTO clusters (id, representative, size) VALUES (?, ?, ?)", inserts)
        return new_cluster

    def _flush_removing(self) -> dict[int, int]:
        """Cluster rows of a batch that loaded whole clusters (a removal):
        each component keeps the id most of its stored members had (the
        largest component first), so a split relabels only the parts that
        leave; return the new documents' cluster ids (none)."""
        b = self._b
        con = self.con
        comps = sorted(b.comp.clusters(), key=len, reverse=True)
        next_label = int(self._one("SELECT COALESCE(MAX(id), 0) + 1 FROM clusters"))
        taken: set[int] = set()
        new_cluster: dict[int, int] = {}
        relabel: list[tuple[int, int]] = []
        inserts: list[tuple[int, int, int]] = []
        updates: list[tuple[int, int, int]] = []
        for comp in comps:
            label: int | None = None
            for candidate, _ in Counter(b.label_of[s] for s in comp if s in b.label_of).most_common():
                if candidate not in taken:
                    label = candidate
                    break
            if label is None:
                label = next_label
                next_label += 1
                inserts.append((label, comp[0], len(comp)))
            else:
                updates.append((comp[0], len(comp), label))
            taken.add(label)
            for s in comp:
                if b.is_new(s):
                    new_cluster[s] = label
                elif b.label_of[s] != label:
                    relabel.append((label, s))
        con.executemany("DELETE FROM clusters WHERE id = ?", [(label,) for label in b.loaded - taken])
        con.executemany("UPDATE clusters SET representative = ?, size = ? WHERE id = ?", updates)
        con.executemany("INSERT INTO clusters (id, representative, size) VALUES (?, ?, ?)", inserts)
        con.executemany("UPDATE docs SET cluster = ? WHERE slot = ?", relabel)

        return new_cluster

    def cluster_count(self) -> int:
        return int(self._one("SELECT COUNT(*) FROM clusters"))

    def clusters(self) -> list[list[DocId]]:
        members: dict[int, list[int]] = {}
        representative: dict[int, int] = {}
        ids: dict[int, DocId] = {}
        for slot, doc_id, cluster, rep in self.con.execute(
            "SELECT d.slot, d.doc_id, d.cluster, c.representative FROM docs d JOIN clusters c ON c.id = d.cluster "
            "ORDER BY d.slot"
        ):
            ids[slot] = doc_id
            members.setdefault(cluster, []).append(slot)
            if slot == rep:
                representative[cluster] = rep
        if len(representative) != len(members):
            lost = sorted(members.keys() - representative.keys())
            raise IndexFileError(self._path, f"inconsistent index: clusters {lost[:5]} lack their representative")
        return [
            [ids[slot] for slot in cluster] for cluster in listed((representative[c], m) for c, m in members.items())
        ]
