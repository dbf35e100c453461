# The commands the README names. Each works on a fresh machine that has only
# python3: the first one creates .venv and installs the pinned dependencies.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8866
# pytest-xdist: one worker per CPU; a file's tests stay in one worker (a notebook's cells share
# its kernel, a browser test file its server). PARALLEL= runs in one process.
PARALLEL ?= -n logical --dist loadfile

.PHONY: install lab test notebooks present lint bench constraints clean

install: $(STAMP)

$(STAMP): requirements/runtime.txt requirements/dev.txt requirements/constraints.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements/dev.txt -c requirements/constraints.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## lab: open the course in JupyterLab, starting at the index notebook
# Jupyter refuses to run as root (containers, CI machines) unless told to.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: install
	@$(if $(ALLOW_ROOT),echo "make lab: running as root: adding --allow-root (Jupyter refuses to run as root without it)",:)
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) --LabApp.default_url=/lab/tree/00_index.ipynb notebooks/00_index.ipynb

## test: everything CI runs: lint, format, unit, property and doctests (slow ones included), the notebooks under nbval; then the same on the oldest versions
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(PARALLEL)
	$(MAKE) test-oldest

## test-fast: the inner loop, under a minute: unit tests and doctests of the library and the explorers, no slow test, notebook or browser; hypothesis at 10 examples
.PHONY: test-fast
test-fast: install
	HYPOTHESIS_PROFILE=fast $(PY) -m pytest $(PARALLEL) -q -m "not slow" --ignore=tests/browser tests infotheory_lib

## test-oldest: the suite without its slow tests, and every notebook, in .venv-oldest, on pyproject's floors (requirements/oldest.txt)
# The slow tests (exhaustive sweeps, repeated training runs, wheel builds) test our
# code, which the main suite already does; the floors are checked by every unit and
# doctest, every notebook (which run the training experiments) and the browser tests.
# The static site's test is left out: the site is built with CI's pinned Sphinx,
# not with the library's dependencies. Voila's browser tests skip (not installed).
OLDEST       := .venv-oldest
OLDEST_PY    := $(OLDEST)/bin/python
OLDEST_STAMP := $(OLDEST)/.installed

.PHONY: install-oldest test-oldest

install-oldest: $(OLDEST_STAMP)

$(OLDEST_STAMP): requirements/oldest.txt pyproject.toml
	test -x $(OLDEST_PY) || $(PYTHON) -m venv $(OLDEST)
	$(OLDEST_PY) -m pip install --quiet -r requirements/oldest.txt
	$(OLDEST_PY) -m pip install --quiet --no-deps -e .
	touch $(OLDEST_STAMP)

test-oldest: install-oldest
	$(OLDEST_PY) -m pytest $(PARALLEL) -m "not slow" --ignore=tests/browser/test_site.py

## notebooks: re-execute every notebook in place (stored outputs for GitHub)
notebooks: install
	$(PY) tools/execute_notebooks.py notebooks/*.ipynb

## present: serve the notebooks as code-free apps with Voila (classroom mode): prints the URL with the
## classroom code; PRESENT_LAN=1 for the classroom network, PRESENT_TOKEN=... to choose the code
present: install
	$(PY) tools/present.py --port $(PORT)

## site: the static course website from the stored notebooks (nothing executed), in build/site/html/
# Sphinx + myst-nb; MathJax is served by the site itself (npm ci in site/ on first use).
.PHONY: site
site: install
	$(PY) tools/build_site.py

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) benchmarks/library.py

## constraints: re-freeze the transitive pins after editing requirements/runtime.txt or dev.txt
constraints: install
	$(PY) -m pip freeze --all --exclude-editable | grep -vi '^infotheory\|^pip==' > requirements/constraints.body
	{ echo "# Transitive pins: every package CI installs, frozen from a working install."; \
	  echo "# Regenerate with \`make constraints\` after changing requirements/runtime.txt or dev.txt."; \
	  cat requirements/constraints.body; } > requirements/constraints.txt
	rm requirements/constraints.body

clean:
	rm -rf $(VENV) $(OLDEST) .pytest_cache .hypothesis .ruff_cache test-artifacts
