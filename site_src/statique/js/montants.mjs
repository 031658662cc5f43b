// Page des montants : le formulaire « montant d'un échelon connu », sans worker. Ses réponses
// sont celles du calculateur, calculées à la construction pour chaque année, échelon et durée,
// et écrites dans la page (script JSON #reponses-montant-connu) : ce script ne fait que les lire.

import { creerMontantConnu } from "./montant-connu.mjs";

const reponses = JSON.parse(document.getElementById("reponses-montant-connu").textContent);

creerMontantConnu({
  demander: async (_action, { entree }) => {
    const cle = `${entree.annee_universitaire}|${entree.echelon}|${entree.duree_versement}`;
    if (cle in reponses) return { resultat: reponses[cle] };
    return { erreur: { erreurs: [{ champ: null, message: "Montant introuvable pour ce choix." }] } };
  },
});
