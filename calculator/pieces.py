"""Les pièces à préparer pour le dossier social étudiant (DSE), d'après la situation indiquée.

Chaque règle est une petite fonction qui décide, d'après la `Situation` et les blocs de l'entrée,
si une pièce est demandée ; les phrases (la pièce, pourquoi, la source, la certitude) sont dans la
table `PIECES`, à côté. Une pièce qu'aucune source stockée ne décrit est dite « à vérifier auprès
du Crous », avec la certitude `inconnu` : rien n'est inventé.

Sources lues : la fiche service-public F12216 (copies de 2023 et de 2016 sur des sites de
mairies) ; le texte du Crous « Quel avis fiscal fournir en fonction de votre situation
familiale », cité sur commentcamarche ; la page « étudiant en situation de handicap et/ou
aidant » du Cnous ; la page « Être étudiant aidant » d'etudiant.gouv.fr ; la question écrite au
Sénat n° 16/00121 (parents à l'étranger) ; la page de l'ENSM (supmaritime) pour le statut de
réfugié reconnu par l'Ofpra.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .conditions import NON_REMPLIE
from .situation import Situation

A_VERIFIER_AUPRES_DU_CROUS = "à vérifier auprès du Crous"
"""La marque d'une pièce qu'aucune source stockée ne décrit (certitude `inconnu`)."""

# --- Les sources ----------------------------------------------------------------------------

F12216 = {
    "titre": "Fiche service-public F12216, vérifiée le 30 mars 2023 (copie de la mairie d'Aizac)",
    "lien": "https://aizac.fr/mairie/droits-et-demarches/?xml=F12216",
}
F12216_2016 = {
    "titre": "Fiche service-public F12216, rentrée 2016 (copie de la mairie de Saucats)",
    "lien": "https://saucats.fr/co-marquage-administratif?audience=part&xml=F12216",
}
AVIS_CROUS = {
    "titre": "Texte du Crous « Quel avis fiscal fournir en fonction de votre situation "
    "familiale », cité sur commentcamarche (source secondaire)",
    "lien": "https://droit-finances.commentcamarche.com/forum/affich-8186623-demande-de-bourse-"
    "etudiante-de-ma-fille",
}
CNOUS_HANDICAP = {
    "titre": "Cnous, « Étudiant en situation de handicap et/ou aidant »",
    "lien": "https://www.lescrous.fr/espace-partenaires/etudiant-en-situation-de-handicap-et-ou-"
    "aidant",
}
ETUDIANT_AIDANT = {
    "titre": "etudiant.gouv.fr, « Être étudiant aidant »",
    "lien": "https://www.etudiant.gouv.fr/fr/etre-etudiant-aidant-3135",
}
SENAT_PARENTS_A_L_ETRANGER = {
    "titre": "Question écrite au Sénat n° 16/00121 (bourses des étudiants dont les parents vivent "
    "à l'étranger), citant la circulaire du 24 mars 2022",
    "lien": "https://archive.nossenateurs.fr/question/16/00121",
}
SANS_SOURCE = {
    "titre": f"Aucune source trouvée sur cette pièce : {A_VERIFIER_AUPRES_DU_CROUS}",
    "lien": None,
}


class Piece(NamedTuple):
    """Une pièce du dossier : ce qu'elle est, pourquoi elle est demandée, d'après quoi."""

    piece: str
    raison: str
    source: dict[str, str | None]
    fiabilite: str


def _a_verifier(piece: str, raison: str) -> Piece:
    """Une pièce qu'aucune source stockée ne décrit : la raison dit de demander au Crous."""
    return Piece(
        piece,
        f"{raison} Nous n'avons trouvé aucune source sur la pièce à joindre : "
        f"{A_VERIFIER_AUPRES_DU_CROUS}.",
        SANS_SOURCE,
        "inconnu",
    )


