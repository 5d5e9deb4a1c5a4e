# CX Lab — the two commands that matter: `make demo` (the whole pipeline) and `make test`.
# Both create .venv with pip on first use; nothing else needs to be installed by hand.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.cxlab-installed
# pytest-xdist workers: the notebook and grading tests each start their own kernels.
WORKERS ?= auto

.PHONY: setup demo test test-fast lab build data clean help browser sandbox classroom

help:
	@echo "make demo   build the course, grade a class of 7 (one of each kind), export grades (./demo-output)"
	@echo "            (make demo DEMO_LANG=zh-CN: the Chinese course, reports and summary in Chinese)"
	@echo "make test   run every test (unit, notebooks, grading)"
	@echo "make lab    start JupyterLab with classroom settings"
	@echo "make build  release the assignments and regenerate the learner editions"
	@echo "make setup  create .venv and install CX Lab into it"
	@echo "make browser  install Debian's Chromium for the browser tests (tests/e2e)"
	@echo "make classroom  install JupyterHub's proxy (configurable-http-proxy, with npm) for cxlab classroom"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# The kit's own bytecode, once: where PYTHONDONTWRITEBYTECODE is set (as on some CI machines),
	@# every kernel that grades a hand-in would otherwise compile cxlab from source again.
	$(BIN)/python -m compileall -q cxlab
	touch $(STAMP)

# JupyterLab's classroom settings for this environment, so a plain `jupyter lab` gets them too.
SETTINGS := $(VENV)/.cxlab-lab-settings
$(SETTINGS): $(STAMP) cxlab/lab.py
	$(BIN)/python -c 'from cxlab import lab; print("JupyterLab classroom settings:", lab.install_settings())'
	touch $(SETTINGS)

setup: $(STAMP) $(SETTINGS)

# `make demo DEMO_LANG=zh-CN`: the same class through the Chinese course, everything it prints and writes in Chinese.
DEMO_LANG ?= en
demo: $(STAMP) sandbox
	$(BIN)/cxlab demo --lang $(DEMO_LANG)

test: $(STAMP) browser sandbox classroom
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup --durations=30

# Headless Chromium for the browser tests: Debian's package, installed with apt when missing
# (Playwright's browser downloads are never used), with a CJK font for the course's Chinese text.
# Anywhere else nothing is installed and the browser tests skip (CXLAB_REQUIRE_E2E=1 fails them).
CHROMIUM := /usr/bin/chromium
browser:
	@if [ -x $(CHROMIUM) ]; then \
		echo "browser: $(CHROMIUM) is installed"; \
	elif [ -f /etc/debian_version ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update && apt-get install -y --no-install-recommends chromium fonts-wqy-microhei; \
	else \
		echo "browser: no $(CHROMIUM) and not Debian as root; not installing it (the browser tests will be skipped)"; \
	fi

# `cxlab grade` runs learner code inside bubblewrap. On Debian as root (CI) install it when
# missing, so CI exercises the sandbox; anywhere else grading warns once and runs without one.
# .ci/run sets CXLAB_REQUIRE_SANDBOX=1: where bubblewrap still cannot sandbox, the sandbox tests fail.
sandbox:
	@if command -v bwrap >/dev/null 2>&1; then \
		echo "sandbox: bubblewrap is installed"; \
	elif [ -f /etc/debian_version ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get install -y bubblewrap || { apt-get update && apt-get install -y bubblewrap; }; \
	else \
		echo "sandbox: no bubblewrap and not Debian as root; grading will warn and run without a sandbox" \
			"(the sandbox tests skip; CXLAB_REQUIRE_SANDBOX=1 fails them)"; \
	fi

# `cxlab classroom up` runs JupyterHub, whose proxy is the Node program configurable-http-proxy.
# Installed with npm when missing; npm itself comes from Debian's package when we are Debian as root.
# Anywhere else nothing is installed and `cxlab classroom up` says in one line what is missing.
classroom:
	@if command -v configurable-http-proxy >/dev/null 2>&1; then \
		echo "classroom: configurable-http-proxy is installed"; \
	elif [ -f /etc/debian_version ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		command -v npm >/dev/null 2>&1 || { apt-get update && apt-get install -y --no-install-recommends nodejs npm; }; \
		npm install -g configurable-http-proxy; \
	else \
		echo "classroom: no configurable-http-proxy and not Debian as root; not installing it" \
			"(npm install -g configurable-http-proxy; the classroom hub test fails without it)"; \
	fi

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
