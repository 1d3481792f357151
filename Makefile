# Two commands do all set-up: `make demo` and `make test`. Each creates .venv on first use.
PYTHON ?= $(shell for p in python3.12 python3.13 python3 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
            $$p -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench quality constraints clean

# constraints.txt pins what CI and a fresh clone install (regenerate with `make constraints`)
$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { echo "error: Python >= 3.12 not found (set PYTHON=/path/to/python3.12)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c constraints.txt -e '.[test,dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/newsagg demo

test: $(STAMP)
	$(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .

bench: $(STAMP)
	$(VENV)/bin/python -m bench

quality: $(STAMP)
	$(VENV)/bin/newsagg evaluate

constraints: $(STAMP)
	$(VENV)/bin/pip freeze --exclude-editable | grep -v '^newsagg' > constraints.txt

clean:
	rm -rf $(VENV) data build
