"""README.md's commands as ``benchmarks/readme_commands.py`` reads them, and
every one of them after the quick start run in this environment (the whole
script, a fresh virtual environment running the test suite, takes minutes and
is not part of the default run; CI runs the quick start's commands itself)."""

from __future__ import annotations

from benchmarks import readme_commands

from conftest import REPO_ROOT as REPO


def _script():
    return readme_commands


def test_quick_start_is_two_commands_that_need_no_activated_environment():
    script = _script()
    commands = script.extract_commands((REPO / "README.md").read_text(encoding="utf-8"))
    first = [c.text for c in commands if c.block == 0]
    assert len(first) == 2
    assert first[0].startswith("python3 -m venv .venv && ")
    for text in first:
        for part in text.split("&&"):
            program = part.split()[0]
            assert program == "python3" or program.startswith(".venv/bin/"), part  # nothing needs activation


def test_every_readme_command_is_run_or_skipped_for_a_stated_reason():
    script = _script()
    commands = script.extract_commands((REPO / "README.md").read_text(encoding="utf-8"))
    name = script.distribution_name()
    decided = {c.text: script.why_skipped(c, REPO, False, name) for c in commands}
    run = [text for text, reason in decided.items() if reason is None]
    assert "dedup cluster seeds/ -o clusters.jsonl" in run and 'pip install -e ".[html]"' in run
    assert decided["python benchmarks/throughput.py"].startswith("a benchmark")
    assert decided[f'pip install "{name}[html]"'].startswith(f"installs {name} from the package index")
    spark = [text for text in decided if text.startswith("dedup cluster --engine spark --master 'local[2]' news/")]
    assert spark and decided[spark[0]].startswith("needs data: news/")
    assert any(reason and reason.startswith("needs a Spark cluster") for reason in decided.values())


def test_extraction_of_blocks_continuations_and_inline_spans():
    script = _script()
    readme = "\n".join(
        [
            "```sh",
            "first --a \\",
            "    --b",
            "# a comment",
            "",
            "second",
            "```",
            "```text",
            "dedup cluster PATH... [-o FILE]",
            "```",
            "Run `pip install -e .` or `python benchmarks/x.py --y`, not `dedup.cluster` or `.venv/bin/dedup`.",
        ]
    )
    commands = script.extract_commands(readme)
    assert [(c.text, c.line, c.block) for c in commands] == [
        ("first --a --b", 2, 0),
        ("second", 6, 0),
        ("pip install -e .", 11, None),
        ("python benchmarks/x.py --y", 11, None),
    ]


def test_every_readme_command_after_the_quick_start_runs_here():
    # A copy of the checkout whose .venv is this environment: the README's
    # commands on the seeds (cluster, strip, the index subcommands, the rule
    # catalogue) must exit 0 as written; a command that needs data, a
    # cluster, the package index or minutes is skipped for its stated reason.
    lines: list[str] = []
    status = readme_commands.run(this_environment=True, timeout=300, log=lines.append)
    report = "\n".join(lines)
    assert status == 0, report
    ran = [line for line in lines if line.startswith("ok ")]
    assert any("dedup index add --create --db news.db seeds/" in line for line in ran), report
    assert any("dedup index query --db news.db" in line for line in ran), report
