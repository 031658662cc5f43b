"""Calculateur de la bourse d'enseignement supérieur sur critères sociaux (Crous).

Python pur, bibliothèque standard seulement, sans entrée-sortie : le même code tourne à la
construction du site (CPython) et dans le navigateur (Pyodide). Les barèmes arrivent sous forme
de dicts (depuis le YAML à la construction, depuis le JSON émis par la construction ailleurs).

Points d'entrée :
- `calculer(entree, baremes)` / `calculer_json(texte, baremes)` : l'interface JSON (une
  situation et ses blocs facultatifs, ou un échelon connu) ;
- `montant_depuis_echelon(annee, echelon, duree_versement, baremes)` : le montant exact d'un
  échelon connu (10 ou 12 mensualités) ;
- `estimer(situation, bareme)` : le calcul sur des objets Python ;
- `verifier_bareme(donnees)` : les contrôles d'un fichier de barème ;
- `lire_montant(texte)` : un montant tel qu'un étudiant le tape.
"""

from .bareme import ECHELONS, Bareme, bareme_depuis_dict
from .estimation import Estimation, estimer
from .interface import (
    baremes_depuis_donnees,
    calculer,
    calculer_json,
    montant_depuis_echelon,
)
from .saisie import MontantIllisible, lire_montant
from .situation import Situation

__version__ = "0.1.0"


def __getattr__(nom: str):
    """`verifier_bareme` et `Probleme` ne servent qu'à la construction : chargés à la demande."""
    if nom in ("verifier_bareme", "Probleme"):
        from . import verification

        return getattr(verification, nom)
    raise AttributeError(f"module 'calculator' has no attribute {nom!r}")


__all__ = [
    "ECHELONS",
    "Bareme",
    "Estimation",
    "MontantIllisible",
    "Probleme",
    "Situation",
    "bareme_depuis_dict",
    "baremes_depuis_donnees",
    "calculer",
    "calculer_json",
    "estimer",
    "lire_montant",
    "montant_depuis_echelon",
    "verifier_bareme",
]
