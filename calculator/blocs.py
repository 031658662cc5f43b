"""Les blocs facultatifs de l'entrée (`eligibilite`, `ressources`, `versement`, `outre_mer`,
`aides`) et l'entrée « montant depuis un échelon connu » : lecture et contrôle.

Chaque clé d'un bloc est facultative : une clé absente (ou `null`) veut dire « non indiqué », et
les règles répondent alors « à vérifier », jamais « remplie ». Une valeur du mauvais type, hors
des valeurs permises, une clé inconnue ou deux réponses contradictoires donnent une erreur en
français dont le champ est « bloc.cle ». Les clés et leurs valeurs sont décrites dans
docs/interface.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from .bareme import ECHELONS
from .situation import ErreurDeSaisie

# Valeurs permises des clés à choix, dans l'ordre où les règles les examinent.
DIPLOMES = ("baccalaureat", "daeu", "equivalence_ou_dispense", "aucun")
NATIONALITES = ("francaise", "ue_eee_suisse", "andorrane", "autre")
CONDITIONS_UE = (
    "emploi_en_france",
    "parent_revenus_en_france",
    "integration_en_france",
    "residence_5_ans",
    "aucune",
)
STATUTS_ETRANGER = (
    "refugie",
    "protection_subsidiaire",
    "protection_temporaire",
    "titre_de_sejour",
    "aucun",
)
FORMATIONS = ("initiale", "continue", "apprentissage", "contrat_de_professionnalisation")
ETABLISSEMENTS = ("public", "prive_habilite", "prive_non_habilite")
CYCLES = ("licence", "master_ou_au_dela")
RESSOURCES_DU_COUPLE = (
    "au_moins_90_pct_smic_brut",
    "entre_90_pct_smic_net_et_brut",
    "moins_de_90_pct_smic_net",
)
SITUATIONS_DES_PARENTS = ("vivent_ensemble", "separes_ou_divorces", "parent_isole")
SITUATIONS_MAINTIEN = (
    "famille_outre_mer",
    "wallis_et_futuna_en_nouvelle_caledonie",
    "autre_ile_polynesie_ou_nouvelle_caledonie",
    "parents_a_l_etranger_hors_europe",
    "pupille_de_l_etat",
    "orphelin_des_deux_parents",
    "refugie_sans_accueil_parental",
    "ancien_ase_sans_accueil_parental",
    "aucune",
)
DROM = ("guadeloupe", "guyane", "martinique", "la_reunion", "mayotte")
COM = (
    "saint_pierre_et_miquelon",
    "saint_barthelemy",
    "saint_martin",
    "wallis_et_futuna",
    "polynesie_francaise",
)
LIEUX_DES_ETUDES = (*DROM, *COM, "nouvelle_caledonie", "hors_outre_mer")
LICENCES = ("licence", "licence_professionnelle", "aucune")
DUREES_DE_VERSEMENT = (10, 12)


@dataclass(frozen=True)
class EntreeEligibilite:
    """Bloc `eligibilite` : ce que l'étudiant dit de son âge, de son diplôme, de sa
    nationalité, de ses études et de ses droits à bourse déjà utilisés."""

    date_de_naissance: date | None = None
    age_au_1er_septembre: int | None = None
    premiere_demande: bool | None = None
    etudes_sans_interruption: bool | None = None
    enfants_eleves: int | None = None
    service_civique_ou_volontariat_mois: int | None = None
    diplome: str | None = None
    annee_d_etudes: int | None = None
    nationalite: str | None = None
    condition_ue_eee_suisse: str | None = None
    scolarite_lycee_francais_andorre: bool | None = None
    statut_etranger: str | None = None
    domicile_en_france_2_ans: bool | None = None
    foyer_fiscal_en_france_2_ans: bool | None = None
    formation: str | None = None
    temps_plein: bool | None = None
    etablissement: str | None = None
    formation_habilitee: bool | None = None
    cycle: str | None = None
    droits_deja_utilises: int | None = None
    droits_supplementaires: int | None = None
    credits_ects_valides: int | None = None
    passage_annee_superieure: bool | None = None


@dataclass(frozen=True)
class EntreeRessources:
    """Bloc `ressources` : de quoi décider quels revenus le Crous retient."""

    etudiant_marie_ou_pacse: bool | None = None
    declaration_fiscale_separee: bool | None = None
    ressources_du_couple: str | None = None
    enfant_a_charge_de_l_etudiant: bool | None = None
    aide_sociale_a_l_enfance: bool | None = None
    orphelin_des_deux_parents: bool | None = None
    tutelle_ou_delegation_d_autorite_parentale: bool | None = None
    refugie: bool | None = None
    situation_des_parents: str | None = None
    pension_alimentaire_fixee: bool | None = None
    case_t_sur_les_deux_avis: bool | None = None
    baisse_durable_des_revenus: bool | None = None


@dataclass(frozen=True)
class EntreeVersement:
    """Bloc `versement` : de quoi décider entre 10 et 12 mensualités."""

    situation_maintien: str | None = None
    etudes_finies_au_1er_juillet: bool | None = None


@dataclass(frozen=True)
class EntreeOutreMer:
    """Bloc `outre_mer` : où l'étudiant fait ses études."""

    lieu_des_etudes: str | None = None


