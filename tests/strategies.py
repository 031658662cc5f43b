"""Stratégies hypothesis des blocs facultatifs, tirées de la déclaration des questions
(calculator/questions.py) : une question ajoutée y est tirée au hasard sans rien écrire ici."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from calculator.blocs import lire_complements
from calculator.questions import BOOLEEN, CHOIX, ENTIER, QUESTIONS, Question

ANNEE_DE_RENTREE_MINIMALE = 2019
"""La plus ancienne rentrée des barèmes (2019-2020) : une date de naissance tirée la précède
d'au moins dix ans."""


def valeur_de(q: Question) -> st.SearchStrategy:
    """Une valeur que l'interface accepte pour la question `q`."""
    if q.type == BOOLEEN:
        return st.booleans()
    if q.type == CHOIX:
        return st.sampled_from(q.valeurs)
    if q.type == ENTIER:
        return st.integers(q.minimum, q.maximum)
    return st.dates(date(1950, 1, 1), date(ANNEE_DE_RENTREE_MINIMALE - 10, 12, 31)).map(
        date.isoformat
    )


def sans_contradiction(nom: str, bloc: dict) -> dict:
    """Le bloc sans les clés que l'interface refuse ensemble (âge et date de naissance, première
    demande et droits déjà utilisés…) : on retire chaque clé qu'une erreur nomme."""
    bloc = dict(bloc)
    while True:
        _, erreurs = lire_complements({nom: bloc}, ANNEE_DE_RENTREE_MINIMALE)
        fautives = {e.champ.split(".", 1)[1] for e in erreurs if e.champ.startswith(nom + ".")}
        if not fautives:
            return bloc
        for cle in fautives:
            bloc.pop(cle, None)


def bloc_facultatif(nom: str) -> st.SearchStrategy:
    """Un bloc `nom` : chaque clé absente ou valide, sans contradiction."""
    cles = {q.cle: valeur_de(q) for q in QUESTIONS[nom]}
    return st.fixed_dictionaries({}, optional=cles).map(lambda bloc: sans_contradiction(nom, bloc))
