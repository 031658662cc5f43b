"""Fixtures communes : les barèmes du dépôt, chargés comme le fait build.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import calculator
from construction import baremes_yaml

# Les tests de propriétés vérifient des règles, pas des durées : sur une machine partagée (CI,
# VM à 2 cœurs), une génération lente ou un exemple lent ne doivent pas faire échouer la suite.
# La vitesse se mesure dans bench/.
settings.register_profile("echelon", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("echelon")

RACINE = Path(__file__).resolve().parent.parent
DOSSIER_CAS = RACINE / "tests" / "cas"


@pytest.fixture(scope="session")
def donnees_baremes() -> dict[str, dict[str, Any]]:
    """Le contenu vérifié de chaque barèmes/<année>.yaml, par année."""
    baremes, erreurs = baremes_yaml.charger_baremes(baremes_yaml.fichiers_de_baremes())
    assert not erreurs, "\n".join(map(str, erreurs))
    return baremes


@pytest.fixture(scope="session")
def baremes(donnees_baremes) -> dict[str, calculator.Bareme]:
    """Les barèmes prêts pour le calcul, par année."""
    return calculator.baremes_depuis_donnees({"baremes": donnees_baremes})
