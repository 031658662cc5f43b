"""Lecture de ce qu'un étudiant tape : un montant (« 21988 », « 21 988 € », « 21.988 »,
« 21 988,00 »), un nombre à la française (« 29,5 km », « 1 200 »), et le formulaire entier du
simulateur, champ par champ, tel que la page le lit ou que le lien de partage le porte.

Le formulaire du site appelle ces fonctions dans le navigateur, par le même paquet que les tests.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .format import euros, nombre
from .situation import ErreurDeSaisie

ESPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
SYMBOLES_MONETAIRES = re.compile(r"(€|eur(os?)?)$", re.IGNORECASE)
CHIFFRES = re.compile(r"^\d+$")


class MontantIllisible(ValueError):
    """Le texte n'est pas un montant ; le message dit pourquoi, en français."""


def lire_montant(texte: str) -> Decimal:
    """Le montant en euros qu'un étudiant a tapé, quelle que soit sa façon de l'écrire.

    Espaces, apostrophes et symbole « € » sont ignorés. Un « . » ou une « , » seul, suivi
    d'exactement trois chiffres, sépare les milliers (« 21.988 » = 21 988) ; sinon il marque
    les décimales (« 21988,5 »). Quand les deux signes sont présents, le dernier marque les
    décimales (« 21.988,00 », « 21,988.00 »). Un champ vide est une erreur, jamais zéro.
    """
    brut = ESPACES.sub("", texte or "")
    brut = SYMBOLES_MONETAIRES.sub("", brut.replace("€", ""))
    if not brut:
        raise MontantIllisible("Le champ est vide : indiquez un montant en euros.")
    if brut.startswith("-"):
        raise MontantIllisible("Un revenu brut global ne peut pas être négatif.")
    separateurs = [c for c in brut if c in ".,"]
    if any(not (c.isdigit() or c in ".,") for c in brut):
        raise MontantIllisible(
            f"« {texte.strip()} » n'est pas un montant : tapez le revenu brut global en "
            "chiffres (par exemple 21\u202f988)."
        )
    if len(set(separateurs)) == 2:
        decimal_sep = brut[max(brut.rfind("."), brut.rfind(","))]
        milliers_sep = "," if decimal_sep == "." else "."
        if brut.count(decimal_sep) > 1:
            raise MontantIllisible(f"« {texte.strip()} » n'est pas un montant lisible.")
        entier, decimales = brut.replace(milliers_sep, "").split(decimal_sep)
    elif len(separateurs) == 1:
        entier, suite = re.split(r"[.,]", brut)
        if len(suite) == 3:
            entier, decimales = entier + suite, ""
        else:
            decimales = suite
    elif separateurs:
        morceaux = re.split(r"[.,]", brut)
        if any(len(m) != 3 for m in morceaux[1:]):
            raise MontantIllisible(f"« {texte.strip()} » n'est pas un montant lisible.")
        entier, decimales = "".join(morceaux), ""
    else:
        entier, decimales = brut, ""
    if not CHIFFRES.match(entier or "0") or (decimales and not CHIFFRES.match(decimales)):
        raise MontantIllisible(f"« {texte.strip()} » n'est pas un montant lisible.")
    return Decimal(f"{entier or '0'}.{decimales or '0'}")


# --- Les nombres tapés : distance, enfants, réponses entières des étapes ---------------------

SIGNES_MOINS = "-\u2212\u2013"
"""Le trait d'union, le signe moins et le tiret court : trois façons de taper « moins »."""
NOMBRE = re.compile(r"^(\d+)(?:([.,])(\d+))?$")

UNITES_TOLEREES = {
    "km": r"km|kms|kilom[eè]tres?",
    "enfants": r"enfants?",
    "ans": r"ans?",
    "mois": r"mois",
    "crédits": r"cr[ée]dits?(?:\s*ects)?|ects",
}
"""Ce qu'un étudiant peut taper après le nombre, par unité du champ (« 120 km », « 2 enfants »)."""


class NombreIllisible(ValueError):
    """Le texte n'est pas un nombre lisible pour ce champ ; le message dit pourquoi, en français,
    et nomme le champ par son libellé."""


