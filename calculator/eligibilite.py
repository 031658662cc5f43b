"""Éligibilité : âge, diplôme, nationalité, études et droits annuels à bourse.

Un échelon seul peut tromper : la bourse est refusée, quel que soit le revenu, à qui ne remplit
pas ces conditions. Chaque condition est une fonction qui répond « remplie », « non remplie » ou
« à vérifier », avec sa raison, sa source et son degré de certitude. Chacune est faite d'une
décision (`_decision_…`, qui rend un code de raison) et de ses phrases (`PHRASES_…`, par code) :
la fonction publique les assemble.

Texte : circulaire annuelle relative aux modalités d'attribution, annexe « critères
d'attribution » (non lue au Bulletin officiel ; l'annexe 2 de la circulaire de 2020 est
reproduite mot pour mot en ligne, et reprise par les Crous et service-public : regles-bcs.md
§ 6) ; droits annuels : etudiant.gouv.fr (regles-bcs.md § 7).
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from . import sources
from .bareme import Bareme
from .blocs import EntreeEligibilite
from .conditions import (
    A_VERIFIER,
    LIBELLES_STATUT,
    NON_REMPLIE,
    REMPLIE,
    Condition,
    fiabilite_la_plus_faible,
    phrase,
    statut_combine,
)
from .format import nombre

DROITS_ANNUELS_MAXIMUM = 7
"""Droits annuels à bourse sur l'ensemble des études supérieures (etudiant.gouv.fr)."""
DROITS_ANNUELS_MAXIMUM_LICENCE = 5
"""Droits au plus dans le cycle licence, ou tout cursus jusqu'à bac + 3 (etudiant.gouv.fr)."""
CREDITS_EXIGES = {3: 60, 4: 120, 5: 120, 6: 180, 7: 180}
"""Crédits ECTS validés exigés, au 1er septembre, pour le 3e, les 4e et 5e, les 6e et 7e
droits (etudiant.gouv.fr) ; les deux premiers droits n'en exigent pas."""
DROITS_SUPPLEMENTAIRES_HANDICAP = 3
"""Droits au-delà des sept pour un étudiant en situation de handicap (lescrous.fr)."""
DROITS_SUPPLEMENTAIRES_CDAPH = 2
"""Droits pour l'étudiant sans droits restants mais avec une ouverture de droits notifiée par
la CDAPH : AAH, RQTH, PPS… (lescrous.fr)."""
ANNEES_DE_RESIDENCE_UE = 5
"""Ressortissant de l'UE, de l'EEE ou de la Suisse : plus aucune condition après 5 ans de
résidence régulière ininterrompue (circulaire 2020, annexe 2)."""


class Eligibilite(NamedTuple):
    """La liste des conditions et leur bilan."""

    statut: str
    conditions: tuple[Condition, ...]

    def en_dict(self) -> dict[str, Any]:
        return {
            "statut": self.statut,
            "libelle_statut": LIBELLES_STATUT[self.statut],
            "conditions": [c.en_dict() for c in self.conditions],
        }


def eligibilite(e: EntreeEligibilite, handicap: bool, bareme: Bareme) -> Eligibilite:
    """Toutes les conditions, dans l'ordre de la circulaire. Le bilan est « non remplie » si
    une condition ne l'est pas, « à vérifier » si une reste à vérifier, « remplie » sinon."""
    conditions = (
        condition_age(e, handicap, bareme),
        condition_diplome(e),
        condition_nationalite(e),
        condition_etudes(e),
        condition_droits_annuels(e, handicap),
    )
    return Eligibilite(statut_combine(c.statut for c in conditions), conditions)


# --- Âge --------------------------------------------------------------------------------------


def mois_revolus_au_1er_septembre(naissance: date, annee_de_rentree: int) -> int:
    """L'âge en mois révolus au 1er septembre de la rentrée (né le 1er septembre 1997 : 336
    mois, soit 28 ans, le 1er septembre 2025 ; né le 2 : 335)."""
    mois = (annee_de_rentree - naissance.year) * 12 + (9 - naissance.month)
    return mois - 1 if naissance.day > 1 else mois


def age_en_mois(e: EntreeEligibilite, annee_de_rentree: int) -> tuple[int, int] | None:
    """L'âge au 1er septembre en mois, comme un intervalle [au moins, au plus] : exact depuis
    une date de naissance, à onze mois près depuis un âge en années ; None s'il manque."""
    if e.date_de_naissance is not None:
        mois = mois_revolus_au_1er_septembre(e.date_de_naissance, annee_de_rentree)
        return mois, mois
    if e.age_au_1er_septembre is not None:
        return e.age_au_1er_septembre * 12, e.age_au_1er_septembre * 12 + 11
    return None


def limites_d_age_en_mois(ans: int, enfants: int, service_mois: int) -> tuple[int, int]:
    """L'âge limite en mois, reculé d'un an par enfant élevé et par un service civique ou un
    volontariat, selon les deux lectures des sources (regles-bcs.md § 6 et § 11.6) :

    - la circulaire (annexe 2 de 2020) : « en fonction de la durée » du service ou du
      volontariat (service civique, volontariat dans les armées, volontariat international) ;
    - service-public (2020) : « 1 an » pour le volontariat dans les armées.
    """
    base = 12 * (ans + enfants)
    return base + service_mois, base + (12 if service_mois > 0 else 0)


def _sous_la_limite(age: tuple[int, int], limite: int) -> str:
    """« Moins de N ans au 1er septembre » : l'âge en mois est-il sous la limite ?"""
    if age[1] < limite:
        return REMPLIE
    if age[0] >= limite:
        return NON_REMPLIE
    return A_VERIFIER


def _duree(mois: int) -> str:
    ans, reste = divmod(mois, 12)
    morceaux = []
    if ans:
        morceaux.append(f"{ans} an{'s' if ans > 1 else ''}")
    if reste:
        morceaux.append(f"{reste} mois")
    return " et ".join(morceaux) or "0 mois"


