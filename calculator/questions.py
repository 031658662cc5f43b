"""Les questions des blocs facultatifs, déclarées une fois : clé, type, valeurs permises, libellé
des messages, question et aide du formulaire.

Tout le reste en est tiré : la lecture et le contrôle de l'entrée (`blocs.py`), les questions des
étapes du simulateur (gabarit `_etapes.html`), la table de `docs/interface.md` (vérifiée par
`tests/test_questions.py`) et les stratégies des tests de propriétés. Ajouter une question, c'est
ajouter une `Question` ici, puis la règle qui s'en sert et ses phrases.

Une clé absente veut dire « non indiqué » : les règles répondent alors « à vérifier ».
"""

from __future__ import annotations

from dataclasses import dataclass

BOOLEEN, CHOIX, ENTIER, DATE = "booleen", "choix", "entier", "date"
"""Les types d'une valeur de l'entrée JSON : true/false, une chaîne permise, un entier, une date
"AAAA-MM-JJ"."""

RADIOS, LISTE, CASE, SAISIE = "radios", "liste", "case", "saisie"
"""Les façons de poser une question : boutons radio, liste déroulante, case à cocher, champ."""


@dataclass(frozen=True)
class Choix:
    """Une valeur permise et son libellé ; `groupe` : l'intertitre de la liste déroulante."""

    valeur: str
    libelle: str
    groupe: str | None = None


@dataclass(frozen=True)
class Groupe:
    """Des questions posées ensemble, sous un intertitre (fieldset et legend)."""

    legende: str
    aide: str = ""


@dataclass(frozen=True)
class Question:
    """Une clé d'un bloc facultatif, et la façon de la demander.

    `libelle` complète les messages d'erreur (« Indiquez {libelle} (« bloc.cle ») … ») ;
    `question` et `aide` sont ce que lit l'étudiant. Pour un entier, `minimum` et `maximum`
    bornent ce que l'entrée accepte ; `choix`, s'il y en a, ce que propose le formulaire.
    `si` (« bloc.cle=valeur », « != », valeurs séparées par |) ne pose la question que si une
    autre réponse le demande. `aussi_a_l_etape` : le bloc d'une autre étape qui la repose, avec
    `aide_a_cette_etape`. `dans_le_formulaire` : False pour une clé que seule l'interface JSON
    connaît (le formulaire en demande une autre, équivalente). `formulaire_principal` : posée
    dans le formulaire principal, avant « Estimer » (ce qui décide si l'échelon s'applique), et
    plus dans les étapes.
    """

    bloc: str
    cle: str
    type: str
    libelle: str
    question: str
    aide: str = ""
    choix: tuple[Choix, ...] = ()
    presentation: str = RADIOS
    oui: str = "Oui"
    non: str = "Non"
    minimum: int = 0
    maximum: int = 0
    unite: str = ""
    si: str | None = None
    groupe: Groupe | None = None
    aussi_a_l_etape: str | None = None
    aide_a_cette_etape: str = ""
    dans_le_formulaire: bool = True
    formulaire_principal: bool = False

    @property
    def nom(self) -> str:
        """« bloc.cle », le nom du champ dans les messages et le lien de partage."""
        return f"{self.bloc}.{self.cle}"

    @property
    def valeurs(self) -> tuple[str, ...]:
        """Les valeurs permises d'une question à choix."""
        return tuple(c.valeur for c in self.choix)


def _choix(*paires: tuple[str, str], groupe: str | None = None) -> tuple[Choix, ...]:
    return tuple(Choix(valeur, libelle, groupe) for valeur, libelle in paires)


def _oui_non(bloc: str, cle: str, libelle: str, question: str, **reste) -> Question:
    return Question(bloc, cle, BOOLEEN, libelle, question, **reste)


def _case(bloc: str, cle: str, libelle: str, question: str, **reste) -> Question:
    return Question(bloc, cle, BOOLEEN, libelle, question, presentation=CASE, **reste)


