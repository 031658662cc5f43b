// Simulateur : le formulaire, le worker du calculateur (Python dans Pyodide), le résultat et le
// lien de partage. Rien de ce que l'étudiant tape ne quitte l'appareil : le calcul se fait dans le
// worker, et la situation partagée voyage dans le fragment de l'adresse (#…), jamais envoyé.

const CHAMPS = [
  "annee_universitaire",
  "revenu_brut_global",
  "distance_km",
  "enfants_a_charge",
  "dont_etudiants_superieur",
  "handicap",
  "aidant",
];
const CASES = ["handicap", "aidant"];
const ECHELONS = ["0bis", "1", "2", "3", "4", "5", "6", "7"];
const SVG = "http://www.w3.org/2000/svg";

const etat = document.getElementById("etat-calculateur");
const avisLien = document.getElementById("avis-lien");
const formulaire = document.getElementById("simulateur");
const resumeErreurs = document.getElementById("erreurs");
const region = document.getElementById("resultat");
const modeles = document.getElementById("modeles-resultat");
const selectAnnee = document.getElementById("annee_universitaire");
const champDistance = document.getElementById("distance_km");
const trancheDistance = document.getElementById("tranche_distance");
const anneeParDefaut = anneeSelonLaDate(new Date());
selectAnnee.value = anneeParDefaut;

/**
 * L'année proposée d'abord : celle dont la campagne du dossier social étudiant est ouverte ou
 * la prochaine à ouvrir, selon la date de l'appareil (provisoire si son barème n'est pas encore
 * publié). La campagne d'une année N-N+1 se clôt au printemps N (date du barème, ou le 31 mai
 * si elle n'est pas connue). Après la dernière campagne connue : la dernière année des données.
 */
function anneeSelonLaDate(aujourdhui) {
  const jour = aujourdhui.toISOString().slice(0, 10);
  const options = [...selectAnnee.options].sort((a, b) => a.value.localeCompare(b.value));
  const ouverte = options.find((o) => jour <= (o.dataset.cloture || `${o.value.slice(0, 4)}-05-31`));
  return (ouverte ?? options[options.length - 1]).value;
}

// --- Mise en forme à la française ------------------------------------------------------------

const formats = new Map();
function format(decimales, style) {
  const cle = `${decimales}-${style}`;
  if (!formats.has(cle)) {
    formats.set(
      cle,
      new Intl.NumberFormat("fr-FR", {
        ...(style === "euros" ? { style: "currency", currency: "EUR" } : {}),
        minimumFractionDigits: decimales,
        maximumFractionDigits: decimales,
      }),
    );
  }
  return formats.get(cle);
}

/** « 3 828 € », « 382,80 € » : sans décimale pour un montant entier, deux sinon. */
function euros(valeur) {
  return format(Number.isInteger(valeur) ? 0 : 2, "euros").format(valeur);
}

function nombre(valeur) {
  return format(Number.isInteger(valeur) ? 0 : 2, "nombre").format(valeur);
}

function points(n) {
  return `${nombre(n)} point${Math.abs(n) >= 2 ? "s" : ""}`;
}

const MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
  "septembre", "octobre", "novembre", "décembre"];

/** « 2025-03-13 » → « 13 mars 2025 » ; « 1er » pour le premier du mois. */
function dateLongue(iso) {
  const [annee, mois, jour] = iso.split("-").map(Number);
  if (!annee || !mois || !jour || mois > 12) return iso;
  return `${jour === 1 ? "1er" : jour} ${MOIS[mois - 1]} ${annee}`;
}

/** Un élément HTML : h("p", {class: "note"}, "texte", autreElement). */
function h(balise, attributs = {}, ...enfants) {
  const el = document.createElement(balise);
  for (const [nom, valeur] of Object.entries(attributs)) {
    if (valeur !== null && valeur !== undefined && valeur !== false) el.setAttribute(nom, valeur);
  }
  el.append(...enfants.flat(Infinity).filter((e) => e !== null && e !== undefined && e !== false));
  return el;
}

function s(balise, attributs = {}, texte = null) {
  const el = document.createElementNS(SVG, balise);
  for (const [nom, valeur] of Object.entries(attributs)) el.setAttribute(nom, String(valeur));
  if (texte !== null) el.textContent = texte;
  return el;
}

/** Un montant lisible et sa valeur exacte pour les machines : <data value="…">… €</data>. */
function montant(valeur, champ) {
  return h("data", { value: String(valeur), "data-champ": champ }, euros(valeur));
}

function modele(nom) {
  return modeles.content.querySelector(`[data-modele="${nom}"]`).cloneNode(true);
}