PHRASES_AGE = {
    "handicap": "Aucune limite d'âge pour un étudiant dont le handicap est reconnu par la CDAPH.",
    "sans_limite": "Âge limite absent du barème {annee}.",
    "sans_age": "Indiquez votre date de naissance (« eligibilite.date_de_naissance ») : il faut "
    "avoir moins de {ans} ans au 1er septembre {rentree} pour une première demande.",
    # Les raisons suivantes viennent après « vous avez … ; limite : … ».
    "renouvellement_continu": "en renouvellement, la bourse continue au-delà de la limite tant "
    "que les études ne sont pas interrompues, ce que vous indiquez",
    "lectures_divergentes": "la réponse dépend de la lecture des sources",
    "sous_la_limite": "",
    "age_en_annees": "l'âge en années ne suffit pas pour trancher : indiquez la date de "
    "naissance (« eligibilite.date_de_naissance »)",
    "recul_non_indique": "limite dépassée, sauf recul non indiqué : indiquez {manque}",
    "etudes_interrompues": "au-delà de la limite, la bourse ne continue que si les études n'ont "
    "pas été interrompues, et les vôtres l'ont été",
    "interruption_non_indiquee": "en renouvellement, la bourse continue si les études n'ont pas "
    "été interrompues : indiquez-le (« eligibilite.etudes_sans_interruption »)",
    "premiere_demande_non_indiquee": "limite dépassée pour une première demande ; en "
    "renouvellement, la bourse continue si les études n'ont pas été interrompues : indiquez "
    "s'il s'agit d'une première demande (« eligibilite.premiere_demande »)",
    "limite_depassee": "limite dépassée pour une première demande",
    "limite_depassee_sauf_recul": "limite dépassée pour une première demande ; elle recule "
    "d'un an par enfant que vous élevez et de la durée d'un service civique ou d'un "
    "volontariat : indiquez {manque}",
}
"""Les phrases de `condition_age`, par raison."""

STATUTS_AGE = {
    "handicap": REMPLIE,
    "sans_limite": A_VERIFIER,
    "sans_age": A_VERIFIER,
    "renouvellement_continu": REMPLIE,
    "lectures_divergentes": A_VERIFIER,
    "sous_la_limite": REMPLIE,
    "age_en_annees": A_VERIFIER,
    "recul_non_indique": A_VERIFIER,
    "etudes_interrompues": NON_REMPLIE,
    "interruption_non_indiquee": A_VERIFIER,
    "premiere_demande_non_indiquee": A_VERIFIER,
    "limite_depassee": NON_REMPLIE,
    "limite_depassee_sauf_recul": NON_REMPLIE,
}
"""Le statut de la condition d'âge, par raison : une première demande au-delà de la limite est
refusée, même si un recul (enfants élevés, service civique) reste à dire ; la raison dit alors
ce qui la ferait reculer."""

QUESTIONS_AGE = {
    "sans_age": "date_de_naissance",
    "age_en_annees": "date_de_naissance",
    "interruption_non_indiquee": "etudes_sans_interruption",
    "premiere_demande_non_indiquee": "premiere_demande",
}
"""La question qui tranche la condition d'âge, par raison (les reculs non indiqués : le premier
qui manque)."""

RECULS_NON_INDIQUES = {
    "enfants_eleves": "les enfants que vous élevez (« eligibilite.enfants_eleves »)",
    "service_civique_ou_volontariat_mois": "la durée d'un service civique ou d'un volontariat "
    "(« eligibilite.service_civique_ou_volontariat_mois »)",
}
"""Ce qui peut reculer la limite d'âge, quand l'entrée ne le dit pas."""

MORCEAUX_AGE = {
    "age_exact": "vous avez {duree} au 1er septembre {rentree}",
    "age_en_annees": "vous avez {ans} ans au 1er septembre {rentree}",
    "limite": "limite : moins de {duree} au 1er septembre {rentree}",
    "recul": " ({ans} ans, reculés de {reculs})",
    "recul_enfants": "{ans} an{s} pour {enfants}",
    "recul_service": "{duree} de service civique ou de volontariat",
    "conflit_service": "Sources en conflit sur le recul pour un service civique ou un "
    "volontariat : « en fonction de la durée » selon la circulaire, « 1 an » selon "
    "service-public (2020). La limite est de {circulaire} selon la première, {service_public} "
    "selon la seconde. Demandez à votre Crous le recul qu'il retient, attestation de service "
    "en main.",
}
"""Les morceaux communs des phrases de `condition_age` : l'âge, la limite, son recul."""


_RAISONS_AVANT_LA_LIMITE = ("handicap", "sans_limite", "sans_age")
"""Les raisons dites sans comparer l'âge à la limite (phrases entières)."""


class DecisionAge(NamedTuple):
    """La raison qui décide de la condition d'âge, et les limites (en mois) qu'elle compare."""

    code: str
    selon_circulaire: int = 0
    selon_service_public: int = 0


def _decision_age(
    e: EntreeEligibilite, handicap: bool, ans: int | None, age: tuple[int, int] | None
) -> DecisionAge:
    """La raison de `condition_age` (une clé de PHRASES_AGE), avec les deux limites."""
    if handicap:
        return DecisionAge("handicap")
    if ans is None:
        return DecisionAge("sans_limite")
    if age is None:
        return DecisionAge("sans_age")
    enfants, service = e.enfants_eleves or 0, e.service_civique_ou_volontariat_mois or 0
    limites = limites_d_age_en_mois(ans, enfants, service)
    return DecisionAge(_raison_selon_les_limites(e, age, limites), *limites)


