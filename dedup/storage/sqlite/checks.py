"""Checks of an index file: on opening a small file, and :meth:`check` on any.

Damage is an :class:`dedup.IndexFileError` naming the file wherever it is
met. A file of up to :data:`QUICK_CHECK_MAX_BYTES` (with its ``-wal``) is
read through when opened (``PRAGMA quick_check`` and the lengths of the
stored signatures and shingle sets); :meth:`Checks.check` runs ``PRAGMA
integrity_check`` and checks that documents, clusters, edges and LSH entries
fit together (the representative rule is :mod:`dedup.decisions`') and the
type and length of every stored value, whatever the size.
"""

from __future__ import annotations

import os

from ...decisions import representative_key, sql_key
from ..base import PARTNER_REMOVED
from ..errors import IndexFileError
from .transactions import Connection

__all__ = ["QUICK_CHECK_MAX_BYTES", "Checks"]

#: Files (with their ``-wal``) up to this size are checked when opened:
#: ``PRAGMA quick_check`` and the lengths of the stored signatures and
#: shingle sets. Measured (SQLite 3.40.1, this project's 2-core VM): a 67 MB
#: file 0.2 s with its pages cached, 2.3-2.5 s read from disk (~30 MB/s); a
#: 482 MB file 0.9 s cached, 15 s from disk. Larger files: see ``check()``.
QUICK_CHECK_MAX_BYTES = 32 * 2**20


class Checks(Connection):
    """The checks of :class:`dedup.storage.sqlite.SQLiteStorage`."""

    def check(self) -> list[str]:
        """Problems found by ``PRAGMA integrity_check``, the consistency of
        documents, clusters, edges and LSH entries, and the type and length of
        every stored value; empty when all is well."""
        with self.read():
            return self._damage(quick=False)

    def _damage(self, quick: bool) -> list[str]:
        """What :meth:`check` reports; with ``quick``, only what is cheap
        enough to look for when a small file is opened: ``PRAGMA
        quick_check`` (every page readable, every b-tree well formed) and the
        lengths of the stored signatures and shingle sets."""
        sig_bytes = 4 * self.num_perm
        queries = {
            f"signatures that are not {sig_bytes}-byte blobs": "SELECT COUNT(*) FROM fingerprints "
            f"WHERE typeof(signature) != 'blob' OR length(signature) != {sig_bytes}",
            "shingle sets that are not blobs of 4-byte hashes": "SELECT COUNT(*) FROM fingerprints "
            "WHERE shingles IS NOT NULL AND (typeof(shingles) != 'blob' OR length(shingles) % 4 != 0)",
        }
        if not quick:
            queries.update(_CONSISTENCY)
            if self.schema_version >= 2:
                queries.update(_PARTNER_CONSISTENCY)
        problems: list[str] = []
        pragma = "quick_check" if quick else "integrity_check"
        result = [row[0] for row in self.con.execute(f"PRAGMA {pragma}")]
        if result != ["ok"]:
            problems.extend(f"{pragma}: " + line.replace("\n", "; ") for line in result)
        for what, sql in queries.items():
            n = self._one(sql)
            if n:
                problems.append(f"{n} {what}")
        return problems

    def _verify_on_open(self) -> None:
        """Refuse a small file that :meth:`_damage` (quick) finds damaged.

        Larger files (over :data:`QUICK_CHECK_MAX_BYTES` with their log) are
        not read through on open: :meth:`check` finds their damage, and a
        damaged value met later raises :class:`IndexFileError` then.
        """
        size = sum(
            os.path.getsize(self._path + suffix) for suffix in ("", "-wal") if os.path.exists(self._path + suffix)
        )
        if size > QUICK_CHECK_MAX_BYTES:
            return
        problems = self._damage(quick=True)
        if problems:
            shown = "; ".join(problems[:5]) + ("; ..." if len(problems) > 5 else "")
            raise IndexFileError(
                self._path, f"damaged index, found on opening it: {shown}. Restore it from a copy, or build it again"
            )


