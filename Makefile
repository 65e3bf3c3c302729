# Two entry points for a fresh machine: `make demo` and `make test`.
# Each builds its own virtualenv from the pinned lock file (spaCy model included).

PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PARLEY  = $(VENV)/bin/parley
STAMP   = $(VENV)/.installed-stamp
DEMO_DB = out/demo.db

.PHONY: install demo test lint fuzz bench eval-dev clean browser

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## Run the whole pipeline on the bundled example corpus with the embedded store.
demo: $(STAMP)
	@mkdir -p out && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(PARLEY) --db $(DEMO_DB) --quiet ingest examples
	$(PARLEY) --db $(DEMO_DB) --quiet extract
	$(PARLEY) --db $(DEMO_DB) articles
	$(PARLEY) --db $(DEMO_DB) timeline --pair USA-CHN
	$(PARLEY) --db $(DEMO_DB) index --by month --output out/index.png
	$(PARLEY) --db $(DEMO_DB) ledger --output out/ledger.png
	@echo
	@echo "Open the demo store in the dashboard: $(PARLEY) --db $(DEMO_DB) serve   (then http://127.0.0.1:8000/)"

## Run the whole test suite (unit, integration, the evaluation gate and the browser test).
test: $(STAMP) browser
	$(PY) -m pytest

## Fuzz every reader with 10,000 random inputs (the extractor with 2,000); prints the counts.
fuzz: $(STAMP)
	$(PY) -m pytest -m fuzz --hypothesis-profile=fuzz -p no:cacheprovider -W ignore::DeprecationWarning \
		tests/ingest/test_fuzz_readers.py tests/extract/test_fuzz_extract.py

## Headless Chromium and its driver for the browser test (Debian packages; needs root).
## Where they cannot be installed the browser test skips and says why.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends chromium chromium-driver >/dev/null) \
	      || echo "could not install chromium: the browser test will be skipped"; \
	  else echo "chromium not installed (needs root and apt-get): the browser test will be skipped"; fi; \
	fi

## Score the development set of real articles (needs its text cache; see eval/devset/README.md).
eval-dev: $(STAMP)
	$(PY) eval/devset/devset.py run

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy src

bench: $(STAMP)
	$(PY) benchmarks/bench_ingest.py
	$(PY) benchmarks/bench_extract.py --pool --ungated
	$(PY) benchmarks/bench_extract.py --on-topic-every 1 --n 300 --words 600-900 --ungated
	$(PY) benchmarks/bench_scale.py
	$(PY) benchmarks/bench_serve.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