def _raison_selon_les_limites(
    e: EntreeEligibilite, age: tuple[int, int], limites: tuple[int, int]
) -> str:
    """L'âge comparé aux limites des deux lectures, puis, au-delà, ce qui peut encore ouvrir
    droit : un renouvellement sans interruption des études, ou un recul non encore indiqué."""
    circulaire, service_public = (_sous_la_limite(age, limite) for limite in limites)
    renouvellement_continu = e.premiere_demande is False and e.etudes_sans_interruption is True
    if renouvellement_continu and (circulaire, service_public) != (REMPLIE, REMPLIE):
        return "renouvellement_continu"
    if circulaire != service_public:
        return "lectures_divergentes"
    if circulaire == REMPLIE:
        return "sous_la_limite"
    if circulaire == A_VERIFIER:
        return "age_en_annees"
    if e.premiere_demande is True:
        return "limite_depassee_sauf_recul" if _reculs_non_indiques(e) else "limite_depassee"
    if _reculs_non_indiques(e):
        return "recul_non_indique"
    if e.premiere_demande is False:
        if e.etudes_sans_interruption is False:
            return "etudes_interrompues"
        return "interruption_non_indiquee"
    return "premiere_demande_non_indiquee"


def _reculs_non_indiques(e: EntreeEligibilite) -> list[str]:
    """Les clés de RECULS_NON_INDIQUES que l'entrée ne dit pas."""
    return [cle for cle in RECULS_NON_INDIQUES if getattr(e, cle) is None]


def condition_age(e: EntreeEligibilite, handicap: bool, bareme: Bareme) -> Condition:
    """Âge : moins de 28 ans (barème, `age_limite.ans`) au 1er septembre de l'année
    universitaire pour une première demande ; limite reculée d'un an par enfant élevé et de la
    durée d'un service civique ou d'un volontariat ; aucune limite pour un handicap reconnu par
    la CDAPH ; à partir de 28 ans, la bourse continue si les études ne sont pas interrompues.

    Circulaire 2020, annexe 2 (reproduite) ; Crous de Reims ; lescrous.fr (handicap).
    Conflit : « 1 an » (service-public) contre « en fonction de la durée » (circulaire).
    """
    limite, rentree = bareme.age_limite, bareme.annee_de_rentree
    age = age_en_mois(e, rentree)
    decision = _decision_age(e, handicap, limite.ans if limite else None, age)
    code = decision.code
    source = f"{sources.CIRCULAIRE_2020_ANNEXE_2} ; {sources.CROUS_REIMS}"
    fiabilite = (
        "recoupe" if limite is None else fiabilite_la_plus_faible(("recoupe", limite.fiabilite))
    )
    incertitude = None
    if code in _RAISONS_AVANT_LA_LIMITE:
        raison = PHRASES_AGE[code].format(
            annee=bareme.annee_universitaire, ans=limite.ans if limite else None, rentree=rentree
        )
        if code == "handicap":
            source = f"{sources.LESCROUS_HANDICAP} ; {source}"
    else:
        incertitude = _conflit_sur_le_service(e, decision)
        if incertitude:
            source = f"{source} ; {sources.SERVICE_PUBLIC_F12214}"
        raison = _raison_age(e, decision, age, limite.ans, rentree)
    reculs = _reculs_non_indiques(e) if code.startswith(("recul", "limite_depassee_")) else []
    question = f"eligibilite.{reculs[0]}" if reculs else _question(QUESTIONS_AGE, code)
    return Condition(
        "age", "Âge", STATUTS_AGE[code], raison, incertitude, source, fiabilite, question
    )


def _question(questions: dict[str, str], code: str) -> str | None:
    """« eligibilite.cle » : la question qui tranche cette raison, ou None."""
    cle = questions.get(code)
    return None if cle is None else f"eligibilite.{cle}"


def _raison_age(
    e: EntreeEligibilite, decision: DecisionAge, age: tuple[int, int], ans: int, rentree: int
) -> str:
    """« Vous avez … ; limite : … ; » puis la phrase de la raison."""
    if e.date_de_naissance is not None:
        votre_age = MORCEAUX_AGE["age_exact"].format(duree=_duree(age[0]), rentree=rentree)
    else:
        votre_age = MORCEAUX_AGE["age_en_annees"].format(
            ans=e.age_au_1er_septembre, rentree=rentree
        )
    enfants, service = e.enfants_eleves or 0, e.service_civique_ou_volontariat_mois or 0
    reculs = []
    if enfants:
        pluriel = "s" if enfants > 1 else ""
        reculs.append(
            MORCEAUX_AGE["recul_enfants"].format(ans=enfants, s=pluriel, enfants=_enfants(enfants))
        )
    if service:
        reculs.append(MORCEAUX_AGE["recul_service"].format(duree=_duree(service)))
    limite = MORCEAUX_AGE["limite"].format(duree=_duree(decision.selon_circulaire), rentree=rentree)
    if reculs:
        limite += MORCEAUX_AGE["recul"].format(ans=ans, reculs=" et ".join(reculs))
    manque = " et ".join(RECULS_NON_INDIQUES[cle] for cle in _reculs_non_indiques(e))
    return phrase([votre_age, limite, PHRASES_AGE[decision.code].format(manque=manque)])


def _conflit_sur_le_service(e: EntreeEligibilite, decision: DecisionAge) -> str | None:
    """Un service civique ou un volontariat d'une autre durée qu'un an : les sources divergent."""
    service = e.service_civique_ou_volontariat_mois or 0
    if not service or service == 12:
        return None
    return MORCEAUX_AGE["conflit_service"].format(
        circulaire=_duree(decision.selon_circulaire),
        service_public=_duree(decision.selon_service_public),
    )


def _enfants(n: int) -> str:
    return f"{n} enfant{'s' if n > 1 else ''} élevé{'s' if n > 1 else ''}"


# --- Diplôme ----------------------------------------------------------------------------------


