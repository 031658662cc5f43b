"""Versement : 10 ou 12 mensualités, la majoration outre-mer, et le montant d'un échelon connu.

- Maintien de la bourse pendant les grandes vacances (« 4e terme », 12 mensualités) : pour un
  boursier dont les études ne sont pas finies au 1er juillet et qui est dans l'une des
  situations de la circulaire (Crous de Rennes et de Nantes, service-public F17482 ;
  regles-bcs.md § 8.4). Montant : colonne « 12 mois » de l'arrêté « taux ».
- Majoration outre-mer : +30 € par mois (barème, `aides_liees.majoration_outre_mer`) pour les
  boursiers qui étudient en outre-mer, depuis la rentrée 2023 ; territoires et texte non
  établis (regles-bcs.md § 8.6).
- Montant depuis un échelon connu : l'échelon et la durée de versement d'une notification, ou
  de l'API « statut étudiant boursier » du Cnous, donnent le montant exact de l'arrêté « taux ».
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from . import sources
from .bareme import FIABILITES, AideLiee, Bareme, phrase_du_bareme_provisoire
from .blocs import COM, DROM, EntreeVersement
from .conditions import fiabilite_la_plus_faible, nombre_json, phrase
from .format import euros
from .montants import (
    montant_annuel,
    montant_annuel_12_mois,
    montant_mensuel,
    montant_mensuel_12_mois,
)

SITUATIONS_MAINTIEN = {
    "famille_outre_mer": "étudiant dont la famille (parents, tuteur ou délégataire de "
    "l'autorité parentale) réside dans un département ou une collectivité d'outre-mer ou en "
    "Nouvelle-Calédonie",
    "wallis_et_futuna_en_nouvelle_caledonie": "étudiant de Wallis-et-Futuna qui étudie en "
    "Nouvelle-Calédonie",
    "autre_ile_polynesie_ou_nouvelle_caledonie": "étudiant en Polynésie française ou en "
    "Nouvelle-Calédonie venu d'une autre île",
    "parents_a_l_etranger_hors_europe": "étudiant français ou ressortissant de l'UE ou de l'EEE "
    "dont les parents résident à l'étranger, hors UE, EEE, Suisse et pays du pourtour "
    "méditerranéen",
    "pupille_de_l_etat": "pupille de l'État",
    "orphelin_des_deux_parents": "orphelin de ses deux parents",
    "refugie_sans_accueil_parental": "étudiant réfugié dont les parents ne peuvent pas "
    "l'accueillir",
    "ancien_ase_sans_accueil_parental": "ancien bénéficiaire de l'aide sociale à l'enfance "
    "dont les parents ne peuvent pas l'accueillir",
}
"""Les situations qui ouvrent le maintien de la bourse pendant les grandes vacances."""


def maintien_grandes_vacances(situation: str | None, etudes_finies: bool | None) -> bool | None:
    """Le maintien s'applique-t-il ? Oui pour l'une des situations de la liste, si les études
    ne sont pas finies au 1er juillet ; None si une réponse manque.

    Crous de Rennes (« le maintien de la bourse pendant les vacances d'été ») ; Crous de
    Nantes (« le complément grandes vacances ») ; service-public F17482.
    """
    if situation == "aucune" or etudes_finies is True:
        return False
    if situation is None or etudes_finies is None:
        return None
    return True


class Versement(NamedTuple):
    """Le nombre de mensualités et le montant qui s'applique."""

    duree_mois: int | None
    maintien_grandes_vacances: bool | None
    montant_annuel_applicable: int
    montant_mensuel_applicable: Decimal
    raison: str
    source: str
    fiabilite: str

    def en_dict(self) -> dict[str, Any]:
        return {
            "duree_mois": self.duree_mois,
            "maintien_grandes_vacances": self.maintien_grandes_vacances,
            "montant_annuel_applicable": self.montant_annuel_applicable,
            "montant_mensuel_applicable": nombre_json(self.montant_mensuel_applicable),
            "raison": self.raison,
            "source": self.source,
            "fiabilite": self.fiabilite,
        }


_DIX_MOIS = (
    "l'échelon {echelon} est versé en 10 mensualités de {mensuel_10} (septembre à juin), soit "
    "{annuel_10} par an"
)
_AVEC_LE_MAINTIEN = "avec le maintien : 12 mensualités de {mensuel_12}, soit {annuel_12} par an"
PHRASES_VERSEMENT = {
    "sans_bourse": (
        "Pas de bourse : ni 10 ni 12 mensualités. Le maintien pendant les grandes vacances est "
        "réservé aux boursiers.",
    ),
    "maintien": (
        "Maintien de la bourse pendant les grandes vacances : {situation}, études non finies au "
        "1er juillet",
        "l'échelon {echelon} est versé en 12 mensualités de {mensuel_12}, soit {annuel_12} par "
        "an (colonne « 12 mois » de l'arrêté) au lieu de {annuel_10} en 10 mensualités",
    ),
    "aucune_situation": (
        "aucune des situations qui ouvrent le maintien pendant les grandes vacances",
        _DIX_MOIS,
    ),
    "etudes_finies": (
        "{situation}, mais études finies au 1er juillet : pas de maintien l'été",
        _DIX_MOIS,
    ),
    "etudes_finies_situation_non_indiquee": (
        "études finies au 1er juillet : pas de maintien l'été, quelle que soit votre situation",
        _DIX_MOIS,
    ),
    "situation_non_indiquee": (
        _DIX_MOIS,
        "indiquez votre situation (« versement.situation_maintien ») : certaines ouvrent le "
        "maintien pendant les grandes vacances",
        _AVEC_LE_MAINTIEN,
    ),
    "etudes_finies_non_indiquees": (
        _DIX_MOIS,
        "{situation} : le maintien s'applique si vos études ne sont pas finies au 1er juillet "
        "(« versement.etudes_finies_au_1er_juillet »)",
        _AVEC_LE_MAINTIEN,
    ),
}
"""Les morceaux de la phrase de `versement`, par raison."""


def _decision_versement(situation: str | None, echelon: str | None, maintien: bool | None) -> str:
    """La raison de `versement` (une clé de PHRASES_VERSEMENT), selon le maintien."""
    if echelon is None:
        return "sans_bourse"
    if maintien is True:
        return "maintien"
    if maintien is False:
        if situation is None:
            return "etudes_finies_situation_non_indiquee"
        return "aucune_situation" if situation == "aucune" else "etudes_finies"
    if situation is None:
        return "situation_non_indiquee"
    return "etudes_finies_non_indiquees"


def versement(e: EntreeVersement, echelon: str | None, bareme: Bareme) -> Versement:
    """10 ou 12 mensualités pour l'échelon obtenu, et le montant qui s'applique alors."""
    maintien = maintien_grandes_vacances(e.situation_maintien, e.etudes_finies_au_1er_juillet)
    code = _decision_versement(e.situation_maintien, echelon, maintien)
    if echelon is None:
        raison = phrase(PHRASES_VERSEMENT[code])
        return Versement(None, False, 0, Decimal(0), raison, sources.MAINTIEN, "recoupe")
    montants = {
        "annuel_10": montant_annuel(echelon, bareme),
        "mensuel_10": montant_mensuel(echelon, bareme),
        "annuel_12": montant_annuel_12_mois(echelon, bareme),
        "mensuel_12": montant_mensuel_12_mois(echelon, bareme),
    }
    valeurs = {cle: euros(montant) for cle, montant in montants.items()}
    valeurs["situation"] = SITUATIONS_MAINTIEN.get(e.situation_maintien or "")
    raison = phrase(m.format(echelon=echelon, **valeurs) for m in PHRASES_VERSEMENT[code])
    duree = 12 if code == "maintien" else 10
    colonne = getattr(bareme, f"fiabilite_montants_{duree}_mois")
    fiabilite = fiabilite_la_plus_faible(("recoupe", colonne))
    annuel, mensuel = montants[f"annuel_{duree}"], montants[f"mensuel_{duree}"]
    return Versement(duree, maintien, annuel, mensuel, raison, sources.MAINTIEN, fiabilite)


# --- Majoration outre-mer ---------------------------------------------------------------------


class MajorationOutreMer(NamedTuple):
    """La majoration mensuelle pour études en outre-mer (applicable : oui, non, ou None)."""

    lieu_des_etudes: str | None
    applicable: bool | None
    majoration_mensuelle: int | float | None
    montant_mensuel_majore: Decimal | None
    raison: str
    incertitude: str | None
    source: str
    fiabilite: str

    def en_dict(self) -> dict[str, Any]:
        return {
            "lieu_des_etudes": self.lieu_des_etudes,
            "applicable": self.applicable,
            "majoration_mensuelle": self.majoration_mensuelle,
            "montant_mensuel_majore": nombre_json(self.montant_mensuel_majore),
            "raison": self.raison,
            "incertitude": self.incertitude,
            "source": self.source,
            "fiabilite": self.fiabilite,
        }


PORTEE_INCERTAINE = (
    "Territoires concernés non établis : départements et régions d'outre-mer seulement, ou "
    "aussi les collectivités d'outre-mer et la Nouvelle-Calédonie ; le texte qui fixe la "
    "majoration n'est pas identifié. Demandez à votre Crous si elle s'applique à votre "
    "territoire."
)

PHRASES_OUTRE_MER = {
    "absente_du_bareme": "Pas de majoration outre-mer en {annee} : elle date de la rentrée 2023 "
    "(absente du barème de cette année).",
    "sans_bourse": "Pas de bourse : la majoration outre-mer est réservée aux boursiers.",
    "lieu_non_indique": "Indiquez le lieu de vos études (« outre_mer.lieu_des_etudes ») : les "
    "boursiers qui étudient en outre-mer reçoivent {montant} de plus par mois",
    "hors_outre_mer": "Vous n'étudiez pas en outre-mer : pas de majoration.",
    "drom": "Boursier qui étudie dans un département d'outre-mer : {montant} de plus par mois, "
    "soit {majore} par mensualité",
    "com": "Boursier qui étudie dans une collectivité d'outre-mer : la majoration de {montant} "
    "par mois s'applique peut-être, nos sources ne disent pas si elle couvre les collectivités "
    "d'outre-mer et la Nouvelle-Calédonie",
    "nouvelle_caledonie": "Boursier qui étudie en Nouvelle-Calédonie : la majoration de "
    "{montant} par mois s'applique peut-être, nos sources ne disent pas si elle couvre les "
    "collectivités d'outre-mer et la Nouvelle-Calédonie",
}
"""Les phrases de `majoration_outre_mer`, par raison."""

APPLICABLE_OUTRE_MER = {
    "absente_du_bareme": False,
    "sans_bourse": False,
    "lieu_non_indique": None,
    "hors_outre_mer": False,
    "drom": True,
    "com": None,
    "nouvelle_caledonie": None,
}
"""La majoration s'applique-t-elle (None : on ne sait pas), par raison."""
_AVEC_LE_MONTANT = ("lieu_non_indique", "drom", "com", "nouvelle_caledonie")
"""Les raisons qui disent le montant de la majoration, sa certitude et la portée incertaine."""


def _decision_outre_mer(lieu: str | None, echelon: str | None, au_bareme: bool) -> str:
    """La raison de `majoration_outre_mer` (une clé de PHRASES_OUTRE_MER)."""
    if not au_bareme:
        return "absente_du_bareme"
    if echelon is None:
        return "sans_bourse"
    if lieu is None:
        return "lieu_non_indique"
    if lieu == "hors_outre_mer":
        return "hors_outre_mer"
    if lieu in DROM:
        return "drom"
    return "com" if lieu in COM else "nouvelle_caledonie"


def majoration_outre_mer(
    lieu: str | None, echelon: str | None, mensualite: Decimal, bareme: Bareme
) -> MajorationOutreMer:
    """+30 € par mois (barème, `aides_liees.majoration_outre_mer`) pour un boursier qui étudie
    en outre-mer, depuis la rentrée 2023 ; absente des barèmes antérieurs.

    Annonce du 20 juin 2023 (l'Etudiant) ; lescrous.fr ; la 1ère. Portée territoriale et
    texte : non établis (regles-bcs.md § 8.6, § 12).
    """
    aide = bareme.aides_liees.get("majoration_outre_mer")
    code = _decision_outre_mer(lieu, echelon, aide is not None)
    if aide is None:
        raison = PHRASES_OUTRE_MER[code].format(annee=bareme.annee_universitaire)
        source = sources.ajouter_sources("", sources.OUTRE_MER)
        return MajorationOutreMer(lieu, False, None, None, raison, None, source, "recoupe")
    avec_le_montant = code in _AVEC_LE_MONTANT
    majore = mensualite + Decimal(str(aide.montant)) if code == "drom" else None
    texte = PHRASES_OUTRE_MER[code].format(
        montant=euros(aide.montant), majore=euros(majore, 2) if majore is not None else None
    )
    du_bareme = sources.sources_du_bareme(bareme, aide.reference, aide.sources)
    return MajorationOutreMer(
        lieu,
        APPLICABLE_OUTRE_MER[code],
        aide.montant if avec_le_montant else None,
        majore,
        phrase([texte, _note_du_montant(aide, bareme) if avec_le_montant else ""]),
        PORTEE_INCERTAINE if avec_le_montant else None,
        sources.ajouter_sources(du_bareme, sources.OUTRE_MER),
        aide.fiabilite,
    )


def _note_du_montant(aide: AideLiee, bareme: Bareme) -> str:
    """Un montant déduit ou inconnu pour l'année le dit, avec la note du barème ("" sinon)."""
    if aide.fiabilite not in ("deduit", "inconnu"):
        return ""
    note = f"montant {bareme.annee_universitaire} {FIABILITES[aide.fiabilite]}"
    if aide.note:
        note += f" ({aide.note[0].lower()}{aide.note[1:].rstrip('.')})"
    return note


# --- Montant depuis un échelon connu ----------------------------------------------------------


class MontantConnu(NamedTuple):
    """Le montant exact d'un échelon connu, pour une durée de versement connue."""

    echelon: str
    duree_versement: int
    montant_annuel: int
    montant_mensuel: Decimal
    raison: str
    fiabilite: str


def montant_connu(echelon: str, duree_versement: int, bareme: Bareme) -> MontantConnu:
    """L'arrêté « taux » de l'année : colonne « taux annuel sur 10 mois », ou colonne des
    étudiants qui bénéficient du maintien pendant les grandes vacances (12 mois). Une
    mensualité est le taux annuel divisé par le nombre de mois, au centime.

    L'API « statut étudiant boursier » du Cnous délivre l'échelon et la durée de versement
    « pour connaître le montant exact perçu par l'étudiant » (particulier.api.gouv.fr).
    """
    if duree_versement == 12:
        annuel = montant_annuel_12_mois(echelon, bareme)
        mensuel = montant_mensuel_12_mois(echelon, bareme)
        colonne = "« maintien pendant les grandes vacances »"
        fiabilite = bareme.fiabilite_montants_12_mois
    else:
        annuel, mensuel = montant_annuel(echelon, bareme), montant_mensuel(echelon, bareme)
        colonne = "« taux annuel sur 10 mois »"
        fiabilite = bareme.fiabilite_montants_10_mois
    raison = (
        f"Échelon {echelon} en {bareme.annee_universitaire}, versé en {duree_versement} "
        f"mensualités : {euros(annuel)} par an (colonne {colonne} de l'arrêté « taux »), soit "
        f"{euros(mensuel, 2)} par mois."
    )
    return MontantConnu(echelon, duree_versement, annuel, mensuel, raison, fiabilite)


def avertissements_du_montant(bareme: Bareme, fiabilite: str) -> list[dict[str, str]]:
    """Ce qu'il faut savoir du barème utilisé : non encore publié, ou montants déduits."""
    avertissements = []
    if bareme.statut == "provisoire":
        avertissements.append(
            {"code": "bareme_provisoire", "message": phrase_du_bareme_provisoire(bareme)}
        )
    if fiabilite == "deduit":
        avertissements.append(
            {
                "code": "montants_deduits",
                "message": f"Montants {bareme.annee_universitaire} non lus dans un texte de cette "
                "année : déduits (tenus pour inchangés) ; à confirmer par l'arrêté « taux » de "
                "l'année.",
            }
        )
    return avertissements