PHRASES_NOMBRE = {
    "illisible": "« {texte} » n'est pas un nombre : indiquez {libelle} en chiffres (par exemple "
    "{exemple}).",
    "negatif": "{Libelle} ne peut pas être {negatif}.",
    "ambigu": "« {texte} » peut se lire {petit} ou {grand} : pour {libelle}, tapez {grand_brut} "
    "(sans séparateur de milliers) ou {petit} (la virgule marque les décimales).",
    "non_entier": "« {texte} » : {libelle} est un nombre entier ; tapez 0, 1, 2…",
}
"""Les phrases de `lire_nombre`, par raison du refus."""


def _decision_nombre(brut: str, lien: bool) -> tuple[str, Decimal | None]:
    """La raison (une clé de PHRASES_NOMBRE, ou « lu ») et le nombre, pour un texte sans
    espaces ni unité. La virgule marque les décimales (« 29,5 », « 29,125 »), le point aussi
    (« 29.5 ») ; mais un point suivi d'exactement trois chiffres après 1 à 3 chiffres
    (« 1.200 ») pourrait aussi séparer les milliers : ambigu, sauf dans un lien, où le
    calculateur écrit toujours le point décimal (« 29.125 »)."""
    negatif = brut[:1] in tuple(SIGNES_MOINS)
    correspondance = NOMBRE.match(brut[1:] if negatif else brut)
    if correspondance is None:
        return "illisible", None
    if negatif:
        return "negatif", None
    entier, separateur, decimales = correspondance.groups()
    valeur = Decimal(f"{entier}.{decimales}") if decimales else Decimal(entier)
    milliers = separateur == "." and len(decimales) == 3 and len(entier) <= 3
    if milliers and entier.lstrip("0") and not lien:
        return "ambigu", valeur
    return "lu", valeur


def lire_nombre(
    texte: str,
    libelle: str,
    *,
    unite: str = "",
    entier: bool = False,
    feminin: bool = False,
    lien: bool = False,
) -> Decimal | int:
    """Un nombre tapé à la française : « 29,5 », « 29.5 », « 1 200 », « 1 200 km », « 120km ».

    Les espaces (milliers) et l'unité du champ (`UNITES_TOLEREES`) sont ignorés. Refusés, avec
    un message qui nomme le champ (`libelle`, « la distance … ») : un texte qui n'est pas un
    nombre (« abc », « 1e5 »), un nombre négatif (accordé : `feminin`), une écriture ambiguë
    (« 1.200 ») et, pour un `entier`, un nombre à virgule (« 1,5 »). Le texte vide est à la
    charge de l'appelant (non indiqué, ou champ obligatoire).
    """
    brut = ESPACES.sub("", texte or "")
    if unite in UNITES_TOLEREES:
        brut = re.sub(rf"(?:{UNITES_TOLEREES[unite]})\.?$", "", brut, flags=re.IGNORECASE)
    code, valeur = _decision_nombre(brut, lien)
    if code == "lu" and entier and valeur != valeur.to_integral_value():
        code = "non_entier"
    if code == "lu" and valeur is not None:
        return int(valeur) if valeur == valeur.to_integral_value() else valeur
    suffixe = f" {unite}" if unite else ""
    petit = valeur if valeur is not None else Decimal(0)
    grand = petit.scaleb(3)
    raise NombreIllisible(
        PHRASES_NOMBRE[code].format(
            texte=(texte or "").strip(),
            libelle=libelle,
            Libelle=libelle[:1].upper() + libelle[1:],
            negatif="négative" if feminin else "négatif",
            exemple="0, 1 ou 2" if entier else f"29,5{suffixe}",
            petit=nombre(petit),
            grand=nombre(grand),
            grand_brut=f"{int(grand)}",
        )
    )


# --- Le revenu invraisemblable -----------------------------------------------------------------

REVENU_INVRAISEMBLABLE = 100
"""Sous 100 € (mais plus de 0), un revenu brut global annuel est sans doute une faute de frappe
(« 21,98 » pour 21 980) : l'estimation est faite, avec un avertissement."""