PHRASES_DIPLOME = {
    "baccalaureat": "Vous avez le baccalauréat.",
    "daeu": "Vous avez le DAEU (diplôme d'accès aux études universitaires).",
    "equivalence_ou_dispense": "Vous avez un titre admis en dispense ou en équivalence du "
    "baccalauréat.",
    "deuxieme_annee_ou_plus": "Bourse demandée pour la {annee}e année d'études supérieures : le "
    "baccalauréat n'est pas exigé pour une bourse accordée à partir du passage en deuxième "
    "année.",
    "sans_bac_en_premiere_annee": "Sans baccalauréat ni titre admis en dispense ou en "
    "équivalence, pas de bourse en première année ; elle reste possible à partir du passage en "
    "deuxième année.",
    "sans_bac_annee_non_indiquee": "Sans baccalauréat, la bourse n'est possible qu'à partir du "
    "passage en deuxième année : indiquez l'année d'études visée (« eligibilite.annee_d_etudes »).",
    "diplome_non_indique": "Indiquez votre diplôme (« eligibilite.diplome ») : baccalauréat, "
    "DAEU, titre admis en dispense ou en équivalence ; non exigé à partir du passage en deuxième "
    "année.",
}
"""Les phrases de `condition_diplome`, par raison."""

STATUTS_DIPLOME = {
    "baccalaureat": REMPLIE,
    "daeu": REMPLIE,
    "equivalence_ou_dispense": REMPLIE,
    "deuxieme_annee_ou_plus": REMPLIE,
    "sans_bac_en_premiere_annee": NON_REMPLIE,
    "sans_bac_annee_non_indiquee": A_VERIFIER,
    "diplome_non_indique": A_VERIFIER,
}
"""Le statut de la condition de diplôme, par raison."""

QUESTIONS_DIPLOME = {
    "sans_bac_annee_non_indiquee": "annee_d_etudes",
    "diplome_non_indique": "diplome",
}
"""La question qui tranche la condition de diplôme, par raison."""


def _decision_diplome(e: EntreeEligibilite) -> str:
    """La raison de `condition_diplome` (une clé de PHRASES_DIPLOME)."""
    if e.diplome in ("baccalaureat", "daeu", "equivalence_ou_dispense"):
        return e.diplome
    if e.annee_d_etudes is not None and e.annee_d_etudes >= 2:
        return "deuxieme_annee_ou_plus"
    if e.diplome == "aucun" and e.annee_d_etudes == 1:
        return "sans_bac_en_premiere_annee"
    if e.diplome == "aucun":
        return "sans_bac_annee_non_indiquee"
    return "diplome_non_indique"


def condition_diplome(e: EntreeEligibilite) -> Condition:
    """Diplôme : baccalauréat français, ou titre ou diplôme admis en dispense ou en équivalence
    pour l'inscription en première année (dont le DAEU) ; non exigé pour une bourse accordée au
    passage en deuxième année.

    Circulaire 2020, annexe 2 (reproduite) ; Crous de Reims.
    """
    code = _decision_diplome(e)
    raison = PHRASES_DIPLOME[code].format(annee=e.annee_d_etudes)
    source = f"{sources.CIRCULAIRE_2020_ANNEXE_2} ; {sources.CROUS_REIMS}"
    return Condition(
        "diplome",
        "Diplôme",
        STATUTS_DIPLOME[code],
        raison,
        None,
        source,
        "recoupe",
        _question(QUESTIONS_DIPLOME, code),
    )


# --- Nationalité ------------------------------------------------------------------------------


_SOURCE_NATIONALITE = f"{sources.NATIONALITE_ETUDIANT_GOUV} ; {sources.CROUS_REIMS}"

EXIGENCES_TITRE_DE_SEJOUR = {
    "domicile_en_france_2_ans": "domicilié en France depuis au moins 2 ans",
    "foyer_fiscal_en_france_2_ans": "rattaché à un foyer fiscal (père, mère ou tuteur) en "
    "France depuis au moins 2 ans",
}
"""Ce qu'un titre de séjour exige en plus, par clé de l'entrée."""

PHRASES_NATIONALITE = {
    "nationalite_non_indiquee": "Indiquez votre nationalité (« eligibilite.nationalite »).",
    "francaise": "Étudiant de nationalité française.",
    "ue_emploi_en_france": "Ressortissant de l'UE, de l'EEE ou de la Suisse ; vous avez occupé "
    "un emploi réel et effectif en France, à temps plein ou partiel, salarié ou non.",
    "ue_parent_revenus_en_france": "Ressortissant de l'UE, de l'EEE ou de la Suisse ; un de vos "
    "parents ou votre tuteur légal a perçu des revenus en France.",
    "ue_residence_5_ans": "Ressortissant de l'UE, de l'EEE ou de la Suisse ; après {ans} ans de "
    "résidence régulière et ininterrompue en France, aucune autre condition n'est exigée.",
    "ue_integration_en_france": "Ressortissant de l'UE, de l'EEE ou de la Suisse : le degré "
    "d'intégration en France (séjour d'au moins un an, scolarité en France, attaches "
    "familiales) est apprécié par le Crous.",
    "ue_aucune": "Un ressortissant de l'UE, de l'EEE ou de la Suisse doit avoir occupé un emploi "
    "en France, avoir un parent ou tuteur ayant perçu des revenus en France, ou justifier d'un "
    "degré d'intégration, sauf après {ans} ans de résidence.",
    "ue_condition_non_indiquee": "Ressortissant de l'UE, de l'EEE ou de la Suisse : indiquez la "
    "condition remplie (« eligibilite.condition_ue_eee_suisse ») : emploi en France, revenus "
    "d'un parent en France, intégration, ou {ans} ans de résidence.",
    "andorrane_lycee_francais": "Andorran précédemment scolarisé dans un lycée français.",
    "andorrane_sans_lycee_francais": "Un étudiant andorran doit avoir été scolarisé dans un "
    "lycée français de la principauté.",
    "andorrane_lycee_non_indique": "Un étudiant andorran doit avoir été scolarisé dans un lycée "
    "français de la principauté : indiquez-le (« eligibilite.scolarite_lycee_francais_andorre »).",
    "refugie": "Réfugié (statut reconnu par l'OFPRA ou la CNDA).",
    "protection_subsidiaire": "Bénéficiaire de la protection subsidiaire.",
    "protection_temporaire": "Bénéficiaire de la protection temporaire : l'accès à la bourse "
    "n'est indiqué que par une source secondaire ; à confirmer auprès du Crous.",
    "sans_titre": "Un étudiant d'une autre nationalité doit être réfugié, bénéficiaire de la "
    "protection subsidiaire, ou titulaire d'un titre de séjour (domicilié en France et rattaché "
    "à un foyer fiscal en France depuis au moins 2 ans).",
    "titre_de_sejour": "Titre de séjour, et vous êtes {exigences}.",
    "titre_de_sejour_insuffisant": "Avec un titre de séjour, il faut aussi être {exigences} ; "
    "vous n'êtes pas {manquantes}.",
    "titre_de_sejour_exigences_non_indiquees": "Avec un titre de séjour, il faut aussi être "
    "domicilié en France depuis au moins 2 ans (« eligibilite.domicile_en_france_2_ans ») et "
    "rattaché à un foyer fiscal en France depuis au moins 2 ans (« eligibilite."
    "foyer_fiscal_en_france_2_ans »).",
    "statut_non_indique": "Indiquez votre statut en France (« eligibilite.statut_etranger ») : "
    "réfugié, protection subsidiaire, protection temporaire, titre de séjour.",
}
"""Les phrases de `condition_nationalite`, par raison."""