PIECES: dict[str, Piece] = {
    "avis_fiscal_des_parents": Piece(
        "L'avis fiscal de vos parents (ou de votre tuteur légal)",
        "Les revenus de vos parents comptent, sauf exception. Selon leur situation, il faut un "
        "seul avis ou celui de chacun : répondez à l'étape « Quels revenus comptent pour "
        "vous » pour le savoir.",
        F12216,
        "lu",
    ),
    "avis_fiscal_commun_des_parents": Piece(
        "L'avis fiscal de vos parents",
        "Vos parents vivent ensemble : un seul avis, commun, s'ils sont mariés ou pacsés ; "
        "l'avis de chacun d'eux sinon.",
        AVIS_CROUS,
        "recoupe",
    ),
    "avis_fiscaux_des_deux_parents": Piece(
        "L'avis fiscal de chacun de vos deux parents",
        "Vos parents sont séparés et aucun jugement ne fixe la pension alimentaire : les "
        "revenus des deux comptent.",
        AVIS_CROUS,
        "recoupe",
    ),
    "jugement_de_separation": Piece(
        "Le jugement de divorce ou de séparation, en entier",
        "Vos parents sont séparés et la pension alimentaire est fixée : le jugement (pour une "
        "première demande) vous confie à l'un d'eux et fixe la pension.",
        F12216,
        "recoupe",
    ),
    "avis_fiscal_du_parent_qui_a_la_garde": Piece(
        "L'avis fiscal du parent chez qui vous vivez",
        "La pension alimentaire étant fixée, seuls les revenus du parent qui a votre garde "
        "comptent.",
        AVIS_CROUS,
        "recoupe",
    ),
    "jugement_ou_avis_des_deux_parents": Piece(
        "Le jugement qui fixe la pension alimentaire, ou à défaut l'avis fiscal de chacun de "
        "vos parents",
        "Vos parents sont séparés : avec un jugement qui fixe la pension, le jugement et l'avis "
        "du parent qui a votre garde ; sans jugement, l'avis des deux.",
        F12216,
        "recoupe",
    ),
    "avis_fiscal_du_parent_isole": Piece(
        "L'avis fiscal du parent isolé sur lequel vous figurez",
        "Vous êtes à la charge d'un parent isolé. Le Crous peut aussi demander l'avis fiscal de "
        "l'autre parent.",
        AVIS_CROUS,
        "source_unique",
    ),
    "avis_fiscal_du_foyer_de_l_etudiant": Piece(
        "Votre propre avis fiscal (celui de votre couple si vous êtes marié ou pacsé, celui où "
        "figure votre enfant si vous en avez un à charge)",
        "Une exception fait compter vos propres revenus. Le Crous peut aussi demander l'avis de "
        "vos parents.",
        AVIS_CROUS,
        "recoupe",
    ),
    "avis_fiscal_personnel": Piece(
        "Votre propre avis fiscal, si vous en avez un",
        "Si vous déclarez vos revenus séparément de vos parents, votre avis se joint en plus du "
        "leur.",
        F12216,
        "recoupe",
    ),
    "justificatifs_de_scolarite": Piece(
        "Vos justificatifs de scolarité",
        "Demandés pour tout dossier.",
        F12216,
        "lu",
    ),
    "scolarite_des_freres_et_soeurs": Piece(
        "Les justificatifs de scolarité de vos frères et sœurs étudiants",
        "Vous avez indiqué des frères ou sœurs dans l'enseignement supérieur : ils comptent "
        "dans les points de charge.",
        F12216,
        "lu",
    ),
    "notification_cdaph": Piece(
        "La notification de la CDAPH qui vous ouvre des droits (AAH, RQTH, PPS…)",
        "Votre handicap reconnu donne des points de charge en plus et lève la limite d'âge ; "
        "cette notification suffit à le justifier.",
        CNOUS_HANDICAP,
        "lu",
    ),
    "justificatifs_d_aidant": Piece(
        "La notification de la CDAPH de la personne que vous aidez, qui mentionne son besoin "
        "d'aide humaine (ou une attestation d'un médecin), et un document qui prouve votre lien "
        "avec elle (livret de famille, acte de mariage, Pacs…)",
        "Vous aidez un proche handicapé : cela donne des points de charge en plus. La page "
        "officielle liste ces justificatifs pour être reconnu aidant ; demandez à votre Crous "
        "lesquels il retient pour la bourse.",
        ETUDIANT_AIDANT,
        "recoupe",
    ),
    "attestation_ofpra": Piece(
        "L'attestation de l'Office français de protection des réfugiés et apatrides (Ofpra)",
        "Vous avez le statut de réfugié.",
        F12216,
        "lu",
    ),
    "revenus_des_parents_a_l_etranger": Piece(
        "Une attestation sur l'honneur de vos parents qui dit s'ils perçoivent des revenus à "
        "l'étranger, et leur montant",
        "Vos parents vivent à l'étranger : ce sont leurs revenus perçus à l'étranger qui comptent.",
        F12216,
        "lu",
    ),
    "pieces_demandees_par_le_consulat": Piece(
        "Les pièces que le consulat demandera à vos parents sur leurs ressources et leurs "
        "charges (patrimoine immobilier, loyer…)",
        "Le Crous fait évaluer les revenus de vos parents par le consulat de leur pays de "
        "résidence, qui peut demander des pièces justificatives à votre famille.",
        SENAT_PARENTS_A_L_ETRANGER,
        "source_unique",
    ),
    "justificatifs_baisse_des_revenus": Piece(
        "Les justificatifs du changement de situation (chômage, retraite, séparation, décès, "
        "maladie…)",
        "Une baisse durable des ressources de la famille peut faire retenir des revenus plus "
        "récents ; la demande est examinée d'après les justificatifs apportés.",
        F12216_2016,
        "lu",
    ),
    "justificatif_protection_subsidiaire": _a_verifier(
        "Un justificatif de la protection subsidiaire",
        "Vous bénéficiez de la protection subsidiaire.",
    ),
    "justificatif_aide_sociale_a_l_enfance": _a_verifier(
        "Un justificatif de votre prise en charge par l'aide sociale à l'enfance (ASE)",
        "Vous êtes ou avez été pris en charge par l'aide sociale à l'enfance.",
    ),
    "justificatif_orphelin": _a_verifier(
        "Un justificatif du décès de vos deux parents",
        "Vous êtes orphelin de vos deux parents.",
    ),
    "justificatif_tutelle": _a_verifier(
        "Le jugement de tutelle ou de délégation d'autorité parentale",
        "Mineur, vous étiez sous tutelle ou délégation d'autorité parentale.",
    ),
    "justificatif_pupille_de_l_etat": _a_verifier(
        "Un justificatif de votre statut de pupille de l'État",
        "Vous êtes pupille de l'État.",
    ),
}
"""Chaque pièce, par son code, dans l'ordre où la liste les donne."""