// --- Le worker du calculateur ------------------------------------------------------------------

let worker = null;
let pret = false;
let echoue = false;
let prochainId = 1;
const enAttente = new Map();

function annoncer(texte, genre = "info") {
  etat.dataset.genre = genre;
  etat.textContent = texte;
}

function signaler(texte) {
  avisLien.textContent = texte;
}

function echec(detail) {
  if (echoue) return;
  echoue = true;
  pret = false;
  etat.dataset.genre = "echec";
  etat.replaceChildren(
    "Le simulateur ne peut pas fonctionner sur ce navigateur",
    detail ? ` (${detail.replace(/[.\s]+$/, "")})` : "",
    ". La ",
    h("a", { href: "#a-la-main" }, "méthode à la main"),
    " et le ",
    h("a", { href: "#tableau" }, "tableau des plafonds"),
    " ci-dessous donnent le même résultat.",
  );
  formulaire.hidden = true;
  for (const { rejeter } of enAttente.values()) rejeter(new Error("calculateur indisponible"));
  enAttente.clear();
  try {
    worker?.terminate();
  } catch {
    // rien à arrêter
  }
}

function recevoir(evenement) {
  const message = evenement.data;
  if (!message || typeof message !== "object") return;
  if (message.id !== undefined && message.id !== null) {
    const attente = enAttente.get(message.id);
    if (!attente) return;
    enAttente.delete(message.id);
    attente.resoudre(message);
    return;
  }
  if (message.etat === "chargement") {
    if (!pret && !echoue) annoncer(message.message || "Chargement du calculateur…");
  } else if (message.etat === "pret") {
    pret = true;
    annoncer("Calculateur prêt.", "pret");
    enregistrerServiceWorker();
  } else if (message.etat === "echec") {
    echec(message.message);
  }
}

function demarrer() {
  if (typeof WebAssembly === "undefined" || typeof Worker === "undefined") {
    echec("WebAssembly n'y est pas disponible");
    return;
  }
  try {
    worker = new Worker(new URL("./calculateur.worker.mjs", import.meta.url), { type: "module" });
  } catch {
    echec("le calculateur n'a pas pu démarrer");
    return;
  }
  worker.addEventListener("message", recevoir);
  worker.addEventListener("error", (evenement) => {
    evenement.preventDefault?.();
    if (!pret) echec("le calculateur n'a pas pu se charger");
  });
  annoncer("Chargement du calculateur…");
}

/** Une question au worker ; la réponse est {resultat} ou {erreur}. Avant « prêt », il la garde. */
function demander(action, donnees = {}) {
  if (echoue || !worker) return Promise.reject(new Error("calculateur indisponible"));
  const id = prochainId++;
  return new Promise((resoudre, rejeter) => {
    enAttente.set(id, { resoudre, rejeter });
    worker.postMessage({ id, action, ...donnees });
  });
}

function enregistrerServiceWorker() {
  try {
    navigator.serviceWorker?.register(new URL("../sw.js", import.meta.url))?.catch(() => {});
  } catch {
    // hors ligne ou refusé : le site marche sans
  }
}

let promesseAnnees = null;
/** Les données de chaque année (plafonds, taux, références, calendrier), par année. */
function annees() {
  promesseAnnees ??= demander("annees").then((reponse) => {
    if (!Array.isArray(reponse.resultat)) throw new Error("données des années illisibles");
    return new Map(reponse.resultat.map((a) => [a.annee_universitaire, a]));
  });
  promesseAnnees.catch(() => {
    promesseAnnees = null;
  });
  return promesseAnnees;
}

// --- Le formulaire -------------------------------------------------------------------------------

function champ(nom) {
  return document.getElementById(nom);
}

function mettreAJourAideRevenu() {
  const option = selectAnnee.selectedOptions[0];
  if (!option) return;
  // Le barème d'une année provisoire reprend celui d'une année précédente : le dire tout de suite.
  document.getElementById("note-provisoire").hidden = option.dataset.statut !== "provisoire";
  for (const el of document.querySelectorAll("#aide-revenu_brut_global [data-avis]")) {
    el.textContent = option.dataset.avis;
  }
  for (const el of document.querySelectorAll("#aide-revenu_brut_global [data-revenus]")) {
    el.textContent = option.dataset.revenus;
  }
}

function effacerErreurs() {
  resumeErreurs.replaceChildren();
  for (const el of formulaire.querySelectorAll(".erreur-champ")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const el of formulaire.querySelectorAll("[aria-invalid]")) {
    el.removeAttribute("aria-invalid");
    const aide = `aide-${el.id}`;
    el.setAttribute("aria-describedby", document.getElementById(aide) ? aide : "");
  }
}