STATUTS_NATIONALITE = {
    "nationalite_non_indiquee": A_VERIFIER,
    "francaise": REMPLIE,
    "ue_emploi_en_france": REMPLIE,
    "ue_parent_revenus_en_france": REMPLIE,
    "ue_residence_5_ans": REMPLIE,
    "ue_integration_en_france": A_VERIFIER,
    "ue_aucune": NON_REMPLIE,
    "ue_condition_non_indiquee": A_VERIFIER,
    "andorrane_lycee_francais": REMPLIE,
    "andorrane_sans_lycee_francais": NON_REMPLIE,
    "andorrane_lycee_non_indique": A_VERIFIER,
    "refugie": REMPLIE,
    "protection_subsidiaire": REMPLIE,
    "protection_temporaire": A_VERIFIER,
    "sans_titre": NON_REMPLIE,
    "titre_de_sejour": REMPLIE,
    "titre_de_sejour_insuffisant": NON_REMPLIE,
    "titre_de_sejour_exigences_non_indiquees": A_VERIFIER,
    "statut_non_indique": A_VERIFIER,
}
"""Le statut de la condition de nationalité, par raison."""

QUESTIONS_NATIONALITE = {
    "nationalite_non_indiquee": "nationalite",
    "ue_condition_non_indiquee": "condition_ue_eee_suisse",
    "andorrane_lycee_non_indique": "scolarite_lycee_francais_andorre",
    "statut_non_indique": "statut_etranger",
}
"""La question qui tranche la condition de nationalité, par raison (les exigences d'un titre de
séjour : la première qui manque)."""

SOURCES_NATIONALITE = {
    "refugie": f"{_SOURCE_NATIONALITE} ; {sources.SERVICE_PUBLIC_F12214}",
    "protection_subsidiaire": f"{_SOURCE_NATIONALITE} ; {sources.SERVICE_PUBLIC_F12214}",
    "protection_temporaire": sources.PROTECTION_TEMPORAIRE,
}
"""Les raisons citées d'après d'autres textes que le texte d'etudiant.gouv.fr et le Crous."""

INCERTITUDE_PROTECTION_TEMPORAIRE = (
    "Une seule source secondaire (refugies.info) ; les circulaires lues n'en parlent pas. "
    "Demandez à votre Crous si votre titre de séjour ouvre droit à la bourse."
)


def _decision_nationalite(e: EntreeEligibilite) -> str:
    """La raison de `condition_nationalite` (une clé de PHRASES_NATIONALITE)."""
    if e.nationalite is None:
        return "nationalite_non_indiquee"
    if e.nationalite == "francaise":
        return "francaise"
    if e.nationalite == "ue_eee_suisse":
        if e.condition_ue_eee_suisse is None:
            return "ue_condition_non_indiquee"
        return f"ue_{e.condition_ue_eee_suisse}"
    if e.nationalite == "andorrane":
        lycee = e.scolarite_lycee_francais_andorre
        if lycee is None:
            return "andorrane_lycee_non_indique"
        return "andorrane_lycee_francais" if lycee else "andorrane_sans_lycee_francais"
    return _decision_autre_nationalite(e)


def _decision_autre_nationalite(e: EntreeEligibilite) -> str:
    """Un étudiant d'une autre nationalité : réfugié, protégé, ou titulaire d'un titre de
    séjour (domicilié et rattaché à un foyer fiscal en France depuis 2 ans)."""
    statut = e.statut_etranger
    if statut in ("refugie", "protection_subsidiaire", "protection_temporaire"):
        return statut
    if statut == "aucun":
        return "sans_titre"
    if statut != "titre_de_sejour":
        return "statut_non_indique"
    exigences = [getattr(e, cle) for cle in EXIGENCES_TITRE_DE_SEJOUR]
    if False in exigences:
        return "titre_de_sejour_insuffisant"
    if all(exigences):
        return "titre_de_sejour"
    return "titre_de_sejour_exigences_non_indiquees"


