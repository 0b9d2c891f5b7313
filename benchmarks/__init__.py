"""dedup's benchmarks: scripts that measure it, and the modules they share.

Run a script from the checkout as a file or as a module, with the same
arguments: ``python benchmarks/throughput.py --n 2000`` or
``python -m benchmarks.throughput --n 2000``.

Shared modules: :mod:`benchmarks.corpora` (the generated corpora),
:mod:`benchmarks.newscorpus` (the labelled corpus built from real pages),
:mod:`benchmarks.heldout` (the held-out pages), :mod:`benchmarks.peers` (the
libraries dedup is compared with), :mod:`benchmarks.harness` (timing, memory,
machine facts) and ``benchmarks/targets.json`` (every acceptance target, with
the issue it comes from, read through :func:`benchmarks.harness.target`).
"""