def _entier(bloc: str, cle: str, libelle: str, question: str, bornes: tuple[int, int], **reste):
    minimum, maximum = bornes
    presentation = LISTE if reste.get("choix") else SAISIE
    return Question(
        bloc,
        cle,
        ENTIER,
        libelle,
        question,
        presentation=presentation,
        minimum=minimum,
        maximum=maximum,
        **reste,
    )


# fmt: off


# --- Les valeurs que les règles examinent -----------------------------------------------------

DROM = ("guadeloupe", "guyane", "martinique", "la_reunion", "mayotte")
COM = (
    "saint_pierre_et_miquelon",
    "saint_barthelemy",
    "saint_martin",
    "wallis_et_futuna",
    "polynesie_francaise",
)
ETABLISSEMENT = _choix(
    ("public", "Public"),
    ("prive_habilite", "Privé, habilité à recevoir des boursiers"),
    ("prive_non_habilite", "Privé, non habilité"),
)

# --- Les groupes de questions ----------------------------------------------------------------

AGE = Groupe("Votre âge")
DIPLOME = Groupe("Votre diplôme")
NATIONALITE = Groupe("Votre nationalité")
ETUDES = Groupe("Vos études")
ANNEES_DE_BOURSE = Groupe("Vos années de bourse")
SITUATION = Groupe(
    "Votre situation : cochez ce qui vous concerne", "Ne cochez rien si aucune ne vous concerne."
)

_E, _R, _V, _O, _A = "eligibilite", "ressources", "versement", "outre_mer", "aides"
_RENOUVELLEMENT = "eligibilite.premiere_demande!=1"