PHRASE_REVENU_INVRAISEMBLABLE = (
    "Vous avez tapé « {texte} » : {revenu} de revenu brut global pour toute une année, c'est très "
    "peu. Vouliez-vous dire {mille} ? La virgule marque les centimes : tapez le revenu en euros, "
    "sans virgule (par exemple {mille_brut}), puis estimez de nouveau."
)


def avertissement_du_revenu(texte: str, revenu: Decimal | int) -> dict[str, str] | None:
    """L'avertissement d'un revenu tapé invraisemblable (`revenu_invraisemblable`), ou None."""
    if not 0 < revenu < REVENU_INVRAISEMBLABLE:
        return None
    mille = Decimal(revenu).scaleb(3)
    message = PHRASE_REVENU_INVRAISEMBLABLE.format(
        texte=texte.strip(), revenu=euros(revenu), mille=euros(mille), mille_brut=nombre(mille, 0)
    )
    return {"code": "revenu_invraisemblable", "message": message}


# --- Le formulaire entier : des textes, lus chacun par son lecteur ---------------------------

ORIGINES = ("formulaire", "lien")
"""D'où viennent les textes : le formulaire tapé, ou le fragment d'un lien de partage."""

PHRASES_SAISIE = {
    "entree": 'L\'entrée doit être un objet {{"saisie": {{"cle": "texte", …}}, "origine": '
    '"formulaire" ou "lien"}}.',
    "origine": "Origine inconnue {origine} : « formulaire » ou « lien ».",
    "pas_un_texte": "« {champ} » : la valeur doit être un texte, tel que tapé ou lu dans le lien.",
    "inconnu": "Champ inconnu « {champ} » : le formulaire ne pose pas cette question.",
    "obligatoire": "Indiquez {libelle} : ce champ est obligatoire.",
    "incomplet": "Ce lien est incomplet : il y manque {manque} (il a peut-être été coupé en le "
    "copiant). Aucune estimation n'a été faite ; tapez votre situation ci-dessous.",
    "booleen": "« {texte} » : indiquez {libelle} par 1 (oui) ou 0 (non).",
    "date": "« {texte} » n'est pas une date : indiquez {libelle} sous la forme JJ/MM/AAAA (par "
    "exemple 14/03/2005).",
    "date_incomplete": "Date incomplète : indiquez {libelle} en entier, jour, mois et année (par "
    "exemple 14/03/2005).",
}
"""Les phrases des erreurs de lecture du formulaire, par raison."""

OUI, NON = ("1", "true", "oui"), ("0", "false", "non")
"""Les textes d'une réponse oui / non : « 1 » et « 0 » (cases et boutons du formulaire)."""
DATE_FRANCAISE = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _lire_booleen(texte: str, libelle: str) -> bool:
    normal = texte.strip().lower()
    if normal in OUI or normal in NON:
        return normal in OUI
    raise ValueError(PHRASES_SAISIE["booleen"].format(texte=texte.strip(), libelle=libelle))


def _lire_date(texte: str, libelle: str) -> str:
    """Une date « AAAA-MM-JJ » (celle du champ date et du lien) ou « JJ/MM/AAAA » (tapée), en
    « AAAA-MM-JJ » ; sa vraisemblance est contrôlée ensuite, avec l'année choisie."""
    from datetime import date

    brut = texte.strip()
    iso, francaise = DATE_ISO.match(brut), DATE_FRANCAISE.match(brut)
    parties = iso.groups() if iso else francaise.groups()[::-1] if francaise else None
    try:
        if parties is not None:
            return date(*map(int, parties)).isoformat()
    except ValueError:
        pass
    if "/" in brut and any(not partie.strip() for partie in brut.split("/")):
        raise ValueError(PHRASES_SAISIE["date_incomplete"].format(libelle=libelle))
    raise ValueError(PHRASES_SAISIE["date"].format(texte=brut, libelle=libelle))


