"""Les blocs facultatifs de l'entrée (`eligibilite`, `ressources`, `versement`, `outre_mer`,
`aides`) et l'entrée « montant depuis un échelon connu » : lecture et contrôle.

Chaque clé d'un bloc est facultative : une clé absente (ou `null`) veut dire « non indiqué », et
les règles répondent alors « à vérifier », jamais « remplie ». Une valeur du mauvais type, hors
des valeurs permises, une clé inconnue ou deux réponses contradictoires donnent une erreur en
français dont le champ est « bloc.cle ». Les clés, leurs types et leurs valeurs sont déclarés
une fois, dans `questions.py` : ce module en tire ses classes et ses lecteurs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, make_dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from .bareme import ECHELONS
from .questions import BOOLEEN, CHOIX, DATE, ENTIER, QUESTIONS, Question, question
from .questions import COM as COM  # lu par versement.py
from .questions import DROM as DROM
from .situation import ErreurDeSaisie

BLOCS_FACULTATIFS = tuple(QUESTIONS)
"""Les blocs facultatifs, dans l'ordre de l'interface."""

# Valeurs permises des clés à choix, dans l'ordre où les règles les examinent (tirées des
# questions : calculator/questions.py les déclare une fois).
DIPLOMES = question("eligibilite.diplome").valeurs
NATIONALITES = question("eligibilite.nationalite").valeurs
CONDITIONS_UE = question("eligibilite.condition_ue_eee_suisse").valeurs
STATUTS_ETRANGER = question("eligibilite.statut_etranger").valeurs
FORMATIONS = question("eligibilite.formation").valeurs
ETABLISSEMENTS = question("eligibilite.etablissement").valeurs
CYCLES = question("eligibilite.cycle").valeurs
RESSOURCES_DU_COUPLE = question("ressources.ressources_du_couple").valeurs
SITUATIONS_DES_PARENTS = question("ressources.situation_des_parents").valeurs
SITUATIONS_MAINTIEN = question("versement.situation_maintien").valeurs
LIEUX_DES_ETUDES = question("outre_mer.lieu_des_etudes").valeurs
LICENCES = question("aides.licence_obtenue_l_annee_precedente").valeurs
DUREES_DE_VERSEMENT = (10, 12)

_TYPES = {BOOLEEN: "bool | None", CHOIX: "str | None", ENTIER: "int | None", DATE: "date | None"}


def _classe_du_bloc(nom_de_classe: str, bloc: str, doc: str) -> type:
    """La classe immuable d'un bloc : un attribut par question, None si non indiqué."""
    classe = make_dataclass(
        nom_de_classe,
        [(q.cle, _TYPES[q.type], field(default=None)) for q in QUESTIONS[bloc]],
        frozen=True,
        namespace={"__doc__": doc, "__module__": __name__},
    )
    return classe


EntreeEligibilite = _classe_du_bloc(
    "EntreeEligibilite",
    "eligibilite",
    "Bloc `eligibilite` : ce que l'étudiant dit de son âge, de son diplôme, de sa nationalité, "
    "de ses études et de ses droits à bourse déjà utilisés.",
)
EntreeRessources = _classe_du_bloc(
    "EntreeRessources", "ressources", "Bloc `ressources` : de quoi décider quels revenus comptent."
)
EntreeVersement = _classe_du_bloc(
    "EntreeVersement", "versement", "Bloc `versement` : de quoi décider entre 10 et 12 mois."
)
EntreeOutreMer = _classe_du_bloc(
    "EntreeOutreMer", "outre_mer", "Bloc `outre_mer` : où l'étudiant fait ses études."
)
EntreeAides = _classe_du_bloc(
    "EntreeAides", "aides", "Bloc `aides` : de quoi examiner les aides liées à la bourse."
)