QUESTIONS_ELIGIBILITE = (
    _oui_non(
        _E, "premiere_demande", "s'il s'agit d'une première demande de bourse",
        "Est-ce votre première demande de bourse ?", oui="Oui, première demande",
        non="Non, je l'ai déjà eue (renouvellement)", groupe=AGE, formulaire_principal=True,
    ),
    Question(
        _E, "date_de_naissance", DATE, "votre date de naissance", "Date de naissance",
        "L'âge compte au 1er septembre de l'année universitaire choisie.",
        presentation=SAISIE, groupe=AGE, formulaire_principal=True,
    ),
    _entier(
        _E, "age_au_1er_septembre", "votre âge au 1er septembre", "Âge au 1er septembre",
        (10, 120), unite="ans", groupe=AGE, dans_le_formulaire=False,
    ),
    _oui_non(
        _E, "etudes_sans_interruption",
        "si vos études se poursuivent sans interruption (renouvellement)",
        "Vos études se sont-elles poursuivies sans interruption ?",
        aide="Compte pour un renouvellement au-delà de l'âge limite.",
        si="eligibilite.premiere_demande=0", groupe=AGE,
    ),
    _entier(
        _E, "enfants_eleves", "le nombre d'enfants que vous élevez",
        "Nombre d'enfants que vous élevez", (0, 30),
        aide="La limite d'âge est reculée pour chaque enfant élevé. 0 si aucun.", groupe=AGE,
    ),
    _entier(
        _E, "service_civique_ou_volontariat_mois",
        "la durée de votre service civique ou volontariat",
        "Service civique ou volontariat effectué, en mois", (0, 120),
        aide="Service civique, volontariat dans les armées ou volontariat international. "
        "0 si aucun.",
        unite="mois", groupe=AGE,
    ),
    Question(
        _E, "diplome", CHOIX, "votre diplôme d'accès à l'enseignement supérieur",
        "Votre diplôme d'accès aux études supérieures",
        choix=_choix(
            ("baccalaureat", "Baccalauréat"),
            ("daeu", "DAEU (diplôme d'accès aux études universitaires)"),
            ("equivalence_ou_dispense", "Titre admis en équivalence ou en dispense du bac"),
            ("aucun", "Aucun de ces diplômes"),
        ),
        groupe=DIPLOME,
    ),
    _entier(
        _E, "annee_d_etudes", "l'année d'études supérieures visée",
        "Année d'études supérieures pour laquelle vous demandez la bourse", (1, 12),
        choix=_choix(
            ("1", "1re année"), ("2", "2e année"), ("3", "3e année"), ("4", "4e année"),
            ("5", "5e année"), ("6", "6e année ou au-delà"),
        ),
        groupe=DIPLOME,
    ),
    Question(
        _E, "nationalite", CHOIX, "votre nationalité", "Vous êtes de nationalité",
        choix=_choix(
            ("francaise", "Française"),
            ("ue_eee_suisse",
             "D'un pays de l'Union européenne, de l'Espace économique européen, ou suisse"),
            ("andorrane", "Andorrane"),
            ("autre", "Une autre nationalité"),
        ),
        groupe=NATIONALITE,
    ),
    Question(
        _E, "condition_ue_eee_suisse", CHOIX,
        "la condition remplie par un ressortissant de l'UE, de l'EEE ou de la Suisse",
        "Quelle situation est la vôtre ?",
        choix=_choix(
            ("emploi_en_france", "J'ai déjà occupé un emploi en France"),
            ("parent_revenus_en_france", "Un parent ou mon tuteur a perçu des revenus en France"),
            ("integration_en_france",
             "Je suis intégré en France (séjour d'au moins un an, scolarité, famille)"),
            ("residence_5_ans", "Je réside en France depuis au moins 5 ans"),
            ("aucune", "Aucune de ces situations"),
        ),
        si="eligibilite.nationalite=ue_eee_suisse", groupe=NATIONALITE,
    ),
    _oui_non(
        _E, "scolarite_lycee_francais_andorre", "votre scolarité dans un lycée français d'Andorre",
        "Avez-vous été scolarisé dans un lycée français d'Andorre ?",
        si="eligibilite.nationalite=andorrane", groupe=NATIONALITE,
    ),
    Question(
        _E, "statut_etranger", CHOIX, "votre statut en France", "Votre statut en France",
        choix=_choix(
            ("refugie", "Réfugié (statut reconnu par l'OFPRA ou la CNDA)"),
            ("protection_subsidiaire", "Protection subsidiaire"),
            ("protection_temporaire", "Protection temporaire"),
            ("titre_de_sejour", "Titre de séjour"),
            ("aucun", "Aucun de ces statuts"),
        ),
        si="eligibilite.nationalite=autre", groupe=NATIONALITE,
    ),
    _oui_non(
        _E, "domicile_en_france_2_ans", "si vous êtes domicilié en France depuis 2 ans",
        "Êtes-vous domicilié en France depuis au moins 2 ans ?",
        si="eligibilite.statut_etranger=titre_de_sejour", groupe=NATIONALITE,
    ),
    _oui_non(
        _E, "foyer_fiscal_en_france_2_ans",
        "si votre foyer fiscal de rattachement est en France depuis 2 ans",
        "Votre foyer fiscal (parents ou tuteur) est-il en France depuis au moins 2 ans ?",
        si="eligibilite.statut_etranger=titre_de_sejour", groupe=NATIONALITE,
    ),
    Question(
        _E, "formation", CHOIX, "le type de formation", "Type de formation",
        choix=_choix(
            ("initiale", "Formation initiale"),
            ("continue", "Formation continue"),
            ("apprentissage", "Apprentissage"),
            ("contrat_de_professionnalisation", "Contrat de professionnalisation (alternance)"),
        ),
        groupe=ETUDES,
    ),
    _oui_non(
        _E, "temps_plein", "si vous étudiez à temps plein", "Étudiez-vous à temps plein ?",
        groupe=ETUDES,
    ),
    Question(
        _E, "etablissement", CHOIX, "le type d'établissement", "Votre établissement",
        choix=ETABLISSEMENT, groupe=ETUDES, aussi_a_l_etape=_A,
        aide_a_cette_etape="Les droits d'inscription ne sont exonérés que dans un "
        "établissement public.",
    ),
    _oui_non(
        _E, "formation_habilitee", "si votre formation est habilitée à recevoir des boursiers",
        "Votre formation est-elle habilitée à recevoir des boursiers ?",
        aide="Votre établissement peut vous le dire.", groupe=ETUDES,
    ),
    Question(
        _E, "cycle", CHOIX, "le cycle d'études", "Votre cycle d'études",
        choix=_choix(
            ("licence", "Licence, ou tout cursus jusqu'à bac + 3"),
            ("master_ou_au_dela", "Master ou au-delà"),
        ),
        groupe=ANNEES_DE_BOURSE,
    ),
    _entier(
        _E, "droits_deja_utilises", "le nombre de droits annuels déjà utilisés",
        "Années de bourse déjà reçues", (0, 20),
        aide="Chaque année de bourse utilise un « droit annuel ». 0 si aucune.",
        si=_RENOUVELLEMENT, groupe=ANNEES_DE_BOURSE,
    ),
    _entier(
        _E, "credits_ects_valides", "le nombre de crédits ECTS validés",
        "Crédits ECTS validés au 1er septembre", (0, 1000), aide="Sur votre relevé de notes.",
        unite="crédits", si=_RENOUVELLEMENT, groupe=ANNEES_DE_BOURSE,
    ),
    _oui_non(
        _E, "passage_annee_superieure", "si vous passez dans l'année supérieure",
        "Passez-vous dans l'année supérieure ?", si=_RENOUVELLEMENT, groupe=ANNEES_DE_BOURSE,
    ),
    _entier(
        _E, "droits_supplementaires",
        "le nombre de droits supplémentaires accordés (hors handicap)",
        "Droits supplémentaires accordés, hors handicap", (0, 10),
        aide="Par exemple après un échec pour raisons familiales ou personnelles. 0 si aucun.",
        si=_RENOUVELLEMENT, groupe=ANNEES_DE_BOURSE,
    ),
)

