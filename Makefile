# The two commands of the README:
#   make serve   build the book's three editions (executing notebooks, with caches) and serve them on localhost
#   make test    run every test
# Both create what they need from nothing: Debian packages, a virtual environment, the package.

PYTHON      ?= python3.11
VENV        := .venv
BIN         := $(VENV)/bin
PORT        ?= 8000
HOST        ?= 127.0.0.1
PYTEST_ARGS ?=

.PHONY: serve book test env clean hub help wheelhouse editions locales locales-status locales-check

help:
	@echo "make serve   build the English, French and Spanish editions and serve them on http://$(HOST):$(PORT)"
	@echo "make test    run the whole test suite"
	@echo "make hub     start a workshop JupyterHub on this machine"
	@echo "make editions  build the English, French and Spanish editions into _build/site"
	@echo "make locales   re-extract the English texts and update locales/*/LC_MESSAGES (changed texts become fuzzy)"

# Debian packages, listed in system-packages/<purpose>.txt. Installs only what is
# missing; as root directly, otherwise through sudo.
.PRECIOUS: .make/system-packages-%
system-packages-%: .make/system-packages-%
	@true
.make/system-packages-%: system-packages/%.txt
	@mkdir -p .make
	@missing=$$(grep -vE '^\s*(#|$$)' $< | while read p cmd; do \
	  if [ -n "$$cmd" ] && command -v $$cmd >/dev/null; then continue; fi; \
	  dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@touch $@

env: $(VENV)/.installed node_modules/.installed $(VENV)/wheelhouse/.complete
# Front-end assets the book serves itself (no page loads anything from the internet).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@
$(VENV)/.installed: pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"
	@touch $@

# Wheels of the core dependencies, with pandas 3 and with pandas 2, fetched once here so that
# tests/test_wheel_install.py can install the toolbox into fresh venvs with no network.
wheelhouse: $(VENV)/wheelhouse/.complete
$(VENV)/wheelhouse/.complete: $(VENV)/.installed
	$(BIN)/python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > $(VENV)/core-requirements.txt
	$(BIN)/python -m pip download -q -d $(VENV)/wheelhouse -r $(VENV)/core-requirements.txt
	$(BIN)/python -m pip download -q -d $(VENV)/wheelhouse -r $(VENV)/core-requirements.txt "pandas<3"
	@touch $@

book: system-packages-book env
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going --builder html

# The three editions (/en/, /fr/, /es/) from the same sources, each with its own execution
# cache, and a root page that opens the reader's language (m4d.i18n.editions).
EDITIONS_JOBS ?= 1
editions: system-packages-book env
	$(BIN)/m4d locales editions --jobs $(EDITIONS_JOBS)

serve: editions
	@echo "Serving the book on http://$(HOST):$(PORT)/ (en/, fr/, es/; Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory _build/site

# Translations (locales/README.md): re-extract, merge into every catalogue, report; check markup and termbase.
locales: env
	$(BIN)/m4d locales update
locales-status: env
	$(BIN)/m4d locales status
locales-check: env
	$(BIN)/m4d locales check

# A workshop JupyterHub on this machine (as root: it makes one account per participant).
# Binds to $(HOST) (127.0.0.1 by default); see deploy/hub/README.md to expose it safely.
HUB_PORT    ?= 8100
hub: system-packages-hub env
	$(BIN)/m4d hub start --host $(HOST) --port $(HUB_PORT) $(HUB_ARGS)

# Two workers, each taking whole files (nbval's cells stay in one kernel), in collection order
# (tests/conftest.py starts the longest files first): see CONTRIBUTING.md, "Test suite timing".
# The slowest tests are listed at the end, so that a CI log tells where the time went.
test: system-packages-book system-packages-test system-packages-hub env
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=30 $(PYTEST_ARGS)

clean:
	rm -rf _build .make