#: Consistency checks of :meth:`SQLiteStorage.check`: problem -> count query.
_member, _representative = (sql_key(representative_key, t + ".words", t + ".slot") for t in "dr")
_CONSISTENCY = {
    "documents without a cluster": "SELECT COUNT(*) FROM docs d LEFT JOIN clusters c ON c.id = d.cluster "
    "WHERE c.id IS NULL",
    "clusters whose representative is not a member": "SELECT COUNT(*) FROM clusters c "
    "LEFT JOIN docs d ON d.slot = c.representative WHERE d.slot IS NULL OR d.cluster != c.id",
    "clusters whose size is wrong": "SELECT COUNT(*) FROM clusters c "
    "WHERE size != (SELECT COUNT(*) FROM docs d WHERE d.cluster = c.id)",
    "clusters whose representative breaks the rule (most words, then earliest)": "SELECT COUNT(*) "
    "FROM clusters c JOIN docs r ON r.slot = c.representative WHERE EXISTS (SELECT 1 FROM docs d "
    f"WHERE d.cluster = c.id AND {_member} < {_representative})",
    "edges to a missing document": "SELECT COUNT(*) FROM edges e WHERE NOT EXISTS "
    "(SELECT 1 FROM docs WHERE slot = e.a) OR NOT EXISTS (SELECT 1 FROM docs WHERE slot = e.b)",
    "edges between clusters": "SELECT COUNT(*) FROM edges e JOIN docs x ON x.slot = e.a "
    "JOIN docs y ON y.slot = e.b WHERE x.cluster != y.cluster",
    "LSH entries of a missing document": "SELECT COUNT(*) FROM bands b WHERE NOT EXISTS "
    "(SELECT 1 FROM docs WHERE slot = b.slot)",
    "documents without a fingerprint": "SELECT COUNT(*) FROM docs d WHERE NOT EXISTS "
    "(SELECT 1 FROM fingerprints WHERE slot = d.slot)",
    "fingerprints of a missing document": "SELECT COUNT(*) FROM fingerprints f WHERE NOT EXISTS "
    "(SELECT 1 FROM docs WHERE slot = f.slot)",
    "documents with a value of the wrong type (id, cluster, words, content key, time)": "SELECT COUNT(*) "
    "FROM docs WHERE typeof(doc_id) NOT IN ('integer', 'text') OR typeof(cluster) != 'integer' "
    "OR typeof(words) != 'integer' OR words < 0 OR typeof(added) NOT IN ('integer', 'real') "
    "OR (content_key IS NOT NULL AND (typeof(content_key) != 'blob' OR length(content_key) != 16))",
    "clusters with a value of the wrong type": "SELECT COUNT(*) FROM clusters "
    "WHERE typeof(representative) != 'integer' OR typeof(size) != 'integer'",
    "LSH entries or edges with a value of the wrong type": "SELECT (SELECT COUNT(*) FROM bands "
    "WHERE typeof(segment) != 'integer' OR typeof(key) != 'integer' OR typeof(slot) != 'integer') "
    "+ (SELECT COUNT(*) FROM edges WHERE typeof(a) != 'integer' OR typeof(b) != 'integer')",
}

#: Consistency checks of the ``partners`` table (schema version 2): problem -> count query.
_PARTNER_CONSISTENCY = {
    "first containment partners of a missing document": "SELECT COUNT(*) FROM partners p WHERE NOT EXISTS "
    "(SELECT 1 FROM docs WHERE slot = p.slot)",
    "first containment partners that are missing documents (nor marked removed)": "SELECT COUNT(*) "
    f"FROM partners p WHERE p.first != {PARTNER_REMOVED} AND NOT EXISTS (SELECT 1 FROM docs WHERE slot = p.first)",
    "first containment partners with a value of the wrong type": "SELECT COUNT(*) FROM partners "
    f"WHERE typeof(slot) != 'integer' OR typeof(first) != 'integer' OR (first < 0 AND first != {PARTNER_REMOVED})",
}