QUESTIONS_RESSOURCES = (
    Question(
        _R, "avis_saisi", CHOIX, "l'avis d'imposition dont vient le revenu indiqué",
        "De quel avis d'imposition vient le revenu que vous indiquez ?",
        choix=_choix(
            ("parents_ensemble", "De vos parents, qui vivent ensemble"),
            ("parent_separe", "D'un de vos parents, séparés ou divorcés"),
            ("parent_isole", "Du parent qui vous élève seul (case T)"),
            ("foyer_etudiant", "De votre propre foyer fiscal"),
        ),
        formulaire_principal=True,
    ),
    _case(
        _R, "etudiant_marie_ou_pacse", "si vous êtes marié ou pacsé", "Vous êtes marié ou pacsé",
        groupe=SITUATION,
    ),
    _oui_non(
        _R, "declaration_fiscale_separee",
        "si vous faites une déclaration fiscale distincte de celle de vos parents",
        "Votre couple déclare-t-il ses revenus séparément de vos parents ?",
        si="ressources.etudiant_marie_ou_pacse=1", groupe=SITUATION,
    ),
    Question(
        _R, "ressources_du_couple", CHOIX,
        "les ressources mensuelles de votre couple par rapport au Smic",
        "Ressources mensuelles de votre couple",
        choix=_choix(
            ("au_moins_90_pct_smic_brut", "Au moins 90 % du Smic brut"),
            ("entre_90_pct_smic_net_et_brut", "Entre 90 % du Smic net et 90 % du Smic brut"),
            ("moins_de_90_pct_smic_net", "Moins de 90 % du Smic net"),
        ),
        si="ressources.declaration_fiscale_separee=1", groupe=SITUATION,
    ),
    _case(
        _R, "enfant_a_charge_de_l_etudiant",
        "si vous avez vous-même un enfant fiscalement à charge",
        "Vous avez un enfant fiscalement à votre charge", groupe=SITUATION,
    ),
    _case(
        _R, "aide_sociale_a_l_enfance",
        "si vous êtes ou avez été pris en charge par l'aide sociale à l'enfance",
        "Vous êtes ou avez été pris en charge par l'aide sociale à l'enfance (ASE)",
        groupe=SITUATION,
    ),
    _case(
        _R, "orphelin_des_deux_parents", "si vous êtes orphelin de vos deux parents",
        "Vous êtes orphelin de vos deux parents", groupe=SITUATION,
    ),
    _case(
        _R, "tutelle_ou_delegation_d_autorite_parentale",
        "si vous avez été, mineur, sous tutelle ou délégation d'autorité parentale",
        "Mineur, vous étiez sous tutelle ou délégation d'autorité parentale", groupe=SITUATION,
    ),
    _case(_R, "refugie", "si vous êtes réfugié", "Vous êtes réfugié", groupe=SITUATION),
    Question(
        _R, "situation_des_parents", CHOIX, "la situation de vos parents", "Vos parents",
        choix=_choix(
            ("vivent_ensemble", "Vivent ensemble (mariés, pacsés ou en union libre)"),
            ("separes_ou_divorces", "Sont séparés ou divorcés"),
            ("parent_isole", "Un parent vit seul avec ses enfants (case T de l'avis d'imposition)"),
        ),
    ),
    _oui_non(
        _R, "case_t_sur_les_deux_avis",
        "si la case T figure sur les avis d'imposition de vos deux parents",
        "La case T figure-t-elle sur les avis d'imposition de vos deux parents ?",
        si="ressources.situation_des_parents=parent_isole",
    ),
    _oui_non(
        _R, "pension_alimentaire_fixee",
        "si la pension alimentaire est fixée par un jugement ou une convention",
        "La pension alimentaire est-elle fixée par un jugement, une convention d'avocats déposée "
        "chez un notaire, ou un accord rendu exécutoire par la CAF ?",
        si="ressources.situation_des_parents=separes_ou_divorces|parent_isole",
    ),
    _oui_non(
        _R, "baisse_durable_des_revenus",
        "si les ressources de votre famille ont baissé durablement et fortement depuis",
        "Les ressources de votre famille ont-elles baissé durablement depuis (chômage, retraite, "
        "séparation, décès, maladie…) ?",
    ),
)