@dataclass(frozen=True)
class EntreeAides:
    """Bloc `aides` : de quoi examiner les aides liées au statut de boursier."""

    mention_tres_bien_au_bac: bool | None = None
    aide_au_merite_deja_recue: int | None = None
    premiere_inscription_en_master_1: bool | None = None
    licence_obtenue_l_annee_precedente: str | None = None
    master_dans_une_autre_region_academique: bool | None = None
    mois_a_l_etranger: int | None = None


@dataclass(frozen=True)
class Complements:
    """Les blocs facultatifs présents dans l'entrée (None : bloc absent)."""

    eligibilite: EntreeEligibilite | None = None
    ressources: EntreeRessources | None = None
    versement: EntreeVersement | None = None
    outre_mer: EntreeOutreMer | None = None
    aides: EntreeAides | None = None

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


CHAMPS_ELIGIBILITE = (
    Champ("date_de_naissance", "votre date de naissance", _date),
    Champ("age_au_1er_septembre", "votre âge au 1er septembre", _entier(10, 120, "ans")),
    Champ("premiere_demande", "s'il s'agit d'une première demande de bourse", _booleen),
    Champ(
        "etudes_sans_interruption",
        "si vos études se poursuivent sans interruption (renouvellement)",
        _booleen,
    ),
    Champ("enfants_eleves", "le nombre d'enfants que vous élevez", _entier(0, 30)),
    Champ(
        "service_civique_ou_volontariat_mois",
        "la durée de votre service civique ou volontariat",
        _entier(0, 120, "mois"),
    ),
    Champ("diplome", "votre diplôme d'accès à l'enseignement supérieur", _choix(DIPLOMES)),
    Champ("annee_d_etudes", "l'année d'études supérieures visée", _entier(1, 12)),
    Champ("nationalite", "votre nationalité", _choix(NATIONALITES)),
    Champ(
        "condition_ue_eee_suisse",
        "la condition remplie par un ressortissant de l'UE, de l'EEE ou de la Suisse",
        _choix(CONDITIONS_UE),
    ),
    Champ(
        "scolarite_lycee_francais_andorre",
        "votre scolarité dans un lycée français d'Andorre",
        _booleen,
    ),
    Champ("statut_etranger", "votre statut en France", _choix(STATUTS_ETRANGER)),
    Champ("domicile_en_france_2_ans", "si vous êtes domicilié en France depuis 2 ans", _booleen),
    Champ(
        "foyer_fiscal_en_france_2_ans",
        "si votre foyer fiscal de rattachement est en France depuis 2 ans",
        _booleen,
    ),
    Champ("formation", "le type de formation", _choix(FORMATIONS)),
    Champ("temps_plein", "si vous étudiez à temps plein", _booleen),
    Champ("etablissement", "le type d'établissement", _choix(ETABLISSEMENTS)),
    Champ(
        "formation_habilitee",
        "si votre formation est habilitée à recevoir des boursiers",
        _booleen,
    ),
    Champ("cycle", "le cycle d'études", _choix(CYCLES)),
    Champ("droits_deja_utilises", "le nombre de droits annuels déjà utilisés", _entier(0, 20)),
    Champ(
        "droits_supplementaires",
        "le nombre de droits supplémentaires accordés (hors handicap)",
        _entier(0, 10),
    ),
    Champ("credits_ects_valides", "le nombre de crédits ECTS validés", _entier(0, 1000, "crédits")),
    Champ("passage_annee_superieure", "si vous passez dans l'année supérieure", _booleen),
)
CHAMPS_RESSOURCES = (
    Champ("etudiant_marie_ou_pacse", "si vous êtes marié ou pacsé", _booleen),
    Champ(
        "declaration_fiscale_separee",
        "si vous faites une déclaration fiscale distincte de celle de vos parents",
        _booleen,
    ),
    Champ(
        "ressources_du_couple",
        "les ressources mensuelles de votre couple par rapport au Smic",
        _choix(RESSOURCES_DU_COUPLE),
    ),
    Champ(
        "enfant_a_charge_de_l_etudiant",
        "si vous avez vous-même un enfant fiscalement à charge",
        _booleen,
    ),
    Champ(
        "aide_sociale_a_l_enfance",
        "si vous êtes ou avez été pris en charge par l'aide sociale à l'enfance",
        _booleen,
    ),
    Champ("orphelin_des_deux_parents", "si vous êtes orphelin de vos deux parents", _booleen),
    Champ(
        "tutelle_ou_delegation_d_autorite_parentale",
        "si vous avez été, mineur, sous tutelle ou délégation d'autorité parentale",
        _booleen,
    ),
    Champ("refugie", "si vous êtes réfugié", _booleen),
    Champ("situation_des_parents", "la situation de vos parents", _choix(SITUATIONS_DES_PARENTS)),
    Champ(
        "pension_alimentaire_fixee",
        "si la pension alimentaire est fixée par un jugement ou une convention",
        _booleen,
    ),
    Champ(
        "case_t_sur_les_deux_avis",
        "si la case T figure sur les avis d'imposition de vos deux parents",
        _booleen,
    ),
    Champ(
        "baisse_durable_des_revenus",
        "si les ressources de votre famille ont baissé durablement et fortement depuis",
        _booleen,
    ),
)
CHAMPS_VERSEMENT = (
    Champ(
        "situation_maintien",
        "votre situation pour le maintien de la bourse l'été",
        _choix(SITUATIONS_MAINTIEN),
    ),
    Champ("etudes_finies_au_1er_juillet", "si vos études sont finies au 1er juillet", _booleen),
)
CHAMPS_OUTRE_MER = (Champ("lieu_des_etudes", "le lieu de vos études", _choix(LIEUX_DES_ETUDES)),)
CHAMPS_AIDES = (
    Champ("mention_tres_bien_au_bac", "si vous avez eu la mention très bien au bac", _booleen),
    Champ(
        "aide_au_merite_deja_recue",
        "le nombre d'années d'aide au mérite déjà reçues",
        _entier(0, 10, "ans"),
    ),
    Champ(
        "premiere_inscription_en_master_1",
        "s'il s'agit de votre première inscription en master 1",
        _booleen,
    ),
    Champ(
        "licence_obtenue_l_annee_precedente",
        "la licence obtenue l'année précédente",
        _choix(LICENCES),
    ),
    Champ(
        "master_dans_une_autre_region_academique",
        "si votre master est dans une autre région académique que votre licence",
        _booleen,
    ),
    Champ(
        "mois_a_l_etranger",
        "la durée de votre séjour d'études ou de stage à l'étranger",
        _entier(0, 24, "mois"),
    ),
)

BLOCS: dict[str, tuple[type, tuple[Champ, ...]]] = {
    "eligibilite": (EntreeEligibilite, CHAMPS_ELIGIBILITE),
    "ressources": (EntreeRessources, CHAMPS_RESSOURCES),
    "versement": (EntreeVersement, CHAMPS_VERSEMENT),
    "outre_mer": (EntreeOutreMer, CHAMPS_OUTRE_MER),
    "aides": (EntreeAides, CHAMPS_AIDES),
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
        blocs[nom] = classe(**lues)
    return Complements(**blocs), erreurs


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
