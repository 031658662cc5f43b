"""Quels revenus le Crous retient : un court chemin de décision.

La réponse nomme la ou les lignes « revenu brut global » à additionner, jamais un montant :
c'est à l'étudiant de les lire sur le ou les avis d'imposition, et d'entrer leur somme dans
`revenu_brut_global`.

Règle générale : les revenus des parents (ou du tuteur légal), même si l'étudiant déclare ses
impôts seul. Exceptions, où l'on retient le foyer fiscal de l'étudiant : étudiant marié ou
pacsé dont le couple a des ressources d'au moins 90 % du Smic et une déclaration distincte de
celle des parents ; étudiant avec un enfant fiscalement à charge ; étudiant pris en charge (ou
l'ayant été) par l'aide sociale à l'enfance ; orphelin de ses deux parents ; majeur qui était,
mineur, sous tutelle ou délégation d'autorité parentale. Parents séparés : le parent chez qui
vit l'étudiant si la pension alimentaire est fixée (jugement, convention d'avocats déposée chez
un notaire, accord rendu exécutoire par la CAF), sinon les deux. Parent isolé (case T) : ce
parent seul, sauf si la case T figure sur les deux avis.

Texte : regles-bcs.md § 3 (circulaire annuelle, annexe « ressources », citée ou reproduite).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from . import sources
from .bareme import Bareme
from .blocs import EntreeRessources
from .conditions import fiabilite_la_plus_faible

DETERMINE = "determine"
"""Statut du chemin : toutes les questions utiles ont une réponse."""
A_VERIFIER = "a_verifier"
"""Statut du chemin : une réponse manque, ou les sources ne tranchent pas."""

EXCEPTIONS = (
    "etudiant_marie_ou_pacse",
    "enfant_a_charge_de_l_etudiant",
    "aide_sociale_a_l_enfance",
    "orphelin_des_deux_parents",
    "tutelle_ou_delegation_d_autorite_parentale",
)
"""Les situations où le foyer de l'étudiant remplace celui des parents, dans l'ordre examiné."""


class Etape(NamedTuple):
    question: str
    reponse: str


class RevenusPlusRecents(NamedTuple):
    """Les revenus plus récents que le Crous peut retenir après une baisse des ressources."""

    annees_des_revenus: tuple[int, ...]
    raison: str
    source: str
    fiabilite: str

    def en_dict(self) -> dict[str, Any]:
        return {
            "annees_des_revenus": list(self.annees_des_revenus),
            "raison": self.raison,
            "source": self.source,
            "fiabilite": self.fiabilite,
        }


def revenus_plus_recents(r: EntreeRessources, bareme: Bareme) -> RevenusPlusRecents | None:
    """Après une diminution durable et notable des ressources de la famille (chômage,
    retraite, divorce ou séparation, décès, maladie…), les revenus de l'année civile écoulée,
    voire ceux de l'année en cours, peuvent remplacer ceux de l'année N-2 ; le Crous réexamine
    alors le dossier sur cette base.

    Circulaire n° 2010-0010 du 7 mai 2010 (citée par la question écrite AN n° 105401) ;
    circulaire de 1996 (ASH n° 1969) ; fiche service-public F12214 (2020). Aucune circulaire
    de 2019 à 2025 n'a été lue sur ce point : une seule source par texte (source_unique).
    """
    if r.baisse_durable_des_revenus is not True:
        return None
    ecoulee, en_cours = bareme.annee_de_rentree - 1, bareme.annee_de_rentree
    return RevenusPlusRecents(
        annees_des_revenus=(ecoulee, en_cours),
        raison=(
            f"Après une baisse durable et notable des ressources de votre famille (chômage, "
            f"retraite, séparation, décès, maladie…), le Crous peut retenir les revenus de "
            f"{ecoulee}, voire ceux de {en_cours}, au lieu de ceux de {bareme.annee_des_revenus}. "
            "Signalez-le au Crous avec vos justificatifs : il peut recalculer la bourse sur "
            "cette base, et cette estimation, faite sur les revenus de "
            f"{bareme.annee_des_revenus}, changerait alors."
        ),
        source=sources.BAISSE_DES_REVENUS,
        fiabilite="source_unique",
    )


class RevenuSaisi(NamedTuple):
    """Le revenu indiqué est-il celui qui compte ? L'avis d'où il vient (`avis_saisi`), comparé
    aux revenus retenus."""

    avis_saisi: str
    code: str
    statut: str
    raison: str

    def en_dict(self) -> dict[str, Any]:
        return {
            "avis_saisi": self.avis_saisi,
            "code": self.code,
            "statut": self.statut,
            "raison": self.raison,
        }


class Ressources(NamedTuple):
    """Quels revenus additionner, et le chemin qui y mène."""

    statut: str
    revenus_retenus: str | None
    """`foyer_de_l_etudiant`, `foyer_des_parents`, `parent_chez_qui_vit_l_etudiant`,
    `deux_parents`, `parent_isole`, ou None (non déterminé)."""
    lignes_a_additionner: tuple[str, ...]
    chemin: tuple[Etape, ...]
    raison: str
    incertitudes: tuple[str, ...]
    questions_sans_reponse: tuple[str, ...]
    source: str
    fiabilite: str
    revenus_plus_recents: RevenusPlusRecents | None = None
    """Après une baisse durable des ressources : les années plus récentes possibles."""
    revenu_saisi: RevenuSaisi | None = None
    """Le revenu indiqué est-il celui qui compte (None : l'avis d'où il vient n'est pas dit) ?"""

    def en_dict(self) -> dict[str, Any]:
        plus_recents, saisi = self.revenus_plus_recents, self.revenu_saisi
        return {
            "statut": self.statut,
            "revenus_retenus": self.revenus_retenus,
            "lignes_a_additionner": list(self.lignes_a_additionner),
            "chemin": [{"question": e.question, "reponse": e.reponse} for e in self.chemin],
            "raison": self.raison,
            "incertitudes": list(self.incertitudes),
            "questions_sans_reponse": list(self.questions_sans_reponse),
            "source": self.source,
            "fiabilite": self.fiabilite,
            "revenus_plus_recents": plus_recents.en_dict() if plus_recents else None,
            "revenu_saisi": saisi.en_dict() if saisi else None,
        }


def _oui_non(valeur: bool | None) -> str:
    return {True: "oui", False: "non", None: "non indiqué"}[valeur]


def _ligne(bareme: Bareme, de: str) -> str:
    return (
        f"la ligne « revenu brut global » de l'avis d'imposition "
        f"{bareme.annee_de_l_avis_d_imposition} (revenus {bareme.annee_des_revenus}) {de}"
    )


_AJOUTS = (
    "Ajoutez les revenus perçus à l'étranger, dans les collectivités d'outre-mer ou en "
    "Nouvelle-Calédonie, et ceux imposés à taux forfaitaire qui ne figurent pas sur cette "
    "ligne (annexe 3 de la circulaire 2013-0011)."
)
SMIC_NET_OU_BRUT = (
    "90 % du Smic net ou brut : les sources divergent. Le texte du Crous cité en ligne et "
    "OpenFisca disent « net », une citation plus ancienne dit seulement « Smic ». Demandez à "
    "votre Crous lequel il retient si les revenus du couple sont proches du seuil."
)

# --- Le foyer de l'étudiant -------------------------------------------------------------------

QUESTION_MARIE_OU_PACSE = "Étudiant marié ou pacsé ?"
PHRASES_COUPLE = {
    "declaration_commune": "déclaration commune avec les parents : pas une exception",
    "declaration_non_indiquee": "déclaration distincte de celle des parents : non indiqué",
    "au_moins_90_pct_smic_brut": "déclaration distincte, ressources d'au moins 90 % du Smic "
    "brut (donc net)",
    "moins_de_90_pct_smic_net": "ressources sous 90 % du Smic net (donc brut) : pas une exception",
    "entre_90_pct_smic_net_et_brut": "ressources d'au moins 90 % du Smic net mais sous 90 % du "
    "Smic brut : exception selon la lecture « net », pas selon la lecture « brut »",
    "ressources_non_indiquees": "ressources du couple par rapport au Smic : non indiqué",
}
"""La réponse du chemin pour un étudiant marié ou pacsé (après « oui ; »), par raison."""
EXCEPTION_DU_COUPLE = {
    "declaration_commune": False,
    "au_moins_90_pct_smic_brut": True,
    "moins_de_90_pct_smic_net": False,
}
"""Le couple fait-il exception ? Oui, non ; les autres raisons ne le disent pas (None)."""

QUESTIONS_EXCEPTIONS = {
    "enfant_a_charge_de_l_etudiant": "Enfant fiscalement à votre charge ?",
    "aide_sociale_a_l_enfance": "Pris en charge, ou l'ayant été, par l'aide sociale à l'enfance ?",
    "orphelin_des_deux_parents": "Orphelin de vos deux parents ?",
    "tutelle_ou_delegation_d_autorite_parentale": "Sous tutelle ou délégation d'autorité "
    "parentale quand vous étiez mineur ?",
}
"""Les exceptions après le mariage ou le PACS, dans l'ordre examiné, et leur question."""
ETAPE_REFUGIE = Etape(
    "Réfugié ?", "oui ; cette exception ne figure que dans une citation ancienne : à vérifier."
)
INCERTITUDE_REFUGIE = (
    "L'étudiant réfugié ne figure parmi les exceptions que dans une citation ancienne du texte "
    "du Crous ; nous ne savons pas s'il y figure encore. Demandez à votre Crous si seuls vos "
    "revenus sont retenus."
)


def _decision_couple(r: EntreeRessources) -> str:
    """Étudiant marié ou pacsé : la raison (une clé de PHRASES_COUPLE)."""
    if r.declaration_fiscale_separee is False:
        return "declaration_commune"
    if r.declaration_fiscale_separee is None:
        return "declaration_non_indiquee"
    return r.ressources_du_couple or "ressources_non_indiquees"


def foyer_de_l_etudiant(r: EntreeRessources) -> tuple[bool | None, list[Etape], list[str]]:
    """Le foyer fiscal de l'étudiant remplace-t-il celui des parents ? (oui, non, ou None :
    une réponse manque ou les sources ne tranchent pas), avec le chemin et les incertitudes.

    Texte du Crous cité en ligne (commentcamarche, forum-juridique) ; service-public F12214
    (2020) : « si vous êtes marié, pacsé, si vous avez un enfant fiscalement à charge, vos
    seules ressources (ou celles du foyer fiscal auquel vous êtes rattaché) peuvent être
    retenues ».
    """
    chemin: list[Etape] = []
    incertitudes: list[str] = []
    if r.etudiant_marie_ou_pacse is True:
        code = _decision_couple(r)
        chemin.append(Etape(QUESTION_MARIE_OU_PACSE, f"oui ; {PHRASES_COUPLE[code]}."))
        if code == "entre_90_pct_smic_net_et_brut":
            incertitudes.append(SMIC_NET_OU_BRUT)
        couple = EXCEPTION_DU_COUPLE.get(code)
        if couple is True:
            return True, chemin, incertitudes
        inconnu = couple is None
    else:
        chemin.append(Etape(QUESTION_MARIE_OU_PACSE, f"{_oui_non(r.etudiant_marie_ou_pacse)}."))
        inconnu = r.etudiant_marie_ou_pacse is None
    for cle, question in QUESTIONS_EXCEPTIONS.items():
        reponse = getattr(r, cle)
        chemin.append(Etape(question, f"{_oui_non(reponse)}."))
        if reponse is True:
            return True, chemin, incertitudes
        inconnu = inconnu or reponse is None
    if r.refugie is True:
        chemin.append(ETAPE_REFUGIE)
        incertitudes.append(INCERTITUDE_REFUGIE)
        inconnu = True
    return (None if inconnu else False), chemin, incertitudes


# --- Les revenus des parents ------------------------------------------------------------------

SITUATIONS_DES_PARENTS = {
    "vivent_ensemble": "ils vivent ensemble",
    "separes_ou_divorces": "séparés ou divorcés",
    "parent_isole": "parent isolé (case T de l'avis d'imposition)",
    None: "non indiqué",
}
"""La réponse du chemin à « Situation de vos parents ? »."""
QUESTION_CASE_T = "Case T sur les avis de vos deux parents ?"
ETAPE_CASE_T_SUR_LES_DEUX_AVIS = Etape(
    "Alors ?", "la règle du parent isolé ne s'applique pas : celle des parents séparés."
)
QUESTION_PENSION = (
    "Pension alimentaire fixée par un jugement, une convention d'avocats déposée chez un "
    "notaire ou un accord rendu exécutoire par la CAF ?"
)

REVENUS_DES_PARENTS = {
    "parent_isole": (
        "parent_isole",
        "du parent qui a coché la case T (parent isolé)",
        "source_unique",
    ),
    "foyer_des_parents": (
        "foyer_des_parents",
        "de vos parents ; s'ils font deux déclarations (union libre), celles de leurs deux avis",
        "recoupe",
    ),
    "parent_chez_qui_vit_l_etudiant": (
        "parent_chez_qui_vit_l_etudiant",
        "du parent chez qui vous vivez",
        "source_unique",
    ),
    "deux_parents": (
        "deux_parents",
        "de chacun de vos deux parents, additionnées",
        "source_unique",
    ),
    "pension_non_indiquee": (None, None, "source_unique"),
    "situation_non_indiquee": (None, None, "recoupe"),
}
"""Par raison : les revenus retenus (None : non déterminé), de qui est la ligne « revenu brut
global » à lire, et la certitude de la règle."""
_PARENTS_SEPARES = ("parent_chez_qui_vit_l_etudiant", "deux_parents", "pension_non_indiquee")
"""Les raisons de la règle des parents séparés."""
QUESTIONS_DES_PARENTS = {
    "pension_non_indiquee": "ressources.pension_alimentaire_fixee",
    "situation_non_indiquee": "ressources.situation_des_parents",
}
"""La question sans réponse qui laisse les revenus non déterminés."""
INCERTITUDE_REMARIAGE = (
    "Remariage ou nouvelle union d'un parent : service-public le cite parmi les cas "
    "particuliers, mais nous n'avons pas trouvé la règle exacte. Demandez à votre Crous quels "
    "avis d'imposition joindre."
)
INCERTITUDE_PENSION_SANS_JUGEMENT = (
    "Pension versée sans jugement : un texte ancien dit d'additionner les deux revenus sans "
    "compter la pension deux fois ; non vérifié pour les années récentes. Une évaluation "
    "sociale montrant qu'un parent ne peut pas faire face à son obligation alimentaire permet "
    "de ne retenir qu'un foyer. Demandez au service social de votre Crous si cette évaluation "
    "vous concerne."
)


def _decision_parents(r: EntreeRessources) -> str:
    """Les revenus des parents à retenir : une clé de REVENUS_DES_PARENTS. La case T sur les
    deux avis renvoie à la règle des parents séparés."""
    situation = r.situation_des_parents
    if situation == "parent_isole":
        if r.case_t_sur_les_deux_avis is not True:
            return "parent_isole"
        situation = "separes_ou_divorces"
    if situation == "vivent_ensemble":
        return "foyer_des_parents"
    if situation != "separes_ou_divorces":
        return "situation_non_indiquee"
    if r.pension_alimentaire_fixee is None:
        return "pension_non_indiquee"
    return "parent_chez_qui_vit_l_etudiant" if r.pension_alimentaire_fixee else "deux_parents"


def _chemin_des_parents(r: EntreeRessources, code: str) -> list[Etape]:
    """Les questions posées sur les parents pour arriver à cette raison, et leurs réponses."""
    situation = r.situation_des_parents
    chemin = [Etape("Situation de vos parents ?", f"{SITUATIONS_DES_PARENTS[situation]}.")]
    if situation == "parent_isole":
        chemin.append(Etape(QUESTION_CASE_T, f"{_oui_non(r.case_t_sur_les_deux_avis)}."))
        if code != "parent_isole":
            chemin.append(ETAPE_CASE_T_SUR_LES_DEUX_AVIS)
    if code in _PARENTS_SEPARES:
        chemin.append(Etape(QUESTION_PENSION, f"{_oui_non(r.pension_alimentaire_fixee)}."))
    return chemin


def revenus_des_parents(
    r: EntreeRessources, bareme: Bareme
) -> tuple[str | None, tuple[str, ...], list[Etape], list[str], list[str], str]:
    """Les revenus des parents à retenir : (code, lignes, chemin, incertitudes, questions sans
    réponse, fiabilité).

    Parents séparés ou divorcés (divorce, séparation de corps, dissolution du PACS, séparation
    de fait) : seul le parent chez qui vit l'étudiant si l'obligation de l'autre parent de
    verser une pension alimentaire est fixée par un jugement, une convention sous seing privé
    contresignée par avocats et déposée chez un notaire, ou un accord rendu exécutoire par la
    CAF (art. L. 582-2 CSS) ; sinon les deux parents. Parent isolé (case T, ou allocation de
    soutien familial, ou RSA majoré) : ce parent seul, sauf si la case T figure sur les deux
    avis. Texte récent de la circulaire reproduit sur supmaritime.fr/?p=1104.
    """
    code = _decision_parents(r)
    retenus, de, fiabilite = REVENUS_DES_PARENTS[code]
    lignes = (_ligne(bareme, de),) if de else ()
    questions = [QUESTIONS_DES_PARENTS[code]] if code in QUESTIONS_DES_PARENTS else []
    if code == "parent_isole" and r.case_t_sur_les_deux_avis is None:
        questions.append("ressources.case_t_sur_les_deux_avis")
    incertitudes = [INCERTITUDE_REMARIAGE] if code in _PARENTS_SEPARES else []
    if code == "deux_parents":
        incertitudes.append(INCERTITUDE_PENSION_SANS_JUGEMENT)
    return retenus, lignes, _chemin_des_parents(r, code), incertitudes, questions, fiabilite


# --- Le chemin complet ------------------------------------------------------------------------


def ressources(r: EntreeRessources, bareme: Bareme) -> Ressources:
    """Quels revenus retenir, et, après une baisse durable des ressources, lesquels pourraient
    les remplacer ; si l'avis du revenu indiqué est dit, si ce revenu est celui qui compte."""
    retenus = revenus_retenus(r, bareme)
    return retenus._replace(
        revenus_plus_recents=revenus_plus_recents(r, bareme),
        revenu_saisi=revenu_saisi(r, retenus, bareme),
    )


# --- Le revenu indiqué est-il celui qui compte ? ----------------------------------------------

CONFORME, A_REVOIR = "conforme", "a_revoir"
"""Statuts du revenu indiqué : celui qui compte, à revoir (un autre compte), ou à vérifier."""

PHRASES_REVENU_SAISI = {
    "conforme": "Le revenu indiqué vient de l'avis d'imposition qui compte d'après vos réponses.",
    "parents_comptent": "Le revenu qui compte est celui de vos parents, pas celui de votre "
    "propre foyer fiscal : d'après vos réponses, aucune des situations où vos seules ressources "
    "sont retenues ne vous concerne, même si vous déclarez vos impôts seul. Indiquez le revenu "
    "brut global de l'avis d'imposition {avis} de vos parents : le montant ci-dessous, calculé "
    "sur le vôtre, ne vaut pas.",
    "propre_foyer_a_justifier": "Vous indiquez le revenu de votre propre foyer fiscal, mais le "
    "Crous retient en général celui de vos parents, même si vous déclarez vos impôts seul. Le "
    "vôtre ne compte que dans quelques situations (marié ou pacsé avec des ressources "
    "suffisantes, enfant à votre charge, aide sociale à l'enfance, orphelin de vos deux "
    "parents, tutelle) : vérifiez la vôtre avant de vous fier au montant ci-dessous.",
    "foyer_etudiant_compte": "D'après vos réponses, c'est le revenu de votre propre foyer fiscal "
    "qui compte, pas celui de vos parents : indiquez le revenu brut global de votre avis "
    "d'imposition {avis}. Le montant ci-dessous, calculé sur celui de vos parents, ne vaut pas.",
    "deux_parents_a_additionner": "Vos parents sont séparés et la pension alimentaire n'est "
    "fixée ni par un jugement, ni par une convention d'avocats déposée chez un notaire, ni par "
    "un accord rendu exécutoire par la CAF : les revenus de vos deux parents comptent. "
    "Additionnez les lignes « revenu brut global » de leurs deux avis d'imposition {avis} : le "
    "montant ci-dessous, calculé sur un seul, ne vaut pas.",
    "pension_a_verifier": "Parents séparés : seul compte l'avis d'imposition {avis} du parent "
    "chez qui vous vivez si la pension alimentaire est fixée par un jugement, une convention "
    "d'avocats déposée chez un notaire ou un accord rendu exécutoire par la CAF ; sinon, les "
    "revenus de vos deux parents s'additionnent. Vérifiez votre cas avant de vous fier au "
    "montant ci-dessous.",
}
"""Les phrases de `revenu_saisi`, par raison."""

STATUTS_REVENU_SAISI = {
    "conforme": CONFORME,
    "parents_comptent": A_REVOIR,
    "propre_foyer_a_justifier": A_VERIFIER,
    "foyer_etudiant_compte": A_REVOIR,
    "deux_parents_a_additionner": A_REVOIR,
    "pension_a_verifier": A_VERIFIER,
}
"""Le statut du revenu indiqué, par raison."""


def _decision_revenu_saisi(avis: str, propre: bool | None, retenus: Ressources) -> str:
    """La raison de `revenu_saisi` (une clé de PHRASES_REVENU_SAISI) : l'avis d'où vient le
    revenu indiqué, comparé à la décision des revenus retenus (`revenus_retenus`)."""
    code = retenus.revenus_retenus
    if avis == "foyer_etudiant":
        if code == "foyer_de_l_etudiant":
            return "conforme"
        return "parents_comptent" if propre is False else "propre_foyer_a_justifier"
    if code == "foyer_de_l_etudiant":
        return "foyer_etudiant_compte"
    if code == "deux_parents":
        return "deux_parents_a_additionner"
    if code is None and "ressources.pension_alimentaire_fixee" in retenus.questions_sans_reponse:
        return "pension_a_verifier"
    return "conforme"


def revenu_saisi(r: EntreeRessources, retenus: Ressources, bareme: Bareme) -> RevenuSaisi | None:
    """Le revenu indiqué vient-il de l'avis d'imposition qui compte ? Un étudiant qui déclare
    ses impôts seul tape souvent son propre revenu, alors que celui de ses parents compte
    (sauf exception : `foyer_de_l_etudiant`) ; un étudiant de parents séparés, celui d'un seul
    parent, alors que les deux comptent sans pension fixée. None si l'avis n'est pas dit.

    Même texte que `revenus_retenus` (regles-bcs.md § 3).
    """
    if r.avis_saisi is None:
        return None
    propre, _, _ = foyer_de_l_etudiant(r)
    code = _decision_revenu_saisi(r.avis_saisi, propre, retenus)
    avis = f"{bareme.annee_de_l_avis_d_imposition} (revenus {bareme.annee_des_revenus})"
    return RevenuSaisi(
        r.avis_saisi, code, STATUTS_REVENU_SAISI[code], PHRASES_REVENU_SAISI[code].format(avis=avis)
    )


PHRASES_RESSOURCES = {
    "foyer_de_l_etudiant": "Vous êtes dans un cas où vos seules ressources (ou celles du foyer "
    "fiscal auquel vous êtes rattaché) sont retenues, pas celles de vos parents. {ajouts}",
    "reponse_incomplete": "Réponse incomplète : les questions sans réponse décident des revenus "
    "retenus.",
    "exception_non_tranchee": "Les revenus de vos parents, comme ci-dessous, sauf si une "
    "exception non tranchée (réponse manquante ou sources en conflit) vous concerne : ce "
    "seraient alors ceux de votre propre foyer fiscal. {ajouts}",
    "revenus_des_parents": "Aucune exception ne vous concerne : ce sont les revenus de vos "
    "parents. {ajouts}",
}
"""Les phrases de `revenus_retenus`, par raison."""


def _decision_ressources(propre: bool | None, code_des_parents: str | None) -> str:
    """La raison de `revenus_retenus` (une clé de PHRASES_RESSOURCES)."""
    if propre is True:
        return "foyer_de_l_etudiant"
    if code_des_parents is None:
        return "reponse_incomplete"
    return "exception_non_tranchee" if propre is None else "revenus_des_parents"


def _questions_du_foyer(r: EntreeRessources) -> list[str]:
    """Les questions sans réponse sur les exceptions (foyer de l'étudiant)."""
    questions = [f"ressources.{cle}" for cle in EXCEPTIONS if getattr(r, cle) is None]
    if r.etudiant_marie_ou_pacse is True:
        if r.declaration_fiscale_separee is None:
            questions.append("ressources.declaration_fiscale_separee")
        elif r.declaration_fiscale_separee is True and r.ressources_du_couple is None:
            questions.append("ressources.ressources_du_couple")
    return questions


def revenus_retenus(r: EntreeRessources, bareme: Bareme) -> Ressources:
    """Le chemin complet : d'abord les exceptions (foyer de l'étudiant), puis les parents."""
    propre, chemin, incertitudes = foyer_de_l_etudiant(r)
    if propre is True:
        return _revenus_de_l_etudiant(r, bareme, chemin, incertitudes)
    code, lignes, chemin_parents, incertitudes_parents, questions_parents, fiabilite = (
        revenus_des_parents(r, bareme)
    )
    questions = _questions_du_foyer(r) + questions_parents
    statut = DETERMINE if propre is False and code is not None and not questions else A_VERIFIER
    return Ressources(
        statut=statut,
        revenus_retenus=code,
        lignes_a_additionner=lignes,
        chemin=(*chemin, *chemin_parents),
        raison=PHRASES_RESSOURCES[_decision_ressources(propre, code)].format(ajouts=_AJOUTS),
        incertitudes=tuple(dict.fromkeys(incertitudes + incertitudes_parents)),
        questions_sans_reponse=tuple(dict.fromkeys(questions)),
        source=f"{sources.RESSOURCES_CROUS_CITE} ; {sources.RESSOURCES_SUPMARITIME} ; "
        f"{sources.RESSOURCES_ANNEXE_2013}",
        fiabilite=fiabilite_la_plus_faible(("recoupe", fiabilite)),
    )


def _revenus_de_l_etudiant(
    r: EntreeRessources, bareme: Bareme, chemin: list[Etape], incertitudes: list[str]
) -> Ressources:
    """Une exception s'applique : les revenus du foyer fiscal de l'étudiant."""
    return Ressources(
        statut=DETERMINE,
        revenus_retenus="foyer_de_l_etudiant",
        lignes_a_additionner=(
            _ligne(bareme, "de votre propre foyer fiscal (ou de celui auquel vous êtes rattaché)"),
        ),
        chemin=tuple(chemin),
        raison=PHRASES_RESSOURCES["foyer_de_l_etudiant"].format(ajouts=_AJOUTS),
        incertitudes=tuple(incertitudes),
        questions_sans_reponse=(),
        source=sources.RESSOURCES_CROUS_CITE
        + (f" ; {sources.SMIC_OPENFISCA}" if r.etudiant_marie_ou_pacse else ""),
        fiabilite="recoupe",
    )