QUESTIONS_VERSEMENT = (
    Question(
        _V, "situation_maintien", CHOIX, "votre situation pour le maintien de la bourse l'été",
        "Êtes-vous dans l'une de ces situations ?",
        choix=_choix(
            ("famille_outre_mer",
             "Votre famille vit en outre-mer (département, collectivité ou Nouvelle-Calédonie)"),
            ("wallis_et_futuna_en_nouvelle_caledonie",
             "Vous venez de Wallis-et-Futuna et étudiez en Nouvelle-Calédonie"),
            ("autre_ile_polynesie_ou_nouvelle_caledonie",
             "Vous étudiez en Polynésie française ou en Nouvelle-Calédonie, venu d'une autre île"),
            ("parents_a_l_etranger_hors_europe",
             "Vos parents vivent à l'étranger, hors d'Europe et du pourtour méditerranéen"),
            ("pupille_de_l_etat", "Vous êtes pupille de l'État"),
            ("orphelin_des_deux_parents", "Vous êtes orphelin de vos deux parents"),
            ("refugie_sans_accueil_parental",
             "Vous êtes réfugié, et vos parents ne peuvent pas vous accueillir"),
            ("ancien_ase_sans_accueil_parental",
             "Vous avez été aidé par l'aide sociale à l'enfance, et vos parents ne peuvent pas "
             "vous accueillir"),
            ("aucune", "Aucune de ces situations"),
        ),
    ),
    _oui_non(
        _V, "etudes_finies_au_1er_juillet", "si vos études sont finies au 1er juillet",
        "Vos études de l'année (cours, examens, stages) sont-elles finies au 1er juillet ?",
        si="versement.situation_maintien!=aucune",
    ),
)

_NOMS_DES_LIEUX = {
    "guadeloupe": "Guadeloupe",
    "guyane": "Guyane",
    "martinique": "Martinique",
    "la_reunion": "La Réunion",
    "mayotte": "Mayotte",
    "saint_pierre_et_miquelon": "Saint-Pierre-et-Miquelon",
    "saint_barthelemy": "Saint-Barthélemy",
    "saint_martin": "Saint-Martin",
    "wallis_et_futuna": "Wallis-et-Futuna",
    "polynesie_francaise": "Polynésie française",
    "nouvelle_caledonie": "Nouvelle-Calédonie",
}

