"""Des cas que l'on ne peut pas écrire une fois pour toutes dans tests/cas_situations/ : ceux
des années provisoires. Leurs valeurs changent à la publication de l'année ; les tests les
lisent donc dans les barèmes (l'année relue dont elles viennent), et un éditeur qui publie une
année n'a aucun test à modifier.
"""

from __future__ import annotations

from typing import Any

from calculator.bareme import Bareme


def cas_du_montant_connu_provisoire(baremes: dict[str, Bareme]) -> list[dict[str, Any]]:
    """Pour chaque année provisoire : l'échelon 3 sur 10 mois, au montant de l'année relue."""
    cas = []
    for annee, bareme in sorted(baremes.items()):
        if bareme.statut != "provisoire":
            continue
        relue = bareme.annee_relue
        taux = baremes[relue].montants_10_mois["3"]
        cas.append(
            {
                "nom": f"Échelon 3 en {annee}, barème provisoire : montant repris de {relue}",
                "situation": {"annee_universitaire": annee, "echelon": "3", "duree_versement": 10},
                "attendu": {
                    "statut_bareme": "provisoire",
                    "montant_annuel": taux,  # le taux annuel sur 10 mois de l'année relue
                    "montant_mensuel": taux / 10,
                    "raison_contient": "10 mensualités",
                },
            }
        )
    return cas
