# Two commands do all of their own set-up: `make synth` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-dev

.PHONY: synth test lint bench clean install

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Synthesize the example app named in cdk.json into cdk.out/ and summarize it.
synth: $(STAMP)
	$(PY) -m tools.synth

## ruff, mypy --strict on cdk_backup/, then the whole test suite.
test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m cdk_backup.run -m pytest -n 2

## Synthesis speed against aws-cdk-lib and the plain-CfnResource floor.
bench: $(STAMP)
	$(PY) -m cdk_backup.run benchmarks/run.py

clean:
	rm -rf $(VENV) cdk.out .mypy_cache .ruff_cache
