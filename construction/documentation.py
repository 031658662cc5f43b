"""La table des questions de docs/interface.md, tirée de calculator/questions.py.

    python -m construction.documentation    réécrit la table dans docs/interface.md

`tests/test_questions.py` vérifie que la table écrite est celle-ci : une question déclarée est
documentée sans qu'on ait à l'écrire deux fois.
"""

from __future__ import annotations

from calculator.questions import BOOLEEN, CHOIX, ENTIER, QUESTIONS, Question
from construction import projet

DEBUT = "<!-- questions : table tirée de calculator/questions.py, ne pas modifier à la main -->"
FIN = "<!-- fin des questions -->"


def type_de(q: Question) -> str:
    """Ce que la clé accepte, écrit pour la documentation."""
    if q.type == BOOLEEN:
        return "`true` ou `false`"
    if q.type == CHOIX:
        return ", ".join(f"`{v}`" for v in q.valeurs)
    if q.type == ENTIER:
        unite = f" {q.unite}" if q.unite else ""
        return f"entier de {q.minimum} à {q.maximum}{unite}"
    return '`"AAAA-MM-JJ"`'


def table_des_questions() -> str:
    """Une ligne par clé des blocs facultatifs : clé, valeurs permises, question posée."""
    lignes = [DEBUT, "| clé | valeurs | question posée |", "|---|---|---|"]
    for bloc in QUESTIONS.values():
        for q in bloc:
            posee = q.question if q.dans_le_formulaire else f"{q.question} (interface seulement)"
            lignes.append(f"| `{q.nom}` | {type_de(q)} | {posee} |")
    return "\n".join([*lignes, FIN])


def avec_la_table(texte: str) -> str:
    """Le texte de docs/interface.md, sa table des questions remplacée par la table à jour."""
    debut, fin = texte.index(DEBUT), texte.index(FIN) + len(FIN)
    return texte[:debut] + table_des_questions() + texte[fin:]


if __name__ == "__main__":
    chemin = projet.RACINE / "docs" / "interface.md"
    chemin.write_text(avec_la_table(chemin.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{chemin.relative_to(projet.RACINE)} : table des questions réécrite")
