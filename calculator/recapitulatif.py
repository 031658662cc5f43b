"""Le récapitulatif d'une estimation, pour le papier (ou un PDF) qu'un étudiant garde ou montre à
une assistante sociale du Crous : la situation telle qu'il l'a indiquée, et la date des données.

Clé `presentation.recapitulatif` (docs/interface.md). Les libellés des réponses aux étapes
facultatives sont ceux des questions (`questions.py`) : la page imprime ce qu'elle a demandé,
dans ses mots.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .bareme import Bareme
from .format import date_longue, euros, nombre
from .points_de_charge import tranche_d_eloignement
from .questions import BOOLEEN, DATE, ENTIER, QUESTIONS, Question
from .situation import BLOCS_FACULTATIFS, INTITULES, Situation

Ligne = dict[str, str]


def recapitulatif(
    resultat: dict[str, Any],
    bareme: Bareme,
    situation: Situation,
    distance_lue: bool,
    reponses: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """La situation indiquée (formulaire principal, puis chaque étape facultative répondue) et
    la phrase qui date les données du barème."""
    return {
        "titre": "Votre situation",
        "lignes": [
            *_formulaire_principal(resultat, bareme, situation, distance_lue),
            *_reponses_aux_etapes(reponses),
        ],
        "donnees": donnees(bareme),
    }


def _oui_non(valeur: bool) -> str:
    """Une case du formulaire principal, dite comme les boutons des étapes."""
    return "Oui" if valeur else "Non"


def _distance(resultat: dict[str, Any], bareme: Bareme, situation: Situation, lue: bool) -> str:
    """La distance tapée, ou la tranche choisie (dont la borne basse n'est pas une distance)."""
    if lue:
        return f"{nombre(situation.distance_km)} km"
    points = next(
        (d["points"] for d in resultat["detail_points_de_charge"] if d["regle"] == "eloignement"),
        0,
    )
    return f"{tranche_d_eloignement(points, bareme)} (tranche choisie)"


def _formulaire_principal(
    resultat: dict[str, Any], bareme: Bareme, situation: Situation, distance_lue: bool
) -> list[Ligne]:
    """Les réponses du formulaire principal, dans son ordre ; l'avis d'où vient le revenu est
    celui que le barème de l'année désigne."""
    avis = bareme.revenus_pris_en_compte
    reponses = {
        "annee_universitaire": situation.annee_universitaire,
        "revenu_brut_global": f"{euros(situation.revenu_brut_global)} (avis d'imposition "
        f"{avis.annee_de_l_avis_d_imposition}, revenus {avis.annee_des_revenus})",
        "distance_km": _distance(resultat, bareme, situation, distance_lue),
        "enfants_a_charge": nombre(situation.enfants_a_charge),
        "dont_etudiants_superieur": nombre(situation.dont_etudiants_superieur),
        "handicap": _oui_non(situation.handicap),
        "aidant": _oui_non(situation.aidant),
    }
    return [{"question": INTITULES[cle], "reponse": reponse} for cle, reponse in reponses.items()]


def _reponses_aux_etapes(reponses: dict[str, dict[str, Any]]) -> list[Ligne]:
    """Chaque réponse donnée aux étapes, dans l'ordre des questions ; une clé absente n'a pas
    de ligne (« non indiqué » n'est pas une réponse de l'étudiant)."""
    lignes = []
    for bloc in BLOCS_FACULTATIFS:
        donnees_du_bloc = reponses.get(bloc) or {}
        for q in QUESTIONS[bloc]:
            if q.cle in donnees_du_bloc and donnees_du_bloc[q.cle] is not None:
                lignes.append(
                    {"question": q.question, "reponse": reponse(q, donnees_du_bloc[q.cle])}
                )
    return lignes


def reponse(q: Question, valeur: Any) -> str:
    """Une réponse écrite comme le formulaire la propose : le libellé d'un choix, le bouton
    « oui » ou « non » de la question, une date en toutes lettres, un nombre et son unité."""
    if q.type == BOOLEEN:
        return q.oui if valeur else q.non
    if q.choix:
        libelles = {c.valeur: c.libelle for c in q.choix}
        return libelles.get(str(valeur), str(valeur))
    if q.type == DATE:
        return date_longue(valeur)
    if q.type == ENTIER and isinstance(valeur, int | Decimal):
        return f"{nombre(valeur)} {q.unite}".rstrip()
    return str(valeur)


def donnees(bareme: Bareme) -> str:
    """La date des données : la dernière relecture d'un barème publié, ou d'où viennent les
    valeurs d'un barème provisoire."""
    annee = bareme.annee_universitaire
    if bareme.statut == "provisoire":
        return (
            f"Barème {annee} provisoire : valeurs reprises de {bareme.annee_relue}, en "
            f"attendant les textes de {annee}."
        )
    if bareme.derniere_verification:
        return (
            f"Barème {annee} : textes relus par Échelon, dernière vérification le "
            f"{date_longue(bareme.derniere_verification)}."
        )
    return f"Barème {annee} : textes relus par Échelon."
