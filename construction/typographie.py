"""La typographie française de chaque page construite : les espaces insécables de
`calculator.format.typographie`, posées dans le texte du HTML et nulle part ailleurs (ni dans les
balises et leurs attributs, ni dans les scripts, les styles ou le code)."""

from __future__ import annotations

import re

from calculator.format import typographie

SANS_TYPOGRAPHIE = ("script", "style", "pre", "code", "textarea")
"""Les éléments dont le contenu n'est pas du texte à lire : il reste tel qu'il est écrit."""

_MORCEAUX = re.compile(
    r"(<(" + "|".join(SANS_TYPOGRAPHIE) + r")\b.*?</\2\s*>|<!--.*?-->|<[^>]*>)",
    re.DOTALL | re.IGNORECASE,
)


def typographier_le_html(document: str) -> str:
    """Le document, chaque texte entre deux balises typographié.

    Un texte est lu avec le dernier caractère du texte qui le précède : « <strong>3</strong>
    points » garde son espace insécable. Chaque règle remplace une espace par une autre, la
    longueur ne change pas : ce caractère se retire sans rien décaler.
    """
    morceaux: list[str] = []
    precedent = ""
    debut = 0
    for balise in _MORCEAUX.finditer(document):
        texte = document[debut : balise.start()]
        morceaux += [_typographier_apres(precedent, texte), balise.group(1)]
        precedent = texte[-1:] or precedent
        debut = balise.end()
    morceaux.append(_typographier_apres(precedent, document[debut:]))
    return "".join(morceaux)


def _typographier_apres(precedent: str, texte: str) -> str:
    """Le texte typographié, lu à la suite du caractère `precedent` (qui n'est pas rendu)."""
    return typographie(precedent + texte)[len(precedent) :] if texte else texte
