# sitrep: `make demo` runs the main job on examples/, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
SHARED_DATA ?= ../shared/data
OUT ?= out

.PHONY: install demo test lint eval bench bench-places bench-ingest fuzz clean chromium screenshots bench-web

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/sitrep setup
	touch $@

demo: install
	mkdir -p $(OUT)
	$(BIN)/sitrep ingest examples/ --db $(OUT)/demo.sqlite
	$(BIN)/sitrep stats --db $(OUT)/demo.sqlite
	$(BIN)/sitrep events --db $(OUT)/demo.sqlite --format table --newest-first --limit 20
	$(BIN)/sitrep events --db $(OUT)/demo.sqlite --format csv -o $(OUT)/events.csv
	$(BIN)/sitrep events --db $(OUT)/demo.sqlite --format jsonl -o $(OUT)/events.jsonl
	$(BIN)/sitrep events --db $(OUT)/demo.sqlite --format geojson -o $(OUT)/events.geojson
	$(BIN)/sitrep incidents --db $(OUT)/demo.sqlite --format table --most-reported-first --limit 20
	$(BIN)/sitrep incidents --db $(OUT)/demo.sqlite --format jsonl -o $(OUT)/incidents.jsonl
	@echo "To look at the demo events in a browser: $(BIN)/sitrep serve --db $(OUT)/demo.sqlite  (then open http://127.0.0.1:8000/)"

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/mypy src/sitrep

test: lint chromium
	scripts/with_postgres.sh $(BIN)/pytest
	@if [ -d $(SHARED_DATA) ]; then \
		echo "gold data found at $(SHARED_DATA): checking evaluation floors"; \
		$(BIN)/sitrep eval all --data $(SHARED_DATA) --gate; \
	else echo "no $(SHARED_DATA): evaluation floors not checked"; fi

# The browser tests drive Debian's chromium (never a browser download); install it when missing.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian's chromium for the browser tests"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "no /usr/bin/chromium: browser tests are skipped (sudo apt-get install -y chromium)"; fi

eval: install
	$(BIN)/sitrep eval all --data $(SHARED_DATA)

bench: install
	scripts/with_postgres.sh $(BIN)/python -m sitrep.bench $(SHARED_DATA) --repeat 3

bench-places: install
	$(BIN)/python -m sitrep.geo.bench $(SHARED_DATA)/voa_stories/voa_stories.jsonl --repeat 3

bench-ingest: install
	$(BIN)/python -m sitrep.bench_ingest --mb 2.25
	$(BIN)/python -m sitrep.bench_ingest --mb 50

fuzz: install
	SITREP_FUZZ_CASES=10000 $(BIN)/pytest tests/test_fuzz.py

# Screenshots of the page on the demo database, for the README and docs/web.md.
screenshots: demo chromium
	$(BIN)/python scripts/screenshots.py --db $(OUT)/demo.sqlite --out docs/screenshots

# Latency of the API and first render of the page on a generated 100,000-event database.
bench-web: install chromium
	$(BIN)/python scripts/bench_web.py --events 100000 --db $(OUT)/bench-100k.sqlite

clean:
	rm -rf $(OUT) $(VENV)