/** Chaque erreur près de son champ, et un résumé annoncé qui mène à chacune. */
function montrerErreurs(erreurs) {
  effacerErreurs();
  const liste = h("ul");
  for (const { champ: nom, message } of erreurs) {
    const el = nom ? champ(nom) : null;
    const zone = nom ? document.getElementById(`erreur-${nom}`) : null;
    if (el && zone) {
      zone.textContent = `Erreur : ${message}`;
      zone.hidden = false;
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", `aide-${nom} erreur-${nom}`);
    }
    const lien = el ? h("a", { href: `#${nom}`, "data-champ": nom }, message) : message;
    liste.append(h("li", {}, lien));
  }
  const resume = h(
    "div",
    { class: "resume-erreurs", tabindex: "-1" },
    h("h2", {}, erreurs.length > 1 ? "Corrigez ces points" : "Corrigez ce point"),
    liste,
  );
  resumeErreurs.append(resume);
  resume.focus();
  resume.scrollIntoView({ block: "start", behavior: mouvement() });
}

resumeErreurs.addEventListener("click", (evenement) => {
  const lien = evenement.target.closest("a[data-champ]");
  if (!lien) return;
  evenement.preventDefault(); // pas d'entrée d'historique : on va au champ
  const el = champ(lien.dataset.champ);
  el?.focus();
  el?.scrollIntoView({ block: "center", behavior: mouvement() });
});

function mouvement() {
  return matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
}

/** Un nombre d'un champ numérique : undefined s'il est vide, NaN s'il est illisible. */
function lireNombre(el) {
  if (el.validity?.badInput) return Number.NaN;
  const texte = el.value.trim();
  if (texte === "") return undefined;
  const valeur = Number(texte);
  return Number.isFinite(valeur) ? valeur : Number.NaN;
}

/** Ce que le formulaire dit, hors revenu (lu par le calculateur), et les erreurs évidentes. */
function lireFormulaire() {
  const erreurs = [];
  const entree = { annee_universitaire: selectAnnee.value };
  const texteRevenu = champ("revenu_brut_global").value;
  if (texteRevenu.trim() === "") {
    erreurs.push({
      champ: "revenu_brut_global",
      message:
        "Indiquez le revenu brut global de votre foyer fiscal, en euros (par exemple 21 988) : " +
        "un champ vide n'est jamais compté comme 0.",
    });
  }
  const distance = lireNombre(champDistance);
  if (distance === undefined && trancheDistance.value !== "") {
    entree.distance_km = Number(trancheDistance.value);
  } else if (distance === undefined) {
    erreurs.push({
      champ: "distance_km",
      message:
        "Indiquez la distance en kilomètres entre le domicile familial et le lieu d'études, " +
        "ou choisissez une tranche.",
    });
  } else if (Number.isNaN(distance)) {
    erreurs.push({
      champ: "distance_km",
      message: "La distance doit être un nombre de kilomètres, par exemple 40.",
    });
  } else {
    entree.distance_km = distance;
  }
  const libelles = {
    enfants_a_charge: "le nombre d'autres enfants à charge",
    dont_etudiants_superieur: "combien d'entre eux étudient dans le supérieur",
  };
  for (const [nom, libelle] of Object.entries(libelles)) {
    const valeur = lireNombre(champ(nom));
    if (valeur === undefined) {
      erreurs.push({ champ: nom, message: `Indiquez ${libelle} (0 s'il n'y en a pas).` });
    } else if (Number.isNaN(valeur)) {
      erreurs.push({ champ: nom, message: `Indiquez ${libelle} en chiffres, par exemple 0 ou 2.` });
    } else {
      entree[nom] = valeur;
    }
  }
  for (const nom of CASES) entree[nom] = champ(nom).checked;
  return { entree, texteRevenu, erreurs };
}

champDistance.addEventListener("input", () => {
  if (champDistance.value !== "" || champDistance.validity.badInput) trancheDistance.value = "";
});
trancheDistance.addEventListener("change", () => {
  if (trancheDistance.value !== "") champDistance.value = "";
});
selectAnnee.addEventListener("change", mettreAJourAideRevenu);