QUESTIONS_OUTRE_MER = (
    Question(
        _O, "lieu_des_etudes", CHOIX, "le lieu de vos études", "Où faites-vous vos études ?",
        presentation=LISTE,
        choix=(
            *_choix(*((v, _NOMS_DES_LIEUX[v]) for v in DROM), groupe="Départements d'outre-mer"),
            *_choix(
                *((v, _NOMS_DES_LIEUX[v]) for v in (*COM, "nouvelle_caledonie")),
                groupe="Collectivités d'outre-mer et Nouvelle-Calédonie",
            ),
            *_choix(("hors_outre_mer", "Hors outre-mer (métropole, étranger)"), groupe="Ailleurs"),
        ),
    ),
)

_MASTER = "aides.premiere_inscription_en_master_1!=0"

QUESTIONS_AIDES = (
    _oui_non(
        _A, "mention_tres_bien_au_bac", "si vous avez eu la mention très bien au bac",
        "Avez-vous eu la mention « très bien » au baccalauréat ?",
    ),
    _entier(
        _A, "aide_au_merite_deja_recue", "le nombre d'années d'aide au mérite déjà reçues",
        "Combien de fois avez-vous déjà reçu l'aide au mérite ?", (0, 10), unite="ans",
        choix=_choix(("0", "Jamais"), ("1", "1 fois"), ("2", "2 fois"), ("3", "3 fois ou plus")),
        si="aides.mention_tres_bien_au_bac=1",
    ),
    _entier(
        _A, "mois_a_l_etranger", "la durée de votre séjour d'études ou de stage à l'étranger",
        "Séjour d'études ou stage à l'étranger prévu cette année, en mois", (0, 24),
        aide="0 si aucun.", unite="mois",
    ),
    _oui_non(
        _A, "premiere_inscription_en_master_1",
        "s'il s'agit de votre première inscription en master 1",
        "Vous inscrivez-vous pour la première fois en master 1 ?",
    ),
    Question(
        _A, "licence_obtenue_l_annee_precedente", CHOIX, "la licence obtenue l'année précédente",
        "Diplôme obtenu l'année précédente",
        choix=_choix(
            ("licence", "Licence"),
            ("licence_professionnelle", "Licence professionnelle"),
            ("aucune", "Aucune licence"),
        ),
        si=_MASTER,
    ),
    _oui_non(
        _A, "master_dans_une_autre_region_academique",
        "si votre master est dans une autre région académique que votre licence",
        "Votre master est-il dans une autre région académique que votre licence ?", si=_MASTER,
    ),
)

# fmt: on

QUESTIONS: dict[str, tuple[Question, ...]] = {
    _E: QUESTIONS_ELIGIBILITE,
    _R: QUESTIONS_RESSOURCES,
    _V: QUESTIONS_VERSEMENT,
    _O: QUESTIONS_OUTRE_MER,
    _A: QUESTIONS_AIDES,
}
"""Les questions de chaque bloc facultatif, dans l'ordre de l'interface et du formulaire."""


def question(nom: str) -> Question:
    """La question « bloc.cle »."""
    bloc, cle = nom.split(".")
    return next(q for q in QUESTIONS[bloc] if q.cle == cle)


def questions_de_l_etape(bloc: str) -> tuple[Question, ...]:
    """Les questions que pose l'étape d'un bloc : les siennes, et celles qu'elle repose, sauf
    celles du formulaire principal (déjà posées avant « Estimer »)."""
    reposees = tuple(q for liste in QUESTIONS.values() for q in liste if q.aussi_a_l_etape == bloc)
    siennes = tuple(q for q in QUESTIONS[bloc] if q.dans_le_formulaire)
    return tuple(q for q in reposees + siennes if not q.formulaire_principal)


def questions_du_formulaire_principal() -> tuple[Question, ...]:
    """Les questions du formulaire principal, posées avant « Estimer », dans l'ordre de leur
    déclaration : première demande, date de naissance, avis d'imposition du revenu indiqué."""
    return tuple(q for liste in QUESTIONS.values() for q in liste if q.formulaire_principal)
