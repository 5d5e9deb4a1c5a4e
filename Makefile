# CX Lab — the two commands that matter: `make demo` (the whole pipeline) and `make test`.
# Both create .venv with pip on first use; nothing else needs to be installed by hand.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.cxlab-installed
# pytest-xdist workers: the notebook and grading tests each start their own kernels.
WORKERS ?= auto

.PHONY: setup demo test test-fast lab build data clean help

help:
	@echo "make demo   build the course, grade a demo class, export grades (./demo-output)"
	@echo "make test   run every test (unit, notebooks, grading)"
	@echo "make lab    start JupyterLab with classroom settings"
	@echo "make build  release the assignments and regenerate the learner editions"
	@echo "make setup  create .venv and install CX Lab into it"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/cxlab demo

test: $(STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup

# Unit tests and doctests only: seconds, for the edit-run loop.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not e2e"

lab: $(STAMP)
	$(BIN)/cxlab lab

build: $(STAMP)
	$(BIN)/cxlab build

data: $(STAMP)
	$(BIN)/cxlab data

clean:
	rm -rf demo-output course/release course/submitted course/autograded course/feedback course/gradebook.db
