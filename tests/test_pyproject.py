"""pyproject.toml: setuptools reads it without a deprecation warning (e.g. a `project.license` table)."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_pyproject_reads_without_warnings():
    pyprojecttoml = pytest.importorskip("setuptools.config.pyprojecttoml")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        config = pyprojecttoml.read_configuration(PYPROJECT, expand=True)
    assert config["project"]["license"] == "MIT"          # an SPDX expression, not a table
    assert [str(w.message).splitlines()[0] for w in caught] == []