def condition_nationalite(e: EntreeEligibilite) -> Condition:
    """Nationalité : française ; ressortissant de l'UE, de l'EEE ou de la Suisse avec un emploi
    occupé en France, un parent ou tuteur ayant perçu des revenus en France ou un degré
    d'intégration (aucune condition après 5 ans de résidence) ; réfugié ou bénéficiaire de la
    protection subsidiaire ; autre étranger avec titre de séjour, domicilié en France depuis
    2 ans et rattaché à un foyer fiscal en France depuis 2 ans ; Andorran d'un lycée français.

    Texte d'etudiant.gouv.fr cité ; supmaritime.fr ; Crous de Reims ; service-public F12214
    (2020, protection subsidiaire). Protection temporaire : refugies.info seulement.
    """
    code = _decision_nationalite(e)
    manquantes = [
        texte for cle, texte in EXIGENCES_TITRE_DE_SEJOUR.items() if getattr(e, cle) is False
    ]
    raison = PHRASES_NATIONALITE[code].format(
        ans=ANNEES_DE_RESIDENCE_UE,
        exigences=" et ".join(EXIGENCES_TITRE_DE_SEJOUR.values()),
        manquantes=" ni ".join(manquantes),
    )
    temporaire = code == "protection_temporaire"
    question = _question(QUESTIONS_NATIONALITE, code)
    if code == "titre_de_sejour_exigences_non_indiquees":
        cle = next(cle for cle in EXIGENCES_TITRE_DE_SEJOUR if getattr(e, cle) is None)
        question = f"eligibilite.{cle}"
    return Condition(
        "nationalite",
        "Nationalité",
        STATUTS_NATIONALITE[code],
        raison,
        INCERTITUDE_PROTECTION_TEMPORAIRE if temporaire else None,
        SOURCES_NATIONALITE.get(code, _SOURCE_NATIONALITE),
        "source_unique" if temporaire else "recoupe",
        question,
    )


# --- Études -----------------------------------------------------------------------------------


PHRASES_ETUDES = {
    "formation_initiale": "formation initiale",
    "formation_continue": "la formation continue n'ouvre pas droit à la bourse",
    "alternance": "l'apprentissage et l'alternance (contrat de professionnalisation) sont exclus",
    "formation_non_indiquee": "indiquez le type de formation (« eligibilite.formation »)",
    "temps_plein": "études à temps plein",
    "temps_partiel": "les études doivent être suivies à temps plein",
    "temps_plein_non_indique": "indiquez si vous étudiez à temps plein (« eligibilite."
    "temps_plein »)",
    "etablissement_public": "établissement public",
    "etablissement_prive_habilite": "établissement privé habilité",
    "etablissement_prive_non_habilite": "un établissement privé doit être habilité à recevoir "
    "des boursiers",
    "etablissement_non_indique": "indiquez le type d'établissement (« eligibilite.etablissement »)",
    "formation_habilitee": "formation habilitée à recevoir des boursiers",
    "formation_non_habilitee": "la formation doit être habilitée à recevoir des boursiers",
    "habilitation_non_indiquee": "vérifiez que la formation est habilitée à recevoir des "
    "boursiers (« eligibilite.formation_habilitee »)",
}
"""Les morceaux de phrase de `condition_etudes`, par raison."""

VERDICTS_ETUDES = {
    "formation_initiale": (REMPLIE, "lu"),
    "formation_continue": (NON_REMPLIE, "lu"),
    "alternance": (NON_REMPLIE, "source_unique"),
    "formation_non_indiquee": (A_VERIFIER, "lu"),
    "temps_plein": (REMPLIE, "recoupe"),
    "temps_partiel": (NON_REMPLIE, "recoupe"),
    "temps_plein_non_indique": (A_VERIFIER, "recoupe"),
    "etablissement_public": (REMPLIE, "recoupe"),
    "etablissement_prive_habilite": (REMPLIE, "recoupe"),
    "etablissement_prive_non_habilite": (NON_REMPLIE, "recoupe"),
    "etablissement_non_indique": (A_VERIFIER, "recoupe"),
    "formation_habilitee": (REMPLIE, "recoupe"),
    "formation_non_habilitee": (NON_REMPLIE, "recoupe"),
    "habilitation_non_indiquee": (A_VERIFIER, "recoupe"),
}
"""Le statut et la certitude de chaque raison de `condition_etudes`."""

QUESTIONS_ETUDES = {
    "formation_non_indiquee": "formation",
    "temps_plein_non_indique": "temps_plein",
    "etablissement_non_indique": "etablissement",
    "habilitation_non_indiquee": "formation_habilitee",
}
"""La question qui tranche chaque raison « à vérifier » de `condition_etudes`."""

INCERTITUDE_ALTERNANCE = (
    "L'exclusion de l'apprentissage et de l'alternance n'est lue que dans une source "
    "secondaire. Demandez à votre Crous avant de renoncer à votre demande."
)


def _decisions_etudes(e: EntreeEligibilite) -> tuple[str, str, str, str]:
    """Les raisons de `condition_etudes` (clés de PHRASES_ETUDES) : formation, temps plein,
    établissement, habilitation de la formation."""
    formation = {
        "initiale": "formation_initiale",
        "continue": "formation_continue",
        "apprentissage": "alternance",
        "contrat_de_professionnalisation": "alternance",
    }.get(e.formation or "", "formation_non_indiquee")
    etablissement = {
        "public": "etablissement_public",
        "prive_habilite": "etablissement_prive_habilite",
        "prive_non_habilite": "etablissement_prive_non_habilite",
    }.get(e.etablissement or "", "etablissement_non_indique")
    return (
        formation,
        _oui_non_inconnu(e.temps_plein, "temps_plein", "temps_partiel", "temps_plein_non_indique"),
        etablissement,
        _oui_non_inconnu(
            e.formation_habilitee,
            "formation_habilitee",
            "formation_non_habilitee",
            "habilitation_non_indiquee",
        ),
    )


def _oui_non_inconnu(valeur: bool | None, oui: str, non: str, inconnu: str) -> str:
    """La raison pour une réponse oui (True), non (False) ou absente."""
    if valeur is True:
        return oui
    return non if valeur is False else inconnu


