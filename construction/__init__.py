"""Les étapes de `build.py`, un module par raison de changer.

`build.py` garde la recette (tout lire et vérifier, puis tout écrire) et les commandes ;
chaque module ici fait une chose : lire les barèmes, lire et rendre les pages, préparer le
simulateur, servir le site en travail. Aucun ne contient de règle d'attribution : elles sont
toutes dans `calculator/`.
"""
