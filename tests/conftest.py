"""Fixtures communes : les barèmes du dépôt, chargés comme le fait build.py."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import calculator
from construction import baremes_yaml, projet
from construction.yaml_strict import Erreur
from tests.site_construit import construction

# Les tests de propriétés vérifient des règles, pas des durées : sur une machine partagée (CI,
# VM à 2 cœurs), une génération lente ou un exemple lent ne doivent pas faire échouer la suite.
# La vitesse se mesure dans bench/.
settings.register_profile("echelon", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("echelon")

RACINE = Path(__file__).resolve().parent.parent
DOSSIER_CAS = RACINE / "tests" / "cas"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Vérifie les barèmes du dépôt avant tout test. Une faute de frappe arrête la session sur
    un seul bloc, les messages de « python build.py verifier », au lieu de faire échouer des
    centaines de tests qui chargent les barèmes (et d'enfouir le message dans le journal)."""
    baremes, erreurs = baremes_yaml.charger_baremes(baremes_yaml.fichiers_de_baremes())
    if erreurs:
        print(rapport_des_erreurs(erreurs), file=sys.stderr)
        pytest.exit(
            "Les barèmes ont des erreurs : corrigez-les d'abord (messages ci-dessus, les mêmes "
            "que « python build.py verifier »)",
            returncode=1,
        )
    # Les barèmes compilés du paquet (non versionnés) : ceux de barèmes/, comme après build.py.
    baremes_yaml.ecrire_si_change(projet.DONNEES_DU_PAQUET, baremes_yaml.donnees_compilees(baremes))


def rapport_des_erreurs(erreurs: list[Erreur]) -> str:
    """Les erreurs des barèmes, une par ligne comme dans « python build.py verifier »."""
    pluriel = "s" if len(erreurs) > 1 else ""
    return "\n".join(
        [
            "\nVérification des barèmes avant les tests :",
            *map(str, erreurs),
            f"{len(erreurs)} problème{pluriel} : aucun test n'a été lancé.",
        ]
    )


@pytest.fixture(scope="session")
def donnees_baremes() -> dict[str, dict[str, Any]]:
    """Le contenu vérifié de chaque barèmes/<année>.yaml tel que le fichier l'écrit, par année :
    pour les tests du format (schéma, contrôles, sérialisation), pas pour ceux des pages."""
    contenus, erreurs = baremes_yaml.contenus_verifies(baremes_yaml.fichiers_de_baremes())
    assert not erreurs, "\n".join(map(str, erreurs))
    return contenus


@pytest.fixture(scope="session")
def baremes() -> dict[str, calculator.Bareme]:
    """Les barèmes du dépôt, par année, tels que le chargeur les rend à build.py."""
    baremes, erreurs = baremes_yaml.charger_baremes(baremes_yaml.fichiers_de_baremes())
    assert not erreurs, "\n".join(map(str, erreurs))
    return baremes


@pytest.fixture(scope="session")
def site_construit(request: pytest.FixtureRequest) -> Path:
    """Le dossier du site complet, construit une fois par session par `build.construire`."""
    resultat = construction(request.config)
    if resultat.erreur is not None or resultat.dossier is None:
        pytest.fail(resultat.erreur or "site non construit", pytrace=False)
    return resultat.dossier
