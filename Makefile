# Échelon : les deux commandes du README, et ce qu'elles installent.
#   make serve   construit et sert le site en local (installe d'abord ce qu'il faut)
#   make test    lance toute la suite de tests (installe d'abord ce qu'il faut)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installe

.PHONY: serve test lint install clean

# Environnement Python du projet : recréé quand pyproject.toml change.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 ou plus récent est requis"'
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { echo "Il manque le module venv : apt-get install -y python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[site,test]'
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	bash .ci/installer-paquets npm
	$(BIN)/python build.py servir

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP)
	$(BIN)/ruff check .
	bash .ci/installer-paquets npm chromium
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) public .pytest_cache .ruff_cache .hypothesis