def condition_etudes(e: EntreeEligibilite) -> Condition:
    """Études : formation initiale, à temps plein, dans un établissement public ou privé
    habilité à recevoir des boursiers, dans une formation qui ouvre droit à la bourse ;
    apprentissage et alternance (contrat de professionnalisation) exclus, formation continue
    exclue.

    Code de l'éducation, art. L. 821-1 (« formation initiale ») ; circulaire 2020, annexe 2 ;
    service-public F12214 ; alternance : digischool (source secondaire).
    """
    codes = _decisions_etudes(e)
    statut = statut_combine(VERDICTS_ETUDES[c][0] for c in codes)
    # La raison dit d'abord ce qui empêche, puis ce qui manque ; si tout va, ce qui est rempli.
    retenus = [c for c in codes if VERDICTS_ETUDES[c][0] == statut]
    source = f"{sources.CODE_EDUCATION_L821_1} ; {sources.CIRCULAIRE_2020_ANNEXE_2} ; "
    source += sources.SERVICE_PUBLIC_F12214
    incertitude = None
    if "alternance" in codes:
        incertitude = INCERTITUDE_ALTERNANCE
        source += f" ; {sources.ALTERNANCE_DIGISCHOOL}"
    return Condition(
        "etudes",
        "Études",
        statut,
        phrase(PHRASES_ETUDES[c] for c in retenus),
        incertitude,
        source,
        fiabilite_la_plus_faible(VERDICTS_ETUDES[c][1] for c in retenus),
        _premiere_question(QUESTIONS_ETUDES, retenus if statut == A_VERIFIER else []),
    )


def _premiere_question(questions: dict[str, str], codes: list[str]) -> str | None:
    """La question qui tranche la première de ces raisons qui en a une, ou None."""
    return next((q for q in (_question(questions, c) for c in codes) if q), None)


# --- Droits annuels ---------------------------------------------------------------------------


def droit_demande(e: EntreeEligibilite) -> int | None:
    """Le rang du droit annuel demandé : droits déjà utilisés + 1 (1 pour une première
    demande, qui n'en a utilisé aucun)."""
    if e.droits_deja_utilises is not None:
        return e.droits_deja_utilises + 1
    if e.premiere_demande is True:
        return 1
    return None


def credits_exiges(droit: int) -> int:
    """Crédits ECTS exigés pour ce droit : 0, 0, 60, 120, 120, 180, 180 (etudiant.gouv.fr) ;
    au-delà du 7e droit, nos sources ne disent rien : on garde 180."""
    return CREDITS_EXIGES.get(droit, 0 if droit <= 2 else 180)


PHRASES_DROITS = {
    "droit_non_indique": "Indiquez le nombre de droits annuels déjà utilisés (« eligibilite."
    "droits_deja_utilises »), ou s'il s'agit d'une première demande.",
    # Au-delà des droits possibles sur l'ensemble des études.
    "handicap_au_dela": "{droit}e droit : au-delà de {plafond_total}, un étudiant en situation "
    "de handicap peut recevoir {handicap} droits de plus, et {cdaph} autres s'il n'a plus de "
    "droits mais une ouverture de droits notifiée par la CDAPH (AAH, RQTH, PPS) ; ils ne sont "
    "pas accordés automatiquement",
    "supplementaires_non_indiques": "{droit}e droit : au-delà de {maximum}, seulement avec des "
    "droits supplémentaires (échec pour difficultés familiales ou personnelles, année de "
    "service civique, médecine, contrat de réussite pédagogique) : indiquez-les (« eligibilite."
    "droits_supplementaires »)",
    "au_dela_du_plafond": "{droit}e droit : au-delà des {droits_total} possibles{handicap_compris}",
    # Au-delà des droits possibles en licence.
    "licence_supplementaires_non_indiques": "{droit}e droit en licence : {maximum_licence} au "
    "plus dans ce cycle, sauf droits supplémentaires (« eligibilite.droits_supplementaires »)",
    "licence_handicap": "{droit}e droit en licence : {droits_licence} au plus dans ce cycle ; "
    "les droits supplémentaires pour handicap ne sont pas automatiques",
    "licence_depassee": "{droit}e droit en licence : {droits_licence} au plus dans le cycle "
    "licence (ou tout cursus jusqu'à bac + 3)",
    "cycle_non_indique": "{droit}e droit : {maximum_licence} au plus en licence ; indiquez le "
    "cycle (« eligibilite.cycle »)",
    # Crédits ECTS.
    "passage_annee_superieure": "{droit}e droit : le passage dans l'année supérieure ouvre un "
    "droit",
    "credits_suffisants": "{droit}e droit : {credits} crédits ECTS validés, {exiges} exigés",
    "credits_insuffisants": "{droit}e droit : {credits} crédits ECTS validés au 1er septembre, "
    "{exiges} exigés, sans passage dans l'année supérieure",
    "passage_non_indique": "{droit}e droit : {credits} crédits ECTS validés, {exiges} exigés, "
    "sauf passage dans l'année supérieure (« eligibilite.passage_annee_superieure »)",
    "credits_non_indiques": "{droit}e droit : {exiges} crédits ECTS validés exigés au 1er "
    "septembre (« eligibilite.credits_ects_valides »), sauf passage dans l'année supérieure",
    "sans_credits": "{rang} droit : aucun crédit exigé",
}
"""Les phrases de `condition_droits_annuels`, par raison."""

STATUTS_DROITS = {
    "droit_non_indique": A_VERIFIER,
    "handicap_au_dela": A_VERIFIER,
    "supplementaires_non_indiques": A_VERIFIER,
    "au_dela_du_plafond": NON_REMPLIE,
    "licence_supplementaires_non_indiques": A_VERIFIER,
    "licence_handicap": A_VERIFIER,
    "licence_depassee": NON_REMPLIE,
    "cycle_non_indique": A_VERIFIER,
    "passage_annee_superieure": REMPLIE,
    "credits_suffisants": REMPLIE,
    "credits_insuffisants": NON_REMPLIE,
    "passage_non_indique": A_VERIFIER,
    "credits_non_indiques": A_VERIFIER,
    "sans_credits": REMPLIE,
}
"""Le statut de chaque raison de `condition_droits_annuels`."""