/** Remet le formulaire à ses valeurs par défaut, puis y écrit une situation (sans la lire). */
function remplir(situation) {
  effacerErreurs();
  selectAnnee.value = situation.annee_universitaire ?? anneeParDefaut;
  if (!selectAnnee.value) selectAnnee.value = anneeParDefaut;
  mettreAJourAideRevenu();
  champ("revenu_brut_global").value =
    situation.revenu_brut_global === undefined ? "" : texteDuMontant(situation.revenu_brut_global);
  champDistance.value = situation.distance_km === undefined ? "" : String(situation.distance_km);
  trancheDistance.value = "";
  champ("enfants_a_charge").value = String(situation.enfants_a_charge ?? 0);
  champ("dont_etudiants_superieur").value = String(situation.dont_etudiants_superieur ?? 0);
  for (const nom of CASES) champ(nom).checked = Boolean(situation[nom]);
}

/** Un montant du lien, tel que le calculateur le relira : « 22500,5 » ; « 1234,5670 » et non
 * « 1234,567 », que la lecture prendrait pour 1 234 567. */
function texteDuMontant(valeur) {
  const [entier, decimales] = String(valeur).split(".");
  if (decimales === undefined) return entier;
  return `${entier},${decimales.length === 3 ? `${decimales}0` : decimales}`;
}

// --- Le lien de partage : la situation dans le fragment (#…), jamais dans la requête ---------------

function fragmentDe(entree) {
  const parametres = new URLSearchParams();
  for (const nom of CHAMPS) {
    const valeur = entree[nom];
    if (valeur === undefined) continue;
    parametres.set(nom, typeof valeur === "boolean" ? (valeur ? "1" : "0") : String(valeur));
  }
  return parametres.toString();
}

const MOTIF_NOMBRE = /^\d+(\.\d+)?$/;
const MOTIF_ENTIER = /^\d+$/;

/** La situation d'un fragment, ou null s'il n'en contient pas (une ancre comme #tableau).
 * Lève une erreur (message pour l'étudiant) si elle est illisible. */
