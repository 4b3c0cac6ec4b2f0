# The two commands of the README: `make run` (set up, migrate, seed the demo, serve) and `make test`.
SHELL := /bin/bash
UV_VERSION := 0.13.9
UV := .uv/bin/uv
VENV := .venv/bin

.PHONY: run test setup lint check-postgres

$(UV):
	python3 -m venv .uv
	.uv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

setup: $(UV)
	$(UV) sync --frozen --quiet
	npm ci --no-audit --no-fund --loglevel=error

run: setup
	BAOCAO_DEMO=1 $(VENV)/baocao db upgrade
	BAOCAO_DEMO=1 $(VENV)/baocao demo
	BAOCAO_DEMO=1 $(VENV)/baocao serve

lint: setup
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/mypy

test: lint
	$(VENV)/pytest -q