QUESTIONS_DROITS = {
    "droit_non_indique": "premiere_demande",
    "supplementaires_non_indiques": "droits_supplementaires",
    "licence_supplementaires_non_indiques": "droits_supplementaires",
    "cycle_non_indique": "cycle",
    "passage_non_indique": "passage_annee_superieure",
    "credits_non_indiques": "credits_ects_valides",
}
"""La question qui tranche chaque raison « à vérifier » de `condition_droits_annuels`."""

INCERTITUDE_DROITS_HANDICAP = (
    "Le cumul des 3 et des 2 droits supplémentaires n'est pas établi par nos sources, ni les "
    "crédits exigés pour ces droits. Demandez à votre Crous combien de droits il vous reste, "
    "notification de la CDAPH en main."
)


def _decisions_droits(e: EntreeEligibilite, handicap: bool, droit: int) -> list[str]:
    """Les raisons de `condition_droits_annuels` (clés de PHRASES_DROITS) pour ce droit :
    plafond de l'ensemble des études, plafond de la licence, crédits ECTS."""
    plafond_total = DROITS_ANNUELS_MAXIMUM + (e.droits_supplementaires or 0)
    plafond_licence = DROITS_ANNUELS_MAXIMUM_LICENCE + (e.droits_supplementaires or 0)
    codes = []
    if droit > plafond_total:
        avec_le_handicap = DROITS_SUPPLEMENTAIRES_HANDICAP + DROITS_SUPPLEMENTAIRES_CDAPH
        if handicap and droit <= plafond_total + avec_le_handicap:
            codes.append("handicap_au_dela")
        elif e.droits_supplementaires is None:
            codes.append("supplementaires_non_indiques")
        else:
            codes.append("au_dela_du_plafond")
    elif droit > plafond_licence and e.cycle == "licence":
        if e.droits_supplementaires is None:
            codes.append("licence_supplementaires_non_indiques")
        else:
            codes.append("licence_handicap" if handicap else "licence_depassee")
    elif droit > plafond_licence and e.cycle is None:
        codes.append("cycle_non_indique")
    codes.append(_decision_credits(e, droit))
    return codes


def _decision_credits(e: EntreeEligibilite, droit: int) -> str:
    """La raison des crédits ECTS : le passage dans l'année supérieure ouvre toujours un droit."""
    credits = e.credits_ects_valides
    if not credits_exiges(droit):
        return "sans_credits"
    if e.passage_annee_superieure is True:
        return "passage_annee_superieure"
    if credits is None:
        return "credits_non_indiques"
    if credits >= credits_exiges(droit):
        return "credits_suffisants"
    if e.passage_annee_superieure is False:
        return "credits_insuffisants"
    return "passage_non_indique"


def condition_droits_annuels(e: EntreeEligibilite, handicap: bool) -> Condition:
    """Droits annuels : 7 au plus sur l'ensemble des études, 5 au plus dans le cycle licence ;
    60 crédits ECTS validés pour le 3e droit, 120 pour les 4e et 5e, 180 pour les 6e et 7e ; le
    passage dans l'année supérieure ouvre toujours un droit. Droits supplémentaires :
    +1 par cursus (difficultés familiales ou personnelles, service civique), médecine,
    contrat de réussite pédagogique ; handicap : +3, et +2 sans droits restants avec une
    ouverture de droits notifiée par la CDAPH (non accordés automatiquement).

    etudiant.gouv.fr, « Jusqu'à 7 bourses successives » ; lescrous.fr (handicap).
    """
    source = sources.DROITS_ETUDIANT_GOUV
    if handicap:
        source += f" ; {sources.LESCROUS_HANDICAP}"
    droit = droit_demande(e)
    codes = ["droit_non_indique"] if droit is None else _decisions_droits(e, handicap, droit)
    statut = statut_combine(STATUTS_DROITS[c] for c in codes)
    retenus = [c for c in codes if STATUTS_DROITS[c] == statut]
    valeurs = _valeurs_droits(e, handicap, droit) if droit is not None else {}
    raison = phrase(PHRASES_DROITS[c].format(**valeurs) for c in retenus)
    incertitude = INCERTITUDE_DROITS_HANDICAP if "handicap_au_dela" in codes else None
    question = _premiere_question(QUESTIONS_DROITS, retenus if statut == A_VERIFIER else [])
    return Condition(
        "droits_annuels", "Droits annuels", statut, raison, incertitude, source, "recoupe", question
    )


def _valeurs_droits(e: EntreeEligibilite, handicap: bool, droit: int) -> dict[str, Any]:
    """Les valeurs qui entrent dans les phrases de PHRASES_DROITS."""
    accordes = e.droits_supplementaires or 0
    credits = e.credits_ects_valides
    return {
        "droit": droit,
        "rang": _rang(droit),
        "plafond_total": DROITS_ANNUELS_MAXIMUM + accordes,
        "droits_total": _droits(DROITS_ANNUELS_MAXIMUM + accordes),
        "droits_licence": _droits(DROITS_ANNUELS_MAXIMUM_LICENCE + accordes),
        "maximum": DROITS_ANNUELS_MAXIMUM,
        "maximum_licence": DROITS_ANNUELS_MAXIMUM_LICENCE,
        "handicap": DROITS_SUPPLEMENTAIRES_HANDICAP,
        "cdaph": DROITS_SUPPLEMENTAIRES_CDAPH,
        "handicap_compris": " (handicap compris)" if handicap else "",
        "credits": nombre(credits) if credits is not None else None,
        "exiges": nombre(credits_exiges(droit)),
    }


def _droits(n: int) -> str:
    return f"{n} droit{'s' if n > 1 else ''}"


def _rang(n: int) -> str:
    return "1er" if n == 1 else f"{n}e"
