"""Les cas de tests/cas/<année>.yaml, passés au calculateur par l'interface JSON.

Les mêmes fichiers servent aux tests dans Pyodide et dans le navigateur (`cas_de_test.py`)."""

from __future__ import annotations

import pytest

import calculator
from tests.cas_de_test import CAS, comparer


def test_chaque_annee_a_au_moins_quinze_cas():
    par_annee: dict[str, int] = {}
    for cas in CAS:
        par_annee[cas.annee] = par_annee.get(cas.annee, 0) + 1
    assert par_annee, "aucun cas dans tests/cas/"
    for annee in (f"{a}-{a + 1}" for a in range(2019, 2026)):
        assert par_annee.get(annee, 0) >= 15, annee


@pytest.mark.parametrize("cas", CAS, ids=lambda c: f"{c.annee} · {c.nom}")
def test_cas(cas, baremes):
    valide, resultat = calculator.calculer(cas.entree, baremes)
    assert valide, resultat
    assert comparer(cas.attendu, resultat) == []