function situationDuFragment(fragment) {
  const texte = fragment.replace(/^#/, "");
  if (!texte.includes("=")) return null;
  let parametres;
  try {
    parametres = new URLSearchParams(texte);
  } catch {
    throw new Error("illisible");
  }
  const situation = {};
  let reconnus = 0;
  for (const [nom, valeur] of parametres) {
    if (!CHAMPS.includes(nom)) continue;
    reconnus += 1;
    if (nom === "annee_universitaire") {
      if (![...selectAnnee.options].some((o) => o.value === valeur)) throw new Error(nom);
      situation[nom] = valeur;
    } else if (CASES.includes(nom)) {
      if (!["0", "1", "true", "false"].includes(valeur)) throw new Error(nom);
      situation[nom] = valeur === "1" || valeur === "true";
    } else if (nom === "revenu_brut_global" || nom === "distance_km") {
      if (!MOTIF_NOMBRE.test(valeur)) throw new Error(nom);
      situation[nom] = Number(valeur);
    } else {
      if (!MOTIF_ENTIER.test(valeur)) throw new Error(nom);
      situation[nom] = Number(valeur);
    }
  }
  if (reconnus === 0) throw new Error("vide");
  return situation;
}

let fragmentAffiche = "";

/** Le fragment de l'adresse a changé (lien ouvert, retour arrière) : refaire la situation. */
function restaurer() {
  const fragment = location.hash.replace(/^#/, "");
  if (fragment === fragmentAffiche) return;
  let situation;
  try {
    situation = situationDuFragment(fragment);
  } catch {
    signaler(
      "Le lien ouvert ne décrit pas une situation lisible : il a été ignoré. " +
        "Remplissez le formulaire ci-dessous.",
    );
    return;
  }
  if (situation === null) {
    if (fragment === "") {
      // Retour avant la première estimation : plus de résultat affiché.
      fragmentAffiche = "";
      calculEnCours += 1;
      viderResultat();
    }
    return; // une ancre de la page (#tableau…) : rien à faire
  }
  signaler("");
  fragmentAffiche = fragment;
  remplir(situation);
  if (situation.revenu_brut_global === undefined) {
    signaler("Le lien ne donne pas le revenu : indiquez-le pour obtenir une estimation.");
    viderResultat();
    return;
  }
  estimer({ historique: false });
}

window.addEventListener("popstate", restaurer);
window.addEventListener("hashchange", restaurer);

// --- L'estimation ------------------------------------------------------------------------------

let calculEnCours = 0;

function viderResultat() {
  region.replaceChildren();
  region.removeAttribute("data-echelon");
  region.removeAttribute("aria-labelledby");
}

async function estimer({ historique }) {
  const numero = ++calculEnCours;
  const { entree, texteRevenu, erreurs } = lireFormulaire();
  if (erreurs.length) {
    viderResultat();
    // Calculateur prêt : le revenu est lu tout de suite, pour montrer toutes les erreurs d'un
    // coup. Sinon, pas d'attente : les erreurs évidentes d'abord.
    if (pret && texteRevenu.trim() !== "") {
      try {
        const lu = await demander("lire_montant", { texte: texteRevenu });
        if (numero !== calculEnCours) return;
        if (lu.erreur) erreurs.unshift(...erreursDe(lu.erreur, "revenu_brut_global"));
      } catch {
        // le calculateur est tombé : les erreurs évidentes suffisent
      }
    }
    montrerErreurs(erreurs);
    return;
  }
  effacerErreurs();
  if (echoue) return;
  if (!pret) {
    annoncer("Le calculateur se charge, votre estimation s'affichera dès qu'il sera prêt.");
  }
  try {
    const lu = await demander("lire_montant", { texte: texteRevenu });
    if (numero !== calculEnCours) return;
    if (lu.erreur) {
      viderResultat();
      montrerErreurs(erreursDe(lu.erreur, "revenu_brut_global"));
      return;
    }
    entree.revenu_brut_global = lu.resultat;
    const reponse = await demander("estimer", { entree });
    if (numero !== calculEnCours) return;
    if (reponse.erreur) {
      viderResultat();
      montrerErreurs(erreursDe(reponse.erreur, null));
      return;
    }
    const donnees = await annees();
    const comparaison = await comparer(entree, donnees);
    if (numero !== calculEnCours) return;
    afficher(reponse.resultat, entree, donnees, comparaison);
    const fragment = fragmentDe(entree);
    if (historique) {
      const adresse = `${location.pathname}${location.search}#${fragment}`;
      if (location.hash.replace(/^#/, "") === fragment) history.replaceState(null, "", adresse);
      else history.pushState(null, "", adresse);
      fragmentAffiche = fragment;
    }
    if (historique) region.scrollIntoView({ block: "start", behavior: mouvement() });
  } catch (erreur) {
    if (numero !== calculEnCours || echoue) return;
    viderResultat();
    annoncer(
      "Le calcul a échoué de façon inattendue. Rechargez la page, ou suivez la méthode à la " +
        "main ci-dessous.",
      "echec",
    );
    console.error(erreur);
  }
}

function erreursDe(erreur, champParDefaut) {
  const liste = Array.isArray(erreur?.erreurs) ? erreur.erreurs : [];
  if (!liste.length) {
    return [{ champ: champParDefaut, message: "Cette valeur n'a pas pu être lue." }];
  }
  return liste.map((e) => ({
    champ: CHAMPS.includes(e.champ) ? e.champ : null,
    message: String(e.message ?? "Valeur invalide."),
  }));
}

/** La même situation sous chaque année des données, de la plus récente à la plus ancienne. */
async function comparer(entree, donnees) {
  const liste = [...donnees.keys()].sort().reverse();
  const reponses = await Promise.all(
    liste.map((annee) =>
      annee === entree.annee_universitaire
        ? null
        : demander("estimer", { entree: { ...entree, annee_universitaire: annee } }),
    ),
  );
  return liste.map((annee, i) => ({ annee, reponse: reponses[i] }));
}

formulaire.addEventListener("submit", (evenement) => {
  evenement.preventDefault();
  signaler("");
  estimer({ historique: true });
});

// --- Le résultat -----------------------------------------------------------------------------

function reference(donneesAnnee, cle) {
  const ref = donneesAnnee?.references?.[cle];
  if (!ref) return null;
  return ref.lien ? h("a", { href: ref.lien }, ref.titre) : ref.titre;
}

function afficher(r, entree, donnees, comparaison) {
  const annee = donnees.get(r.annee_universitaire);
  const plafondsDeLaLigne = annee?.plafonds?.[String(r.ligne_du_tableau)] ?? null;
  const morceaux = [];

  morceaux.push(
    h("h2", { id: "titre-resultat" }, `Votre estimation pour ${r.annee_universitaire}`),
  );

  if (r.avertissements?.length) {
    morceaux.push(
      h(
        "div",
        { class: "avertissements" },
        h("h3", {}, "Attention"),
        h("ul", {}, r.avertissements.map((a) => h("li", { "data-code": a.code }, a.message))),
      ),
    );
  }

  morceaux.push(carteEchelon(r, plafondsDeLaLigne));
  morceaux.push(modele("indicatif"));

  morceaux.push(h("h3", {}, "Vos marges"), marges(r));

  morceaux.push(
    h("h3", {}, "Vos points de charge"),
    h(
      "ul",
      { class: "points-de-charge" },
      (r.detail_points_de_charge ?? []).map((d) =>
        h("li", {}, h("span", {}, d.libelle), " ", h("strong", {}, points(d.points))),
      ),
      h(
        "li",
        { class: "total" },
        h("span", {}, "Total"),
        " ",
        h("strong", {}, points(r.points_de_charge)),
      ),
    ),
  );
  if (r.ligne_du_tableau !== r.points_de_charge) {
    morceaux.push(
      h("p", { class: "note" }, `Le tableau des plafonds est lu à la ligne ${r.ligne_du_tableau}.`),
    );
  }

  if (plafondsDeLaLigne) {
    morceaux.push(
      h("h3", {}, `Les plafonds de votre ligne (${points(r.ligne_du_tableau)})`),
      graphique(r, plafondsDeLaLigne),
    );
  }

  morceaux.push(h("h3", {}, "Le calcul pas à pas"), etapes(r, annee));

  morceaux.push(
    h("h3", {}, "La même situation, d'autres années"),
    tableauDesAnnees(r, comparaison, donnees),
  );

  morceaux.push(h("h3", {}, "Avec la bourse"));
  morceaux.push(r.echelon ? modele("exonerations") : modele("sans-bourse"));

  morceaux.push(h("h3", {}, "Prochaine étape : la demande"), modele("demande"));
  morceaux.push(h("p", {}, calendrier(r.annee_universitaire, annee?.dossier_social_etudiant)));
  morceaux.push(modele("conditions"));

  morceaux.push(h("h3", {}, "Garder ou partager cette estimation"), partage(entree));

  region.replaceChildren(...morceaux);
  region.setAttribute("aria-labelledby", "titre-resultat");
  region.dataset.echelon = r.echelon ?? "aucun";
}

/** La période de dépôt du dossier social étudiant de l'année, au passé, au présent ou au futur. */
function calendrier(anneeUniversitaire, dse) {
  if (!dse?.ouverture || !dse?.cloture) {
    return (
      `Les dates de dépôt du dossier pour ${anneeUniversitaire} ne sont pas encore connues de ` +
      "ce site : vérifiez-les sur messervices.etudiant.gouv.fr."
    );
  }
  const maintenant = new Date();
  const aujourdhui = [
    maintenant.getFullYear(),
    String(maintenant.getMonth() + 1).padStart(2, "0"),
    String(maintenant.getDate()).padStart(2, "0"),
  ].join("-");
  const du = dateLongue(dse.ouverture);
  const au = dateLongue(dse.cloture);
  if (aujourdhui > dse.cloture) {
    return (
      `Pour ${anneeUniversitaire}, le dossier pouvait être déposé du ${du} au ${au}.`
    );
  }
  if (aujourdhui < dse.ouverture) {
    return `Pour ${anneeUniversitaire}, le dossier pourra être déposé du ${du} au ${au}.`;
  }
  return `Pour ${anneeUniversitaire}, le dossier se dépose jusqu'au ${au} (depuis le ${du}).`;
}

/** Les étapes de l'explication, groupées par texte appliqué : chaque groupe finit par le titre
 * de sa référence (un lien quand le barème en donne un). */
function etapes(r, annee) {
  const groupes = [];
  for (const etape of r.explication ?? []) {
    const dernier = groupes.at(-1);
    if (dernier && dernier.reference === etape.reference) dernier.etapes.push(etape);
    else groupes.push({ reference: etape.reference, etapes: [etape] });
  }
  let numero = 1;
  return h(
    "div",
    { class: "etapes" },
    groupes.map((groupe) => {
      const premier = numero;
      numero += groupe.etapes.length;
      const dernier = numero - 1;
      const source = reference(annee, groupe.reference);
      return [
        h(
          "ol",
          { start: String(premier) },
          groupe.etapes.map((etape) => h("li", {}, etape.texte)),
        ),
        source
          ? h(
              "p",
              { class: "source" },
              premier === dernier ? `Étape ${premier} : ` : `Étapes ${premier} à ${dernier} : `,
              source,
              ".",
            )
          : null,
      ];
    }),
  );
}

function carteEchelon(r, plafondsDeLaLigne) {
  if (!r.echelon) {
    const plafond0bis = plafondsDeLaLigne?.[0];
    return h(
      "div",
      { class: "carte-echelon sans-bourse" },
      h("p", { class: "echelon" }, "Pas de bourse"),
      h(
        "p",
        {},
        "Votre revenu brut global (",
        montant(r.revenu_brut_global, "revenu_brut_global"),
        ") dépasse ",
        r.marges?.baisse_necessaire != null
          ? ["de ", montant(r.marges.baisse_necessaire, "baisse_necessaire"), " "]
          : "",
        "le plafond de l'échelon 0bis",
        plafond0bis != null ? [" (", euros(plafond0bis), ")"] : "",
        " pour votre nombre de points de charge.",
      ),
    );
  }
  return h(
    "div",
    { class: "carte-echelon" },
    h("p", { class: "echelon" }, h("span", {}, "Échelon "), h("strong", {}, r.echelon)),
    h(
      "p",
      { class: "mensuel" },
      montant(r.montant_mensuel, "montant_mensuel"),
      " par mois, pendant 10 mois",
    ),
    h("p", {}, "Soit ", montant(r.montant_annuel, "montant_annuel"), " par an (sur 10 mois)."),
    h(
      "p",
      {},
      "Sur 12 mois : ",
      montant(r.montant_annuel_12_mois, "montant_annuel_12_mois"),
      " par an, soit ",
      montant(r.montant_mensuel_12_mois, "montant_mensuel_12_mois"),
      " par mois.",
    ),
    modele("douze-mois"),
  );
}

function marges(r) {
  const m = r.marges ?? {};
  const phrases = [];
  if (!r.echelon) {
    if (m.baisse_necessaire != null) {
      phrases.push([
        "Il faudrait un revenu brut global plus bas de ",
        h("strong", {}, euros(m.baisse_necessaire)),
        " pour obtenir l'échelon 0bis.",
      ]);
    }
  } else {
    if (m.hausse_possible === 0) {
      phrases.push([
        "Votre revenu est exactement au plafond de l'échelon ",
        r.echelon,
        " : le moindre euro de plus vous ferait changer d'échelon.",
      ]);
    } else if (m.hausse_possible != null) {
      phrases.push([
        "Votre revenu peut augmenter de ",
        h("strong", {}, euros(m.hausse_possible)),
        ` sans que vous perdiez l'échelon ${r.echelon}`,
        r.plafond != null ? ` (plafond : ${euros(r.plafond)}).` : ".",
      ]);
    }
    if (m.baisse_necessaire != null && m.echelon_superieur) {
      phrases.push([
        "Avec un revenu plus bas de ",
        h("strong", {}, euros(m.baisse_necessaire)),
        `, vous passeriez à l'échelon ${m.echelon_superieur}.`,
      ]);
    } else if (r.echelon === ECHELONS.at(-1)) {
      phrases.push([`L'échelon ${r.echelon} est le plus élevé.`]);
    }
  }
  return h("ul", { class: "marges" }, phrases.map((p) => h("li", {}, p)));
}

/** Les 8 plafonds de la ligne de l'étudiant en barres, et son revenu en trait vertical. */
function graphique(r, plafonds) {
  const revenu = r.revenu_brut_global;
  const largeur = 340;
  const gauche = 66;
  const reserve = 82; // colonne des valeurs, à droite, que le trait du revenu ne croise jamais
  const hautBarres = 34;
  const pas = 30;
  const epaisseur = 20;
  const hauteur = hautBarres + pas * plafonds.length + 6;
  const maximum = Math.max(...plafonds, revenu) || 1;
  const x = (v) => gauche + (v / maximum) * (largeur - gauche - reserve);
  const id = "graphique-ligne";

  const rangVotre = r.echelon ? ECHELONS.indexOf(r.echelon) : -1;
  const titre = `Plafonds de chaque échelon pour ${points(r.ligne_du_tableau)} de charge, ` +
    `en ${r.annee_universitaire}, et votre revenu`;
  const description = r.echelon
    ? `Votre revenu de ${euros(revenu)} ne dépasse pas le plafond de l'échelon ${r.echelon} ` +
      `(${euros(plafonds[rangVotre])})` +
      (rangVotre + 1 < plafonds.length
        ? ` mais dépasse celui de l'échelon ${ECHELONS[rangVotre + 1]} ` +
          `(${euros(plafonds[rangVotre + 1])}).`
        : ".")
    : `Votre revenu de ${euros(revenu)} dépasse le plafond de l'échelon 0bis ` +
      `(${euros(plafonds[0])}) : pas de bourse.`;

  const svg = s("svg", {
    viewBox: `0 0 ${largeur} ${hauteur}`,
    role: "img",
    "aria-labelledby": `${id}-titre ${id}-desc`,
    class: "barres",
  });
  svg.append(s("title", { id: `${id}-titre` }, titre), s("desc", { id: `${id}-desc` }, description));

  plafonds.forEach((plafond, rang) => {
    const y = hautBarres + rang * pas;
    const classe = rang === rangVotre ? "barre votre" : plafond >= revenu ? "barre atteint" : "barre";
    svg.append(
      s("text", { class: "libelle", x: 0, y: y + epaisseur / 2 + 5 }, `Éch. ${ECHELONS[rang]}`),
      s("rect", {
        class: classe,
        x: gauche,
        y,
        width: Math.max(x(plafond) - gauche, 1).toFixed(1),
        height: epaisseur,
        rx: 3,
      }),
      s(
        "text",
        {
          class: rang === rangVotre ? "valeur votre" : "valeur",
          x: largeur,
          y: y + epaisseur / 2 + 5,
          "text-anchor": "end",
        },
        euros(plafond),
      ),
    );
  });
  const xr = x(revenu).toFixed(1);
  svg.append(
    s("line", { class: "revenu", x1: xr, x2: xr, y1: hautBarres - 8, y2: hauteur - 2 }),
    s(
      "text",
      {
        class: "revenu-texte",
        x: Math.min(Math.max(Number(xr), gauche + 60), largeur - 60),
        y: 16,
        "text-anchor": "middle",
      },
      `Votre revenu : ${euros(revenu)}`,
    ),
  );

  const valeurs = h(
    "details",
    {},
    h("summary", {}, "Les valeurs du graphique"),
    h(
      "ul",
      {},
      plafonds.map((plafond, rang) =>
        h(
          "li",
          {},
          `Échelon ${ECHELONS[rang]} : plafond ${euros(plafond)}`,
          rang === rangVotre ? " (votre échelon)" : "",
        ),
      ),
      h("li", {}, `Votre revenu : ${euros(revenu)}`),
    ),
  );

  return h(
    "figure",
    { class: "graphique graphique-ligne" },
    svg,
    h(
      "figcaption",
      {},
      `${description} La valeur en gras est celle de votre échelon ; le trait pointillé ` +
        "marque votre revenu.",
    ),
    valeurs,
  );
}

function tableauDesAnnees(r, comparaison, donnees) {
  const lignes = comparaison.map(({ annee, reponse }) => {
    const resultat = annee === r.annee_universitaire ? r : reponse?.resultat;
    const votre = annee === r.annee_universitaire;
    const cellules = resultat
      ? [
          h("td", {}, resultat.echelon ?? "pas de bourse"),
          h("td", {}, resultat.echelon ? euros(resultat.montant_mensuel) : "—"),
          h("td", {}, resultat.echelon ? euros(resultat.montant_annuel) : "—"),
        ]
      : [h("td", { colspan: "3" }, "non calculé")];
    return h(
      "tr",
      { class: votre ? "choisie" : null, "data-annee": annee },
      h(
        "th",
        { scope: "row" },
        annee,
        votre ? h("span", { class: "choix" }, "votre choix") : null,
        donnees.get(annee)?.statut === "provisoire"
          ? h("span", { class: "choix" }, "provisoire")
          : null,
      ),
      cellules,
    );
  });
  return h(
    "div",
    { class: "defilement", role: "region", tabindex: "0", "aria-labelledby": "titre-comparaison" },
    h(
      "table",
      { class: "comparaison" },
      h("caption", { id: "titre-comparaison" }, "Votre situation avec le barème de chaque année"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Année"),
          h("th", { scope: "col" }, "Échelon"),
          h("th", { scope: "col" }, "Par mois, sur 10 mois"),
          h("th", { scope: "col" }, "Par an"),
        ),
      ),
      h("tbody", {}, lignes),
    ),
  );
}

function partage(entree) {
  const adresse = `${location.origin}${location.pathname}#${fragmentDe(entree)}`;
  const bloc = h(
    "div",
    { class: "partage" },
    h("p", {}, h("a", { id: "lien-partage", href: adresse }, "Partager cette estimation")),
    h(
      "p",
      { class: "note" },
      "Ce lien contient votre situation, revenu compris, après le signe « # » : cette partie " +
        "n'est jamais envoyée au site. Ne le donnez qu'à qui vous voulez.",
    ),
  );
  if (navigator.clipboard?.writeText) {
    const retour = h("span", { class: "note", role: "status" });
    const bouton = h("button", { type: "button", class: "secondaire" }, "Copier le lien");
    bouton.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(adresse);
        retour.textContent = "Lien copié.";
      } catch {
        retour.textContent = "Copie impossible : appuyez longuement sur le lien pour le copier.";
      }
    });
    bloc.append(h("p", { class: "copie" }, bouton, " ", retour));
  }
  return bloc;
}

// --- Démarrage ------------------------------------------------------------------------------

formulaire.hidden = false;
mettreAJourAideRevenu();
demarrer();
if (!echoue) {
  annees().catch(() => {});
  restaurer();
}