def _lecteur_du_champ(cle: str, lien: bool):
    """Le lecteur d'un champ (texte → valeur de l'interface JSON), et son libellé ; None pour
    une clé que le formulaire ne connaît pas."""
    from .questions import BOOLEEN, CHOIX, DATE, ENTIER, QUESTIONS
    from .situation import LIBELLES

    if cle in LIBELLES:
        libelle = LIBELLES[cle]
        lecteurs = {
            "annee_universitaire": str.strip,
            "revenu_brut_global": lambda t: lire_revenu(t, lien),
            "distance_km": lambda t: lire_nombre(t, libelle, unite="km", feminin=True, lien=lien),
            "enfants_a_charge": lambda t: lire_nombre(t, libelle, unite="enfants", entier=True),
            "dont_etudiants_superieur": lambda t: lire_nombre(
                t, libelle, unite="enfants", entier=True
            ),
        }
        return lecteurs.get(cle, lambda t: _lire_booleen(t, libelle)), libelle
    bloc, _, sous_cle = cle.partition(".")
    q = next((q for q in QUESTIONS.get(bloc, ()) if q.cle == sous_cle), None)
    if q is None:
        return None, None
    feminin = q.libelle.startswith("la ")
    lecteurs = {
        BOOLEEN: lambda t: _lire_booleen(t, q.libelle),
        ENTIER: lambda t: lire_nombre(
            t, q.libelle, unite=q.unite, entier=True, feminin=feminin, lien=lien
        ),
        DATE: lambda t: _lire_date(t, q.libelle),
        CHOIX: str.strip,
    }
    return lecteurs[q.type], q.libelle


def lire_revenu(texte: str, lien: bool = False) -> Decimal | int:
    """Le revenu brut global tapé (`lire_montant`), entier s'il l'est ; dans un lien, le point
    décimal qu'écrit le calculateur (« 21988.5 ») se lit d'abord tel quel."""
    if lien and re.fullmatch(r"\d+\.\d+", texte.strip()):
        montant = Decimal(texte.strip())
    else:
        montant = lire_montant(texte)
    return int(montant) if montant == montant.to_integral_value() else montant


def _forme(objet: Any) -> tuple[dict[str, Any] | None, bool, list[ErreurDeSaisie]]:
    """La saisie et son origine (lien : True), ou l'erreur de forme de l'objet."""
    if not isinstance(objet, dict) or not isinstance(objet.get("saisie"), dict):
        return None, False, [ErreurDeSaisie(None, PHRASES_SAISIE["entree"])]
    origine = objet.get("origine", "formulaire")
    if origine not in ORIGINES:
        montree = f"« {origine} »" if isinstance(origine, str) else "(pas un texte)"
        return (
            None,
            False,
            [ErreurDeSaisie("origine", PHRASES_SAISIE["origine"].format(origine=montree[:60]))],
        )
    return objet["saisie"], origine == "lien", []


def _ordre_de_l_interface() -> dict[str, int]:
    """Le rang de chaque champ : la situation, puis chaque « bloc.cle » dans l'ordre déclaré."""
    from .questions import QUESTIONS
    from .situation import CHAMPS

    noms = [*CHAMPS, *(q.nom for liste in QUESTIONS.values() for q in liste)]
    return {nom: rang for rang, nom in enumerate(noms)}


def lire_saisie(objet: Any) -> tuple[dict[str, Any] | None, list[ErreurDeSaisie], bool]:
    """L'entrée de l'interface JSON que décrit une saisie `{"saisie": {cle: texte}, "origine"}`,
    ou None, les erreurs (chacune nomme son champ) et si le lien est incomplet.

    Chaque texte est lu par le lecteur de son champ (montant, nombre à la française, entier,
    oui / non, date, choix) ; un texte vide ou une clé absente : non indiqué. Une clé
    obligatoire absente d'un lien le rend incomplet (rien n'est estimé, rien n'est deviné) ;
    les clés inconnues d'un lien (`utm_source`, `fbclid`…) sont ignorées, pas celles du
    formulaire. Le bloc `eligibilite` est toujours présent, vide si rien n'en est dit : ses
    conditions sont alors « à vérifier », jamais « remplies ».
    """
    from .situation import CHAMPS_OBLIGATOIRES, LIBELLES

    saisie, lien, erreurs = _forme(objet)
    if saisie is None:
        return None, erreurs, False
    textes = {
        str(cle): texte
        for cle, texte in saisie.items()
        if texte is not None and not (isinstance(texte, str) and not texte.strip())
    }
    manque = [cle for cle in CHAMPS_OBLIGATOIRES if cle not in textes]
    if lien and manque:
        libelles = [LIBELLES[cle] for cle in manque]
        liste = ", ".join(libelles[:-1]) + " et " + libelles[-1] if len(manque) > 1 else libelles[0]
        return (
            None,
            [ErreurDeSaisie("lien", PHRASES_SAISIE["incomplet"].format(manque=liste))],
            True,
        )
    valeurs, erreurs = _lire_les_textes(textes, lien)
    erreurs += [
        ErreurDeSaisie(cle, PHRASES_SAISIE["obligatoire"].format(libelle=LIBELLES[cle]))
        for cle in manque
    ]
    if erreurs:
        rang = _ordre_de_l_interface()
        return None, sorted(erreurs, key=lambda e: rang.get(e.champ or "", len(rang))), False
    return _entree(valeurs), [], False


