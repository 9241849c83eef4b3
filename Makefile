# `make run` sets everything up and runs the app on the bundled sample reports (ingested on first
# run) at http://127.0.0.1:7860; `make test` runs the tests; `make lint` checks the style (ruff);
# `make demo` shows the command line.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run demo test lint bench seed-cache clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(PY) app.py

demo: $(STAMP)
	$(PY) -m ingest data/reports
	$(PY) -m ingest --list
	$(PY) -m qa ask "两委交叉任职比例是多少"
	$(PY) -m qa compare "GDP增长目标" --years 2013-2018 --chart var/gdp_target.png

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(PY) -m bench.ingest
	$(PY) -m bench.retrieval
	$(PY) -m bench.answers
	$(PY) -m bench.latency
	$(PY) -m bench.load

# data/embed_cache.sqlite, the bundled reports' vectors that make the first run quick, written anew
seed-cache: $(STAMP)
	$(PY) -m ingest.seed_cache

clean:
	rm -rf var .pytest_cache