@dataclass(frozen=True)
class Complements:
    """Les blocs facultatifs présents dans l'entrée (None : bloc absent)."""

    eligibilite: Any = None
    ressources: Any = None
    versement: Any = None
    outre_mer: Any = None
    aides: Any = None

    @property
    def vide(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


# --- Lecture d'une valeur -------------------------------------------------------------------

Lecteur = Callable[[str, str, Any], Any]
"""(champ « bloc.cle », libellé, valeur JSON) → valeur lue ou ErreurDeSaisie."""


class Champ(NamedTuple):
    cle: str
    libelle: str
    lire: Lecteur


def _booleen(champ: str, libelle: str, valeur: Any) -> bool | ErreurDeSaisie:
    if isinstance(valeur, bool):
        return valeur
    return ErreurDeSaisie(champ, f"Indiquez {libelle} (« {champ} ») par true (oui) ou false (non).")


def _entier(minimum: int, maximum: int, unite: str = "") -> Lecteur:
    def lire(champ: str, libelle: str, valeur: Any) -> int | ErreurDeSaisie:
        n = _entier_json(valeur)
        if n is None:
            return ErreurDeSaisie(
                champ, f"Indiquez {libelle} (« {champ} ») par un nombre entier (0, 1, 2…)."
            )
        if not minimum <= n <= maximum:
            suffixe = f" {unite}" if unite else ""
            return ErreurDeSaisie(
                champ,
                f"{n}{suffixe} : valeur impossible pour {libelle} (« {champ} ») : "
                f"de {minimum} à {maximum}{suffixe}. Vérifiez la saisie.",
            )
        return n

    return lire


def _entier_json(valeur: Any) -> int | None:
    """Un nombre JSON entier (`3`, ou `3.0` écrit avec une virgule), sinon None."""
    if isinstance(valeur, bool) or not isinstance(valeur, int | float | Decimal):
        return None
    try:
        n = int(valeur)
    except (ValueError, OverflowError):
        return None
    return n if n == valeur else None


def _choix(valeurs: tuple[Any, ...]) -> Lecteur:
    def lire(champ: str, libelle: str, valeur: Any) -> Any:
        if isinstance(valeur, bool) or valeur not in valeurs:
            possibles = ", ".join(f'"{v}"' if isinstance(v, str) else str(v) for v in valeurs)
            return ErreurDeSaisie(
                champ,
                f"Valeur inconnue {_montrer(valeur)} pour {libelle} (« {champ} ») : valeurs "
                f"possibles {possibles}.",
            )
        return valeur

    return lire


_MOTIF_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _date(champ: str, libelle: str, valeur: Any) -> date | ErreurDeSaisie:
    correspondance = _MOTIF_DATE.match(valeur) if isinstance(valeur, str) else None
    if correspondance:
        try:
            return date(*map(int, correspondance.groups()))
        except ValueError:
            pass
    return ErreurDeSaisie(
        champ,
        f'Indiquez {libelle} (« {champ} ») au format "AAAA-MM-JJ" (par exemple "2005-03-14").',
    )


def _montrer(valeur: Any) -> str:
    """Une valeur de l'entrée telle qu'elle était écrite en JSON (abrégée si longue)."""
    if isinstance(valeur, Decimal):
        texte = str(valeur)
    else:
        try:
            texte = json.dumps(valeur, ensure_ascii=False, default=str)
        except (ValueError, RecursionError):
            texte = type(valeur).__name__
    return texte if len(texte) <= 40 else texte[:37] + "…"


def _lecteur(q: Question) -> Lecteur:
    """La lecture d'une valeur, selon le type de la question."""
    if q.type == BOOLEEN:
        return _booleen
    if q.type == ENTIER:
        return _entier(q.minimum, q.maximum, q.unite)
    if q.type == CHOIX:
        return _choix(q.valeurs)
    return _date


BLOCS: dict[str, tuple[type, tuple[Champ, ...]]] = {
    bloc: (
        classe,
        tuple(Champ(q.cle, q.libelle, _lecteur(q)) for q in QUESTIONS[bloc]),
    )
    for bloc, classe in zip(
        BLOCS_FACULTATIFS,
        (EntreeEligibilite, EntreeRessources, EntreeVersement, EntreeOutreMer, EntreeAides),
        strict=True,
    )
}
"""Chaque bloc facultatif : sa classe et ses clés, dans l'ordre de l'interface."""


def _lire_bloc(
    nom: str, valeur: Any, champs: tuple[Champ, ...]
) -> tuple[dict[str, Any], list[ErreurDeSaisie]]:
    if not isinstance(valeur, dict):
        return {}, [
            ErreurDeSaisie(
                nom, f'Le bloc « {nom} » doit être un objet JSON : {{ "cle": valeur, … }}.'
            )
        ]
    connus = {c.cle: c for c in champs}
    erreurs = [
        ErreurDeSaisie(
            f"{nom}.{cle}",
            f"Champ inconnu « {nom}.{cle} » (champs possibles : {', '.join(connus)}).",
        )
        for cle in valeur
        if cle not in connus
    ]
    lues: dict[str, Any] = {}
    for champ in champs:
        brut = valeur.get(champ.cle)
        if brut is None:
            continue
        lu = champ.lire(f"{nom}.{champ.cle}", champ.libelle, brut)
        if isinstance(lu, ErreurDeSaisie):
            erreurs.append(lu)
        else:
            lues[champ.cle] = lu
    return lues, erreurs


def lire_complements(
    entree: dict[str, Any], annee_de_rentree: int | None
) -> tuple[Complements, list[ErreurDeSaisie]]:
    """Lit les blocs facultatifs de l'entrée. `annee_de_rentree` (2025 pour 2025-2026, None si
    l'année est invalide) sert à contrôler une date de naissance."""
    blocs: dict[str, Any] = {}
    erreurs: list[ErreurDeSaisie] = []
    for nom, (classe, champs) in BLOCS.items():
        if entree.get(nom) is None:
            continue
        lues, erreurs_du_bloc = _lire_bloc(nom, entree[nom], champs)
        erreurs += erreurs_du_bloc
        if nom == "eligibilite":
            erreurs += _contradictions_eligibilite(lues, annee_de_rentree)
        if nom == "ressources":
            erreurs += _contradiction_de_l_avis(lues)
            lues = _avec_la_situation_de_l_avis(lues)
        blocs[nom] = classe(**lues)
    return Complements(**blocs), erreurs


SITUATION_DE_L_AVIS = {
    "parents_ensemble": "vivent_ensemble",
    "parent_separe": "separes_ou_divorces",
    "parent_isole": "parent_isole",
}
"""La situation des parents que dit l'avis d'imposition du revenu indiqué (`avis_saisi`) ;
l'avis du propre foyer de l'étudiant n'en dit rien."""


def _avec_la_situation_de_l_avis(lues: dict[str, Any]) -> dict[str, Any]:
    """Le bloc `ressources`, la situation des parents tirée de l'avis si elle manque."""
    deduite = SITUATION_DE_L_AVIS.get(lues.get("avis_saisi") or "")
    if deduite is None or "situation_des_parents" in lues:
        return lues
    return {**lues, "situation_des_parents": deduite}


def _contradiction_de_l_avis(lues: dict[str, Any]) -> list[ErreurDeSaisie]:
    """L'avis du revenu indiqué et la situation des parents disent deux choses différentes."""
    deduite = SITUATION_DE_L_AVIS.get(lues.get("avis_saisi") or "")
    situation = lues.get("situation_des_parents")
    if deduite is None or situation is None or situation == deduite:
        return []
    avis, parents = question("ressources.avis_saisi"), question("ressources.situation_des_parents")
    libelle_avis = next(c.libelle for c in avis.choix if c.valeur == lues["avis_saisi"])
    libelle_parents = next(c.libelle for c in parents.choix if c.valeur == situation)
    return [
        ErreurDeSaisie(
            "ressources.situation_des_parents",
            f"Votre réponse « {libelle_parents} » sur vos parents "
            "(« ressources.situation_des_parents ») ne va pas avec l'avis d'imposition indiqué "
            f"pour le revenu, « {libelle_avis} » (« ressources.avis_saisi ») : corrigez l'une "
            "des deux réponses.",
        )
    ]


_SOUS_CLES_DE_NATIONALITE = {
    "condition_ue_eee_suisse": (
        "ue_eee_suisse",
        "un ressortissant de l'UE, de l'EEE ou de la Suisse",
    ),
    "scolarite_lycee_francais_andorre": ("andorrane", "un étudiant andorran"),
    "statut_etranger": ("autre", "un étudiant d'une autre nationalité"),
    "domicile_en_france_2_ans": ("autre", "un étudiant d'une autre nationalité"),
    "foyer_fiscal_en_france_2_ans": ("autre", "un étudiant d'une autre nationalité"),
}


def _contradictions_eligibilite(
    lues: dict[str, Any], annee_de_rentree: int | None
) -> list[ErreurDeSaisie]:
    """Deux réponses du bloc `eligibilite` qui ne peuvent pas être vraies ensemble."""
    erreurs = []
    if "date_de_naissance" in lues and "age_au_1er_septembre" in lues:
        erreurs.append(
            ErreurDeSaisie(
                "eligibilite.age_au_1er_septembre",
                "Indiquez soit la date de naissance (« eligibilite.date_de_naissance »), soit "
                "l'âge au 1er septembre (« eligibilite.age_au_1er_septembre »), pas les deux.",
            )
        )
    naissance = lues.get("date_de_naissance")
    if naissance is not None and annee_de_rentree is not None:
        rentree = date(annee_de_rentree, 9, 1)
        if naissance >= rentree or naissance.year < rentree.year - 120:
            erreurs.append(
                ErreurDeSaisie(
                    "eligibilite.date_de_naissance",
                    f"Date de naissance invraisemblable ({naissance.isoformat()}) pour la "
                    f"rentrée du 1er septembre {annee_de_rentree} "
                    "(« eligibilite.date_de_naissance »). Vérifiez la saisie.",
                )
            )
    if lues.get("premiere_demande") is True and lues.get("droits_deja_utilises", 0) > 0:
        erreurs.append(
            ErreurDeSaisie(
                "eligibilite.droits_deja_utilises",
                f"{lues['droits_deja_utilises']} droits déjà utilisés ne vont pas avec une "
                "première demande (« eligibilite.premiere_demande ») : une première demande "
                "n'en a utilisé aucun.",
            )
        )
    nationalite = lues.get("nationalite")
    for cle, (attendue, qui) in _SOUS_CLES_DE_NATIONALITE.items():
        if cle in lues and nationalite != attendue:
            erreurs.append(
                ErreurDeSaisie(
                    f"eligibilite.{cle}",
                    f"« eligibilite.{cle} » ne concerne que {qui} : indiquez "
                    f'« eligibilite.nationalite » = "{attendue}", ou retirez cette clé.',
                )
            )
    return erreurs


# --- Entrée « montant depuis un échelon connu » ------------------------------------------

CHAMPS_MONTANT = ("annee_universitaire", "echelon", "duree_versement")


@dataclass(frozen=True)
class EntreeMontant:
    """Un échelon connu (notification, API « statut étudiant boursier » du Cnous) et la durée
    de versement : de quoi lire le montant exact dans l'arrêté « taux » de l'année."""

    annee_universitaire: str
    echelon: str
    duree_versement: int


def lire_echelon(champ: str, valeur: Any) -> str | ErreurDeSaisie:
    """Un échelon : "0bis", "1" … "7", ou l'entier 1 … 7 (l'API du Cnous écrit `6`)."""
    if isinstance(valeur, int) and not isinstance(valeur, bool):
        valeur = str(valeur)
    if isinstance(valeur, str):
        normal = re.sub(r"\s+", "", valeur).lower()
        if normal in ECHELONS:
            return normal
    return ErreurDeSaisie(
        champ,
        f"Échelon inconnu {_montrer(valeur)} : échelons possibles {', '.join(ECHELONS)}.",
    )


def lire_montant_connu(
    entree: dict[str, Any], annees: list[str]
) -> tuple[EntreeMontant | None, list[ErreurDeSaisie]]:
    """Lit et contrôle l'entrée {"annee_universitaire"?, "echelon", "duree_versement"}."""
    erreurs = [
        ErreurDeSaisie(
            str(cle),
            f"Champ inconnu « {cle} » pour un montant depuis un échelon connu (champs "
            f"possibles : {', '.join(CHAMPS_MONTANT)}).",
        )
        for cle in entree
        if cle not in CHAMPS_MONTANT
    ]
    annee = entree.get("annee_universitaire")
    if annee is None:
        annee = max(annees)
    elif not isinstance(annee, str) or annee not in annees:
        erreurs.append(
            ErreurDeSaisie(
                "annee_universitaire",
                f"Année universitaire inconnue {annee!r} : années disponibles "
                f"{', '.join(sorted(annees))}.",
            )
        )
    echelon = entree.get("echelon")
    if echelon is None:
        erreurs.append(ErreurDeSaisie("echelon", "Indiquez l'échelon : ce champ est obligatoire."))
    else:
        echelon = lire_echelon("echelon", echelon)
        if isinstance(echelon, ErreurDeSaisie):
            erreurs.append(echelon)
    duree = entree.get("duree_versement")
    if duree is None:
        erreurs.append(
            ErreurDeSaisie(
                "duree_versement",
                "Indiquez la durée de versement (10 ou 12 mois) : ce champ est obligatoire.",
            )
        )
    elif _entier_json(duree) not in DUREES_DE_VERSEMENT:
        erreurs.append(
            ErreurDeSaisie(
                "duree_versement",
                f"Durée de versement impossible {_montrer(duree)} : la bourse est versée en "
                "10 mensualités, ou en 12 avec le maintien pendant les grandes vacances.",
            )
        )
    if erreurs:
        return None, erreurs
    return EntreeMontant(annee, echelon, _entier_json(duree)), []  # type: ignore[arg-type]