def _lire_les_textes(
    textes: dict[str, Any], lien: bool
) -> tuple[dict[str, Any], list[ErreurDeSaisie]]:
    """Chaque texte lu par le lecteur de son champ : les valeurs lues, et les erreurs."""
    valeurs: dict[str, Any] = {}
    erreurs: list[ErreurDeSaisie] = []
    for cle, texte in textes.items():
        lire, _ = _lecteur_du_champ(cle, lien)
        if lire is None:
            if not lien:
                champ = cle[:80]
                erreurs.append(ErreurDeSaisie(champ, PHRASES_SAISIE["inconnu"].format(champ=champ)))
        elif not isinstance(texte, str):
            erreurs.append(ErreurDeSaisie(cle, PHRASES_SAISIE["pas_un_texte"].format(champ=cle)))
        else:
            try:
                valeurs[cle] = lire(texte)
            except ValueError as erreur:
                erreurs.append(ErreurDeSaisie(cle, str(erreur)))
    return valeurs, erreurs


def _entree(valeurs: dict[str, Any]) -> dict[str, Any]:
    """Les valeurs lues, rangées en entrée de l'interface JSON, dans son ordre."""
    from .questions import QUESTIONS
    from .situation import CHAMPS

    entree: dict[str, Any] = {cle: valeurs[cle] for cle in CHAMPS if cle in valeurs}
    for bloc, questions in QUESTIONS.items():
        lues = {q.cle: valeurs[q.nom] for q in questions if q.nom in valeurs}
        if lues or bloc == "eligibilite":
            entree[bloc] = lues
    return entree


SURS_DANS_UN_LIEN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")


def _texte_du_lien(valeur: Any) -> str:
    """Une valeur lue, écrite pour le fragment : 1 / 0, nombre au point décimal, texte."""
    if isinstance(valeur, bool):
        return "1" if valeur else "0"
    if isinstance(valeur, Decimal):
        return f"{valeur.normalize():f}"
    texte = str(valeur)
    return "".join(
        c if c in SURS_DANS_UN_LIEN else "".join(f"%{o:02X}" for o in c.encode()) for c in texte
    )


def fragment(entree: dict[str, Any]) -> str:
    """Le fragment du lien de partage (sans « # ») : une clé par valeur lue, dans l'ordre de
    l'interface (« revenu_brut_global=21988&distance_km=29.5&…&eligibilite.premiere_demande=1 »)."""
    paires: list[tuple[str, Any]] = []
    for cle, valeur in entree.items():
        if isinstance(valeur, dict):
            paires += [(f"{cle}.{sous_cle}", v) for sous_cle, v in valeur.items()]
        else:
            paires.append((cle, valeur))
    return "&".join(f"{cle}={_texte_du_lien(valeur)}" for cle, valeur in paires)


def entree_en_json(entree: dict[str, Any]) -> dict[str, Any]:
    """L'entrée lue, ses nombres exacts (Decimal) écrits en nombres JSON."""
    return {
        cle: entree_en_json(v) if isinstance(v, dict) else float(v) if isinstance(v, Decimal) else v
        for cle, v in entree.items()
    }
