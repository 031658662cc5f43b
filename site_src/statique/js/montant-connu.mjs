// Le montant exact d'un échelon connu (notification de bourse, ou API « statut étudiant
// boursier » du Cnous) : un petit formulaire, sur la page du simulateur et sur celle des
// montants. Le formulaire est dans la page (macro montant_connu de _macros.html) ; la réponse
// vient toujours du calculateur, par `demander(action, {entree})` : le worker Python sur le
// simulateur, les réponses calculées à la construction sur la page des montants. Sa carte est
// déjà écrite (`presentation.carte`) : ce module la range dans la page.

import { anneeDeLaDemande, carte, h, marquesDeCertitude } from "./outils.mjs";

/** Active le formulaire ; `demander` renvoie {resultat} ou {erreur} (action montant_depuis_echelon). */
export function creerMontantConnu({ demander }) {
  const formulaire = document.getElementById("formulaire-echelon");
  const sortie = document.getElementById("montant-connu");
  const annee = document.getElementById("echelon-annee");
  const echelon = document.getElementById("echelon-echelon");
  const erreurs = formulaire.querySelector(".erreurs-etape");
  const zoneEchelon = document.getElementById("erreur-echelon-echelon");
  const marqueDeCertitude = marquesDeCertitude();
  annee.value = anneeDeLaDemande(annee);
  formulaire.querySelector('button[type="submit"]').disabled = false;

  function effacer() {
    erreurs.replaceChildren();
    zoneEchelon.hidden = true;
    zoneEchelon.textContent = "";
    echelon.removeAttribute("aria-invalid");
    echelon.setAttribute("aria-describedby", "aide-echelon-echelon");
  }

  function montrer(liste) {
    effacer();
    sortie.replaceChildren();
    const items = liste.map(({ champ, message }) => {
      if (champ === "echelon") {
        zoneEchelon.textContent = `Erreur\u00a0: ${message}`;
        zoneEchelon.hidden = false;
        echelon.setAttribute("aria-invalid", "true");
        echelon.setAttribute("aria-describedby", "aide-echelon-echelon erreur-echelon-echelon");
        return h("li", {}, h("a", { href: "#echelon-echelon", "data-champ": "echelon" }, message));
      }
      return h("li", {}, message);
    });
    const resume = h(
      "div",
      { class: "resume-erreurs", tabindex: "-1" },
      h("h3", {}, items.length > 1 ? "Corrigez ces points" : "Corrigez ce point"),
      h("ul", {}, items),
    );
    erreurs.append(resume);
    resume.focus();
  }

  erreurs.addEventListener("click", (evenement) => {
    if (!evenement.target.closest("a[data-champ]")) return;
    evenement.preventDefault();
    echelon.focus();
  });

  formulaire.addEventListener("submit", async (evenement) => {
    evenement.preventDefault();
    const duree = formulaire.querySelector('input[name="echelon-duree"]:checked')?.value;
    if (!echelon.value) {
      montrer([{ champ: "echelon", message: "Choisissez l'échelon indiqué sur votre notification." }]);
      return;
    }
    effacer();
    const entree = {
      annee_universitaire: annee.value,
      echelon: echelon.value,
      duree_versement: Number(duree ?? 10),
    };
    let reponse;
    try {
      reponse = await demander("montant_depuis_echelon", { entree });
    } catch {
      montrer([{ champ: null, message: "Le calculateur n'a pas pu répondre\u00a0: rechargez la page." }]);
      return;
    }
    if (reponse.erreur) {
      montrer(reponse.erreur.erreurs ?? [{ champ: null, message: "Demande illisible." }]);
      return;
    }
    const r = reponse.resultat;
    const montant = carte(r.presentation.carte, {
      attributs: { "data-annee": r.annee_universitaire, "data-echelon": r.echelon },
    });
    montant.append(
      h("p", { class: "note" }, r.raison),
      h("p", { class: "note" }, "Certitude\u00a0: ", marqueDeCertitude(r.fiabilite)),
    );
    if (r.avertissements?.length) {
      montant.append(h("ul", { class: "avertissements-montant" },
        r.avertissements.map((a) => h("li", { "data-code": a.code }, a.message))));
    }
    sortie.replaceChildren(montant);
  });
}
