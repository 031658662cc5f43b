"""Les encadrés « À vérifier » et « Les sources divergent » des pages : chacun finit par ce que
l'étudiant peut faire.

Dans le Markdown, un encadré est un paragraphe qui commence par son titre en gras et contient
son action, elle aussi annoncée en gras :

    **À vérifier :** nous n'avons pas lu la règle exacte. **Que faire :** demandez à votre Crous.

Le rendu en fait un bloc repérable (classe `encadre`), le constat puis l'action sur sa ligne
(classe `action`). Un encadré sans « Que faire : » arrête la construction : une incertitude
dite sans rien à faire laisse l'étudiant sans recours.
"""

from __future__ import annotations

import re

TITRES_D_ENCADRE: dict[str, str] = {
    "À vérifier": "a-verifier",
    "Les sources divergent": "divergence",
}
"""Le titre en gras qui ouvre un encadré, et la classe qui le marque."""

ANNONCE_DE_L_ACTION = "Que faire :"

_ENCADRE = re.compile(
    r"<p><strong>(?P<titre>" + "|".join(map(re.escape, TITRES_D_ENCADRE)) + r") :</strong>"
    r"(?P<texte>.*?)</p>",
    re.DOTALL,
)
_ACTION = re.compile(r"\s*<strong>" + re.escape(ANNONCE_DE_L_ACTION) + r"</strong>\s*")


def encadrer(corps: str) -> tuple[str, list[tuple[str, str]]]:
    """Le HTML aux encadrés marqués ; le titre et les premiers mots de chaque encadré sans
    action."""
    sans_action: list[tuple[str, str]] = []

    def remplacer(correspondance: re.Match[str]) -> str:
        titre, texte = correspondance["titre"], correspondance["texte"]
        morceaux = _ACTION.split(texte, maxsplit=1)
        if len(morceaux) != 2 or not morceaux[1].strip():
            sans_action.append((titre, _debut(texte)))
            return correspondance.group(0)
        constat, action = morceaux
        return (
            f'<div class="encadre {TITRES_D_ENCADRE[titre]}">'
            f"<p><strong>{titre} :</strong>{constat.rstrip()}</p>"
            f'<p class="action"><strong>{ANNONCE_DE_L_ACTION}</strong> {action.strip()}</p>'
            "</div>"
        )

    return _ENCADRE.sub(remplacer, corps), sans_action


def _debut(texte: str) -> str:
    """Les premiers mots d'un encadré, avant toute balise : tels qu'écrits dans le Markdown."""
    return texte.split("<", 1)[0].strip()[:30]