# --- Les règles -----------------------------------------------------------------------------


def _cle(bloc: Any, cle: str) -> Any:
    """La réponse `cle` d'un bloc d'entrée lu (None : bloc absent ou question sans réponse)."""
    return getattr(bloc, cle, None) if bloc is not None else None


def avis_fiscaux(ressources_entree: Any, ressources_sortie: dict[str, Any] | None) -> list[str]:
    """Quels avis fiscaux joindre, d'après les revenus que le Crous retient (bloc `ressources`).

    Texte du Crous cité sur commentcamarche : parents mariés ou pacsés, un seul avis commun ;
    non mariés, ou séparés sans jugement, l'avis des deux ; séparés avec jugement, le jugement
    complet pour toute première demande et l'avis du parent qui a la garde ; un parent isolé,
    son avis et celui de l'autre parent. F12216 (2023) : « si vos parents sont divorcés, vous
    devez joindre la copie de l'extrait du jugement de divorce vous confiant à l'un de vos
    parents et fixant le montant de la pension alimentaire. S'il n'y a pas de pension
    alimentaire, l'avis d'imposition de l'autre parent doit être transmis. »
    """
    retenus = ressources_sortie["revenus_retenus"] if ressources_sortie else None
    if retenus == "foyer_de_l_etudiant":
        return ["avis_fiscal_du_foyer_de_l_etudiant"]
    if retenus == "foyer_des_parents":
        codes = ["avis_fiscal_commun_des_parents"]
    elif retenus == "deux_parents":
        codes = ["avis_fiscaux_des_deux_parents"]
    elif retenus == "parent_chez_qui_vit_l_etudiant":
        codes = ["jugement_de_separation", "avis_fiscal_du_parent_qui_a_la_garde"]
    elif retenus == "parent_isole":
        codes = ["avis_fiscal_du_parent_isole"]
    elif _cle(ressources_entree, "situation_des_parents") == "separes_ou_divorces":
        codes = ["jugement_ou_avis_des_deux_parents"]
    else:
        codes = ["avis_fiscal_des_parents"]
    return [*codes, "avis_fiscal_personnel"]


def freres_et_soeurs_etudiants(situation: Situation) -> bool:
    """F12216 : « vos justificatifs de scolarité, et ceux de vos frères et sœurs s'ils sont
    également étudiants »."""
    return situation.dont_etudiants_superieur > 0


def handicap_reconnu(situation: Situation) -> bool:
    """Cnous, « étudiant en situation de handicap et/ou aidant » : « aucune autre condition
    particulière n'est exigée par la réglementation en dehors de cette notification de la
    CDAPH »."""
    return situation.handicap


def etudiant_aidant(situation: Situation) -> bool:
    """etudiant.gouv.fr, « Être étudiant aidant » : attestation d'un médecin ou notification de
    la CDAPH de la personne aidée mentionnant son besoin d'aide humaine, et document officiel
    justifiant des liens familiaux (ou déclaration sur l'honneur du proche aidé)."""
    return situation.aidant


def refugie(eligibilite: Any, ressources: Any, versement: Any) -> bool:
    """F12216 (2023) : « vous devez joindre une attestation de l'Office français de protection
    des réfugiés et apatrides (Ofpra) » ; statut de réfugié reconnu par l'Ofpra (ENSM,
    https://supmaritime.fr/?p=2116)."""
    return (
        _cle(ressources, "refugie") is True
        or _cle(eligibilite, "statut_etranger") == "refugie"
        or _cle(versement, "situation_maintien") == "refugie_sans_accueil_parental"
    )


