"""Tests générés aux bornes : pour chaque année, chaque ligne de 0 à 17 points et chaque échelon,
un revenu égal au plafond donne cet échelon ; un euro de plus donne l'échelon inférieur (ou rien).
Les situations passent par l'interface JSON, comme celles du site."""

from __future__ import annotations

import pytest

import calculator
from calculator.bareme import ECHELONS
from construction import baremes_yaml

BAREMES, _ = baremes_yaml.charger_baremes(baremes_yaml.fichiers_de_baremes())


def situation_a_points(annee: str, points: int, revenu: int) -> dict:
    """Une situation qui vaut exactement `points` points de charge, sans handicap ni aidant :
    1 point d'éloignement (40 km) si le total est impair, 2 points par autre enfant à charge."""
    return {
        "annee_universitaire": annee,
        "revenu_brut_global": revenu,
        "distance_km": 40 if points % 2 else 0,
        "enfants_a_charge": points // 2,
        "dont_etudiants_superieur": 0,
    }


CAS = [
    (annee, points, rang)
    for annee in sorted(BAREMES)
    for points in range(18)
    for rang in range(len(ECHELONS))
]


@pytest.mark.parametrize(("annee", "points", "rang"), CAS, ids=lambda x: str(x))
def test_revenu_egal_au_plafond_puis_un_euro_de_plus(annee, points, rang):
    echelon = ECHELONS[rang]
    plafond = BAREMES[annee].plafonds[points][echelon]

    valide, au_plafond = calculator.calculer(situation_a_points(annee, points, plafond), BAREMES)
    assert valide
    assert au_plafond["points_de_charge"] == points
    assert au_plafond["echelon"] == echelon
    assert au_plafond["plafond"] == plafond
    assert au_plafond["marges"]["hausse_possible"] == 0

    valide, au_dessus = calculator.calculer(situation_a_points(annee, points, plafond + 1), BAREMES)
    assert valide
    attendu = ECHELONS[rang - 1] if rang > 0 else None
    assert au_dessus["echelon"] == attendu
    if attendu is None:
        assert au_dessus["montant_annuel"] == 0
        assert au_dessus["marges"] == {
            "hausse_possible": None,
            "echelon_superieur": "0bis",
            "baisse_necessaire": 1,
        }
    else:
        assert au_dessus["marges"]["baisse_necessaire"] == 1
