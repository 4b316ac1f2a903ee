# sitrep: `make demo` runs the main job on examples/, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
SHARED_DATA ?= ../shared/data
OUT ?= out

.PHONY: install demo test lint eval bench bench-places bench-ingest fuzz clean

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

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/mypy src/sitrep

test: lint
	scripts/with_postgres.sh $(BIN)/pytest
	@if [ -d $(SHARED_DATA) ]; then \
		echo "gold data found at $(SHARED_DATA): checking evaluation floors"; \
		$(BIN)/sitrep eval all --data $(SHARED_DATA) --gate; \
	else echo "no $(SHARED_DATA): evaluation floors not checked"; fi

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

clean:
	rm -rf $(OUT) $(VENV)