def protection_subsidiaire(eligibilite: Any) -> bool:
    """Aucune source stockée ne dit quelle pièce joindre : à vérifier auprès du Crous."""
    return _cle(eligibilite, "statut_etranger") == "protection_subsidiaire"


def parents_a_l_etranger(versement: Any) -> bool:
    """F12216 (2023) : une attestation sur l'honneur des parents sur leurs revenus à l'étranger
    et leur montant ; question écrite au Sénat n° 16/00121 : le Crous contacte le consulat, et
    des éléments financiers « doivent être attestés par des pièces justificatives à demander
    aux familles » (circulaire du 24 mars 2022)."""
    return _cle(versement, "situation_maintien") == "parents_a_l_etranger_hors_europe"


def baisse_durable_des_revenus(ressources: Any) -> bool:
    """F12216 (2016) : une demande peut être acceptée « en fonction des justificatifs
    apportés » après un changement important et durable (divorce, décès, chômage, retraite,
    maladie)."""
    return _cle(ressources, "baisse_durable_des_revenus") is True


def aide_sociale_a_l_enfance(ressources: Any, versement: Any) -> bool:
    """Aucune source stockée ne dit quelle pièce joindre : à vérifier auprès du Crous."""
    return (
        _cle(ressources, "aide_sociale_a_l_enfance") is True
        or _cle(versement, "situation_maintien") == "ancien_ase_sans_accueil_parental"
    )


def orphelin(ressources: Any, versement: Any) -> bool:
    """Aucune source stockée ne dit quelle pièce joindre : à vérifier auprès du Crous."""
    return (
        _cle(ressources, "orphelin_des_deux_parents") is True
        or _cle(versement, "situation_maintien") == "orphelin_des_deux_parents"
    )


def tutelle(ressources: Any) -> bool:
    """Aucune source stockée ne dit quelle pièce joindre : à vérifier auprès du Crous."""
    return _cle(ressources, "tutelle_ou_delegation_d_autorite_parentale") is True


def pupille_de_l_etat(versement: Any) -> bool:
    """Aucune source stockée ne dit quelle pièce joindre : à vérifier auprès du Crous."""
    return _cle(versement, "situation_maintien") == "pupille_de_l_etat"


# --- La liste -------------------------------------------------------------------------------


def codes_des_pieces(
    situation: Situation,
    complements: Any,
    eligibilite_sortie: dict[str, Any] | None = None,
    ressources_sortie: dict[str, Any] | None = None,
) -> list[str]:
    """Les codes des pièces demandées, dans l'ordre de `PIECES`, chacun une fois ; aucune si une
    condition d'attribution n'est pas remplie (le résultat dit déjà laquelle)."""
    if eligibilite_sortie is not None and eligibilite_sortie["statut"] == NON_REMPLIE:
        return []
    e, r, v = complements.eligibilite, complements.ressources, complements.versement
    demandees = {
        *avis_fiscaux(r, ressources_sortie),
        "justificatifs_de_scolarite",
    }
    regles = {
        "scolarite_des_freres_et_soeurs": freres_et_soeurs_etudiants(situation),
        "notification_cdaph": handicap_reconnu(situation),
        "justificatifs_d_aidant": etudiant_aidant(situation),
        "attestation_ofpra": refugie(e, r, v),
        "justificatif_protection_subsidiaire": protection_subsidiaire(e),
        "revenus_des_parents_a_l_etranger": parents_a_l_etranger(v),
        "pieces_demandees_par_le_consulat": parents_a_l_etranger(v),
        "justificatifs_baisse_des_revenus": baisse_durable_des_revenus(r),
        "justificatif_aide_sociale_a_l_enfance": aide_sociale_a_l_enfance(r, v),
        "justificatif_orphelin": orphelin(r, v),
        "justificatif_tutelle": tutelle(r),
        "justificatif_pupille_de_l_etat": pupille_de_l_etat(v),
    }
    demandees |= {code for code, demandee in regles.items() if demandee}
    return [code for code in PIECES if code in demandees]


def pieces_a_fournir(
    situation: Situation,
    complements: Any,
    eligibilite_sortie: dict[str, Any] | None = None,
    ressources_sortie: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """La clé `pieces_a_fournir` du résultat : une pièce par objet (`code`, `piece`, `raison`,
    `source` {`titre`, `lien`}, `fiabilite`)."""
    return [
        {"code": code, **PIECES[code]._asdict(), "source": dict(PIECES[code].source)}
        for code in codes_des_pieces(situation, complements, eligibilite_sortie, ressources_sortie)
    ]
