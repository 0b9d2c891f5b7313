"""dedup.Config: one validated configuration for every front end."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import dedup
from dedup import Config
from dedup.cli.main import build_parser

TEXT = "Rain is expected across the north on Tuesday, forecasters said, with winds from the west."


def test_defaults_and_derived_bands():
    config = Config()
    assert (config.threshold, config.num_perm, config.ngram, config.seed, config.strip) == (0.6, 128, 3, 1, True)
    assert config.lsh_threshold == dedup.DEFAULT_LSH_THRESHOLD == 0.3  # min(threshold, 0.3) with containment
    assert config.bands == (32, 2)  # datasketch's optimiser for 0.3 and 128 permutations
    assert config.replace(containment=None).lsh_threshold == 0.6
    assert config.bands[0] * config.bands[1] <= config.num_perm
    assert Config(**config.given()) == config


def test_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Config().threshold = 0.7  # type: ignore[misc]


@pytest.mark.parametrize(
    "options, name",
    [
        ({"threshold": 0}, "threshold"),
        ({"threshold": True}, "threshold"),
        ({"num_perm": 1}, "num_perm"),
        ({"ngram": 2.0}, "ngram"),
        ({"seed": 2**32}, "seed"),
        ({"strip": 1}, "strip"),
        ({"containment": 1.5}, "containment"),
        ({"min_words": -1}, "min_words"),
        ({"bands": (64, 4)}, "bands"),
        ({"exact": "yes"}, "exact"),
    ],
)
def test_errors_name_the_parameter(options, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        Config(**options)
    with pytest.raises(ValueError, match=rf"^{name} "):
        dedup.Deduplicator(**options)


def test_keywords_and_config_are_the_same():
    config = Config(threshold=0.7, ngram=4)
    assert dedup.Deduplicator(config=config).settings == dedup.Deduplicator(threshold=0.7, ngram=4).settings
    assert dedup.Deduplicator(0.7, ngram=4).settings == config  # positional threshold, as before
    assert dedup.Deduplicator(config=config, ngram=5).settings == config.replace(ngram=5)
    with pytest.raises(TypeError, match="config must be a dedup.Config"):
        dedup.Deduplicator(config={"threshold": 0.7})


def test_signatures_take_the_configuration_without_a_threshold():
    config = Config(num_perm=64, seed=7)
    by_config = dedup.signatures([TEXT], config=config, workers=1)
    by_keywords = dedup.signatures([TEXT], num_perm=64, seed=7, workers=1)
    assert by_config.shape == (1, 64) and np.array_equal(by_config, by_keywords)
    with pytest.raises(ValueError, match="^num_perm "):
        dedup.signatures([TEXT], num_perm=0)


def test_stored_round_trip_and_differences():
    config = Config(threshold=0.7, exact=False)
    stored = config.to_stored()
    assert Config.from_stored(stored) == config
    assert config.differences(stored) == {}
    assert Config(threshold=0.8).differences(stored)["threshold"] == (0.7, 0.8)
    assert "lsh_weights" not in stored  # not stored: only the bands it chose
    with pytest.raises(ValueError, match="ngram"):
        Config.from_stored({**stored, "ngram": -1})


def test_explain_honours_the_boilerplate_model():
    class DropLine:  # any object with strip(text) is a model to the pipeline
        def strip(self, text: str) -> str:
            return "\n".join(line for line in text.splitlines() if line != "DROP ME")

    a, b = TEXT + "\nDROP ME", TEXT
    assert dedup.explain(a, b, strip=False).jaccard < 1.0
    assert dedup.explain(a, b, strip=False, boilerplate_model=DropLine()).jaccard == 1.0


def test_command_line_options_come_from_the_configuration():
    args = build_parser().parse_args(["cluster", "x.txt"])
    for name, _, default, _ in Config.command_line():
        assert getattr(args, name) == default
    args = build_parser().parse_args(["index", "add", "--db", "x.db", "x.txt", "--no-strip"])
    assert args.strip is False and args.threshold is None
