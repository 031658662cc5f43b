// Simulateur : le formulaire, le worker du calculateur (Python dans Pyodide), le résultat et le
// lien de partage. Rien de ce que l'étudiant tape ne quitte l'appareil : le calcul se fait dans le
// worker, et la situation partagée voyage dans le fragment de l'adresse (#…), jamais envoyé.
// Les étapes facultatives (conditions, revenus, 12 mois, outre-mer, aides) sont dans etapes.mjs,
// le montant d'un échelon connu dans montant-connu.mjs. Les champs sont lus tels que tapés
// (« 29,5 », « 21 988 € ») : le calculateur lit chaque texte (action estimer_saisie), estime, et
// écrit le fragment du lien de partage. Chaque phrase du résultat, l'ordre des échelons et les
// dates viennent de sa réponse (`presentation`) : ce module les range dans la page (éléments,
// graphique, classes) et n'en compose aucune.

import { calculateur } from "./calculateur.mjs";
import { creerEtapes } from "./etapes.mjs";
import { creerMontantConnu } from "./montant-connu.mjs";
import {
  anneeDeLaDemande, carte, h, jourDeLAppareil, marquesDeCertitude, paragraphe, phrase,
} from "./outils.mjs";

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
const progression = document.getElementById("progression");
const texteProgression = document.getElementById("progression-texte");
const barreProgression = document.getElementById("progression-barre");
const annonceCourte = document.getElementById("annonce");
const anneeParDefaut = anneeDeLaDemande(selectAnnee);
selectAnnee.value = anneeParDefaut;

// --- Éléments de la page -------------------------------------------------------------------

function s(balise, attributs = {}, texte = null) {
  const el = document.createElementNS(SVG, balise);
  for (const [nom, valeur] of Object.entries(attributs)) el.setAttribute(nom, String(valeur));
  if (texte !== null) el.textContent = texte;
  return el;
}

function modele(nom) {
  return modeles.content.querySelector(`[data-modele="${nom}"]`).cloneNode(true);
}

// --- Le worker du calculateur ------------------------------------------------------------------

let worker = null;
let pret = false;
let echoue = false;
/** Une estimation demandée avant « prêt » : les messages de chargement le rappellent, et la
 * progression se montre sous le bouton. */
let envoiEnAttente = false;
const APRES_LE_CHARGEMENT = "Votre estimation s'affichera dès que le calculateur sera prêt.";
/** Le dernier état du chargement annoncé par le worker : {pourcentage, phase} ; rien encore
 * d'annoncé, rien n'est encore téléchargé. */
let chargement = { pourcentage: 0, phase: null };
let prochainId = 1;
const enAttente = new Map();

function annoncer(texte, genre = "info") {
  etat.dataset.genre = genre;
  etat.textContent = texte;
}

/** Une phrase courte pour les lecteurs d'écran (région #annonce) ; vidée d'abord, pour qu'une
 * même phrase soit redite. */
function direCourt(texte) {
  annonceCourte.textContent = "";
  requestAnimationFrame(() => {
    annonceCourte.textContent = texte;
  });
}

/** Sous le bouton, tant qu'une estimation attend le calculateur : la part téléchargée, puis
 * « presque prêt » pendant que Python démarre. */
function montrerProgression() {
  if (!envoiEnAttente || echoue) {
    progression.hidden = true;
    return;
  }
  const { pourcentage, phase } = chargement;
  if (pret) {
    texteProgression.textContent = "Calcul de votre estimation…";
    barreProgression.value = 100;
  } else if (phase === "demarrage") {
    texteProgression.textContent =
      pourcentage === 100
        ? "Téléchargé à 100\u202f%\u00a0: presque prêt, votre estimation arrive…"
        : "Presque prêt\u00a0: votre estimation arrive…";
    barreProgression.value = 100;
  } else if (pourcentage !== null) {
    texteProgression.textContent =
      `Chargement du calculateur\u00a0: ${pourcentage}\u202f%. Votre estimation suit.`;
    barreProgression.value = pourcentage;
  } else {
    texteProgression.textContent = "Chargement du calculateur… Votre estimation suit.";
    barreProgression.removeAttribute("value");
  }
  progression.hidden = false;
}

function finDeLAttente() {
  envoiEnAttente = false;
  montrerProgression();
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
  progression.hidden = true;
  // Le montant d'un échelon connu passe aussi par le calculateur : renvoyer au tableau.
  document.getElementById("formulaire-echelon").hidden = true;
  document.getElementById("depuis-echelon-sans-js").classList.remove("sans-js-seulement");
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
    if (!pret && !echoue) {
      const texte = message.message || "Chargement du calculateur…";
      annoncer(envoiEnAttente ? `${texte} ${APRES_LE_CHARGEMENT}` : texte);
      chargement = {
        pourcentage: Number.isFinite(message.pourcentage) ? message.pourcentage : chargement.pourcentage,
        phase: message.phase ?? null,
      };
      montrerProgression();
    }
  } else if (message.etat === "pret") {
    pret = true;
    annoncer("Calculateur prêt.", "pret");
    montrerProgression();
    enregistrerServiceWorker();
  } else if (message.etat === "echec") {
    echec(message.message);
  }
}

/** Prend le worker lancé par calculateur.mjs et ce qu'il a déjà annoncé. */
function demarrer() {
  if (calculateur.echec) {
    echec(calculateur.echec);
    return;
  }
  worker = calculateur.worker;
  annoncer("Chargement du calculateur…");
  calculateur.ecouter(recevoir, (evenement) => {
    evenement.preventDefault?.();
    if (!pret) echec("le calculateur n'a pas pu se charger");
  });
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

/** Le service worker garde le site et le runtime pour le hors-ligne (sw.js) ; déjà installé par
    une page de lecture, il n'a que le site : le message lui demande le runtime. Jamais quand
    l'appareil demande d'économiser les données. */
function enregistrerServiceWorker() {
  if (navigator.connection?.saveData) return;
  try {
    navigator.serviceWorker
      ?.register(new URL("../sw.js", import.meta.url), { updateViaCache: "none" })
      ?.then(() => navigator.serviceWorker.ready)
      .then((inscription) => inscription.active?.postMessage({ action: "garder-python" }))
      .catch(() => {});
  } catch {
    // hors ligne ou refusé : le site marche sans
  }
}

let promesseAnnees = null;
/** Les données de chaque année, par année : la page n'en lit que le statut (barème provisoire). */
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
  for (const note of document.querySelectorAll("#note-provisoire [data-annee]")) {
    note.hidden = note.dataset.annee !== option.value;
  }
  for (const el of document.querySelectorAll("#aide-revenu_brut_global [data-avis]")) {
    el.textContent = option.dataset.avis;
  }
  for (const el of document.querySelectorAll("#aide-revenu_brut_global [data-revenus]")) {
    el.textContent = option.dataset.revenus;
  }
}

function effacerErreurs() {
  resumeErreurs.replaceChildren();
  for (const nom of CHAMPS) {
    const zone = document.getElementById(`erreur-${nom}`);
    if (zone) {
      zone.hidden = true;
      zone.textContent = "";
    }
    const el = champ(nom);
    if (el?.hasAttribute("aria-invalid")) {
      el.removeAttribute("aria-invalid");
      const aide = `aide-${el.id}`;
      el.setAttribute("aria-describedby", document.getElementById(aide) ? aide : "");
    }
  }
  facultatives.effacerErreurs(formulaire);
}

/** Chaque erreur près de son champ (ou de sa question du formulaire principal), et un résumé
 * annoncé qui mène à chacune. `focus` : le résumé prend le focus (false : à l'ouverture d'un
 * lien, l'avis du lien passe d'abord). */
function montrerErreurs(erreurs, { focus = true } = {}) {
  finDeLAttente();
  effacerErreurs();
  const liste = h("ul");
  for (const { champ: nom, message } of erreurs) {
    const texte = facultatives.lisible(message);
    const question = nom ? facultatives.principale(nom) : null;
    if (question) {
      facultatives.marquerErreur(question, message);
      liste.append(h("li", {}, h("a", { href: `#${question.id}`, "data-cible": question.id }, texte)));
      continue;
    }
    const el = CHAMPS.includes(nom) ? champ(nom) : null;
    const zone = el ? document.getElementById(`erreur-${nom}`) : null;
    if (zone) {
      zone.textContent = `Erreur\u00a0: ${texte}`;
      zone.hidden = false;
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", `aide-${nom} erreur-${nom}`);
    }
    liste.append(h("li", {}, el ? h("a", { href: `#${nom}`, "data-champ": nom }, texte) : texte));
  }
  const resume = h(
    "div",
    { class: "resume-erreurs", tabindex: "-1" },
    h("h2", {}, erreurs.length > 1 ? "Corrigez ces points" : "Corrigez ce point"),
    liste,
  );
  resumeErreurs.append(resume);
  if (!focus) return;
  resume.focus();
  resume.scrollIntoView({ block: "start", behavior: mouvement() });
}

resumeErreurs.addEventListener("click", (evenement) => {
  const lien = evenement.target.closest("a[data-champ], a[data-cible]");
  if (!lien) return;
  evenement.preventDefault(); // pas d'entrée d'historique : on va au champ
  if (lien.dataset.cible) {
    facultatives.allerAuChamp(lien.dataset.cible);
    return;
  }
  const el = champ(lien.dataset.champ);
  el?.focus();
  el?.scrollIntoView({ block: "center", behavior: mouvement() });
});

function mouvement() {
  return matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
}

/** Ce que disent les champs de la situation, texte par texte, tel que tapé : le calculateur lit
 * chacun avec son lecteur (estimer_saisie). La tranche de distance choisie part comme distance,
 * les cases en « 1 »/« 0 ». Les questions des blocs (formulaire principal et étapes) sont lues
 * par etapes.mjs, sous leur clé « bloc.cle ». */
function textesDuFormulaire() {
  const textes = { annee_universitaire: selectAnnee.value };
  for (const nom of ["revenu_brut_global", "enfants_a_charge", "dont_etudiants_superieur"]) {
    textes[nom] = champ(nom).value;
  }
  textes.distance_km = champDistance.value.trim() === "" ? trancheDistance.value : champDistance.value;
  for (const nom of CASES) textes[nom] = champ(nom).checked ? "1" : "0";
  return textes;
}

champDistance.addEventListener("input", () => {
  if (champDistance.value !== "") trancheDistance.value = "";
});
trancheDistance.addEventListener("change", () => {
  if (trancheDistance.value !== "") champDistance.value = "";
});
selectAnnee.addEventListener("change", mettreAJourAideRevenu);

const MOTIF_NOMBRE_DU_LIEN = /^\d+(\.\d+)?$/;

/** Remet le formulaire à zéro, puis y écrit les textes d'un lien, sans les lire (le
 * calculateur les lira) ; une clé absente laisse son champ vide, jamais 0. Les nombres du lien
 * (point décimal) sont réécrits comme on les tape (virgule décimale) ; une tranche de distance
 * revient comme tranche. */
function remplir(textes) {
  effacerErreurs();
  const annee = textes.annee_universitaire;
  selectAnnee.value = [...selectAnnee.options].some((o) => o.value === annee) ? annee : anneeParDefaut;
  mettreAJourAideRevenu();
  champ("revenu_brut_global").value = texteDuMontant(textes.revenu_brut_global ?? "");
  const distance = textes.distance_km ?? "";
  const tranche = [...trancheDistance.options].some((o) => o.value !== "" && o.value === distance);
  trancheDistance.value = tranche ? distance : "";
  champDistance.value = tranche ? "" : texteDuNombre(distance);
  for (const nom of ["enfants_a_charge", "dont_etudiants_superieur"]) {
    champ(nom).value = textes[nom] ?? "";
  }
  for (const nom of CASES) champ(nom).checked = ["1", "true"].includes(textes[nom]);
  const desBlocs = Object.entries(textes).filter(([cle]) => cle.includes("."));
  facultatives.remplir(Object.fromEntries(desBlocs));
}

/** Un montant du lien, tel que le calculateur le relira dans le champ : « 22500,5 » ;
 * « 1234,5670 » et non « 1234,567 », que la lecture prendrait pour 1 234 567. Un texte qui
 * n'est pas un nombre du lien reste tel quel (le calculateur dira pourquoi il est illisible). */
function texteDuMontant(texte) {
  if (!MOTIF_NOMBRE_DU_LIEN.test(texte)) return texte;
  const [entier, decimales] = texte.split(".");
  if (decimales === undefined) return entier;
  return `${entier},${decimales.length === 3 ? `${decimales}0` : decimales}`;
}

/** Un nombre du lien (« 29.5 ») tel qu'on le tape : « 29,5 » (la virgule est toujours
 * décimale, le point pourrait séparer les milliers). */
function texteDuNombre(texte) {
  return MOTIF_NOMBRE_DU_LIEN.test(texte) ? texte.replace(".", ",") : texte;
}

// --- Le lien de partage : la situation dans le fragment (#…), jamais dans la requête ---------------

let fragmentAffiche = "";

/** Les textes d'un fragment (« cle=texte&… »), ou null s'il n'en contient pas (une ancre
 * comme #tableau). Le calculateur écrit le fragment et le relit : la page n'en juge rien. */
function textesDuLien(fragment) {
  if (!fragment.includes("=")) return null;
  const textes = {};
  for (const [cle, texte] of new URLSearchParams(fragment)) textes[cle] = texte;
  return textes;
}

/** Le fragment de l'adresse a changé (lien ouvert, retour arrière) : refaire la situation. */
function restaurer(auDemarrage = false) {
  const fragment = location.hash.replace(/^#/, "");
  if (fragment === fragmentAffiche) return;
  const textes = textesDuLien(fragment);
  if (textes === null) {
    if (fragment === "") {
      // Retour avant la première estimation : plus de résultat affiché.
      fragmentAffiche = "";
      calculEnCours += 1;
      viderResultat();
      facultatives.cacher();
      return;
    }
    allerALAncre(fragment, auDemarrage); // une ancre de la page (#tableau, #etape-aides…)
    return;
  }
  signaler("");
  fragmentAffiche = fragment;
  remplir(textes);
  estimer({ historique: false, lien: textes });
}

window.addEventListener("popstate", () => restaurer());
window.addEventListener("hashchange", () => restaurer());

/** Une ancre : une étape facultative se déplie (elle peut être cachée avant une estimation) ;
 * au démarrage, le formulaire qui apparaît a décalé la page : on revient à la cible. */
function allerALAncre(fragment, auDemarrage) {
  let id;
  try {
    id = decodeURIComponent(fragment);
  } catch {
    return;
  }
  if (facultatives.allerA(id, { focus: auDemarrage })) return;
  if (auDemarrage) document.getElementById(id)?.scrollIntoView({ block: "start" });
}

// Un lien de la page vers une étape (dans le résultat, par exemple) : pas d'entrée d'historique,
// la situation reste dans l'adresse. Un lien vers une question (« à vérifier » du résultat) :
// son étape s'ouvre, le focus va dans son champ.
document.addEventListener("click", (evenement) => {
  if (evenement.defaultPrevented) return;
  const versQuestion = evenement.target.closest("#resultat a[data-cible]");
  if (versQuestion) {
    const id = versQuestion.dataset.cible;
    if (facultatives.allerAuChamp(id) || facultatives.allerA(id)) evenement.preventDefault();
    return;
  }
  const lien = evenement.target.closest('a[href^="#etape-"]');
  if (!lien) return;
  if (facultatives.allerA(lien.getAttribute("href").slice(1))) evenement.preventDefault();
});

// --- L'estimation ------------------------------------------------------------------------------

let calculEnCours = 0;

/** La dernière estimation affichée : les textes des champs de la situation qui l'ont donnée
 * (sans les questions des blocs), l'entrée lue par le calculateur, son résultat et son
 * fragment. Une étape répondue repart de ces textes. */
let derniere = null;

function viderResultat() {
  derniere = null;
  region.replaceChildren();
  region.removeAttribute("data-echelon");
  region.removeAttribute("data-conditions");
  region.removeAttribute("aria-labelledby");
  facultatives.effacerReponses();
}

/** La réponse d'estimer_saisie : {valide, resultat, entree, fragment} ou {valide: false,
 * erreurs, incomplet} ; une erreur du worker lui-même devient une erreur sans champ. */
async function estimerSaisie(saisie, origine) {
  // Une tranche choisie part comme sa borne basse : la présentation ne la redit pas comme une
  // distance exacte (« à 30 km »).
  const distance_en_tranche = champDistance.value.trim() === "" && trancheDistance.value !== "";
  const entree = { saisie, origine, distance_en_tranche };
  const reponse = await demander("estimer_saisie", { entree });
  if (reponse.erreur) return { valide: false, erreurs: erreursDe(reponse.erreur), incomplet: false };
  const sortie = "valide" in reponse ? reponse : reponse.resultat ?? {};
  return { ...sortie, erreurs: sortie.valide ? [] : erreursDe(sortie) };
}

/** Estime la situation du formulaire (ou d'un lien : `lien`, ses textes), avec les réponses des
 * étapes facultatives. `etape` : le bloc de l'étape qui a lancé l'estimation (sa réponse prend
 * alors le focus). */
async function estimer({ historique, etape = null, lien = null }) {
  const numero = ++calculEnCours;
  const textes = lien ?? { ...textesDuFormulaire(), ...facultatives.textes() };
  effacerErreurs();
  if (echoue) return;
  if (!pret) attendreLeCalculateur();
  try {
    let sortie = await estimerSaisie(textes, lien ? "lien" : "formulaire");
    if (numero !== calculEnCours) return;
    let erreursDesEtapes = [];
    if (!sortie.valide) {
      const { desEtapes, autres } = facultatives.trier(sortie.erreurs);
      if (lien || sortie.incomplet || autres.length || !desEtapes.length) {
        refuser(sortie, lien);
        return;
      }
      // Dans le formulaire, seules des réponses aux étapes sont en cause : le résultat sans
      // elles (leurs conditions restent « à vérifier »), et les erreurs près de leurs questions.
      // Un lien, lui, n'est estimé que lu en entier.
      erreursDesEtapes = desEtapes;
      sortie = await estimerSaisie(sansLesEtapes(textes), lien ? "lien" : "formulaire");
      if (numero !== calculEnCours) return;
      if (!sortie.valide) {
        refuser(sortie, lien);
        return;
      }
    }
    const donnees = await annees();
    const comparaison = await comparer(sortie.entree, donnees);
    if (numero !== calculEnCours) return;
    finDeLAttente();
    afficher(sortie, champsDeLaSituation(textes), donnees, comparaison);
    facultatives.afficher(sortie.resultat, { focus: erreursDesEtapes.length ? null : etape });
    if (erreursDesEtapes.length) facultatives.montrerErreurs(erreursDesEtapes, etape);
    // L'adresse porte le fragment que le calculateur a écrit (un lien ouvert y perd ses
    // paramètres de suivi) ; une nouvelle entrée d'historique pour une estimation demandée.
    inscrire(sortie.fragment, { nouvelle: historique });
    if (!etape && !erreursDesEtapes.length) allerAuResultat();
  } catch (erreur) {
    if (numero !== calculEnCours || echoue) return;
    finDeLAttente();
    viderResultat();
    annoncer(
      "Le calcul a échoué de façon inattendue. Rechargez la page, ou suivez la méthode à la " +
        "main ci-dessous.",
      "echec",
    );
    console.error(erreur);
  }
}

/** L'estimation demandée avant que le calculateur soit prêt : la progression sous le bouton. */
function attendreLeCalculateur() {
  envoiEnAttente = true;
  annoncer(`Le calculateur se charge. ${APRES_LE_CHARGEMENT}`);
  montrerProgression();
  progression.scrollIntoView({ block: "nearest", behavior: mouvement() });
  direCourt(`Le calculateur se charge. ${APRES_LE_CHARGEMENT}`);
}

/** Aucune estimation : un lien incomplet le dit dans l'avis du lien ; sinon, chaque erreur près
 * de son champ (et, pour un lien, l'avis dit qu'il n'a pas pu être lu). */
function refuser(sortie, lien) {
  viderResultat();
  finDeLAttente();
  const [premiere] = sortie.erreurs;
  if (sortie.incomplet) {
    signaler(premiere?.message ?? "");
    direCourt(premiere?.message ?? "");
    return;
  }
  if (lien) {
    signaler(
      "Le lien ouvert n'a pas pu être lu : aucune estimation n'a été faite. Ce qui ne va pas " +
        "est indiqué près de chaque champ, ci-dessous.",
    );
  }
  const { desEtapes } = facultatives.trier(sortie.erreurs);
  if (desEtapes.length) {
    facultatives.reveler(false);
    facultatives.montrerErreurs(desEtapes, null, { focus: false });
  }
  montrerErreurs(sortie.erreurs, { focus: !lien });
}

/** Les textes des champs de la situation seuls : ni les réponses aux questions des blocs, ni
 * ce qu'un lien porte d'autre (paramètres de suivi). */
function champsDeLaSituation(textes) {
  return Object.fromEntries(Object.entries(textes).filter(([cle]) => CHAMPS.includes(cle)));
}

/** Les textes sans les réponses des étapes (celles du formulaire principal restent). */
function sansLesEtapes(textes) {
  return Object.fromEntries(
    Object.entries(textes).filter(([cle]) => !cle.includes(".") || facultatives.principale(cle)),
  );
}

/** L'adresse suit l'estimation : le fragment écrit par le calculateur, tel quel. */
function inscrire(fragment, { nouvelle }) {
  const adresse = `${location.pathname}${location.search}#${fragment}`;
  if (!nouvelle || location.hash.replace(/^#/, "") === fragment) {
    history.replaceState(null, "", adresse);
  } else {
    history.pushState(null, "", adresse);
  }
  fragmentAffiche = fragment;
}

function erreursDe(erreur) {
  const liste = Array.isArray(erreur?.erreurs) ? erreur.erreurs : [];
  if (!liste.length) return [{ champ: null, message: "Cette situation n'a pas pu être lue." }];
  return liste.map((e) => ({
    champ: typeof e.champ === "string" ? e.champ : null,
    message: String(e.message ?? "Valeur invalide."),
  }));
}

/** La même situation sous chaque année des données, de la plus récente à la plus ancienne (sans
 * les réponses des étapes, comme le tableau l'annonce). */
async function comparer(entree, donnees) {
  const situation = Object.fromEntries(
    Object.entries(entree).filter(([, valeur]) => valeur === null || typeof valeur !== "object"),
  );
  const liste = [...donnees.keys()].sort().reverse();
  const reponses = await Promise.all(
    liste.map((annee) =>
      annee === situation.annee_universitaire
        ? null
        : demander("estimer", { entree: { ...situation, annee_universitaire: annee } }),
    ),
  );
  return liste.map((annee, i) => ({ annee, reponse: reponses[i] }));
}

formulaire.addEventListener("submit", (evenement) => {
  evenement.preventDefault();
  signaler("");
  estimer({ historique: true });
});

/** Une étape facultative envoyée (ou effacée : bloc null) : la même situation, avec les
 * réponses du formulaire principal et des étapes telles qu'elles sont à l'écran. La carte
 * (verdict et montant qui s'applique) et les réponses changent ; l'adresse suit, sans nouvelle
 * entrée d'historique. Sans estimation affichée, c'est une estimation complète, depuis le
 * formulaire. */
async function repondreEtape(bloc) {
  if (!derniere) {
    if (bloc) {
      signaler("");
      await estimer({ historique: true, etape: bloc });
    }
    return;
  }
  const numero = ++calculEnCours;
  const textes = { ...derniere.textes, ...facultatives.textes() };
  try {
    const sortie = await estimerSaisie(textes, "formulaire");
    if (numero !== calculEnCours || !derniere) return;
    if (!sortie.valide) {
      const { desEtapes, autres } = facultatives.trier(sortie.erreurs);
      const dansLEtape = autres.map((e) => ({ champ: bloc, message: e.message }));
      facultatives.montrerErreurs([...desEtapes, ...dansLEtape], bloc);
      return;
    }
    facultatives.montrerErreurs([], bloc);
    derniere.resultat = sortie.resultat;
    derniere.fragment = sortie.fragment;
    region.querySelector(".carte-echelon")?.replaceWith(carteEchelon(sortie.resultat));
    region
      .querySelector(".recapitulatif")
      ?.replaceWith(recapitulatif(sortie.resultat.presentation.recapitulatif));
    region.querySelector("#pieces")?.replaceWith(piecesAFournir(sortie.resultat.presentation.pieces));
    marquerLeVerdict(sortie.resultat);
    facultatives.afficher(sortie.resultat, { focus: bloc });
    inscrire(sortie.fragment, { nouvelle: false });
    majLienDePartage(sortie.fragment);
  } catch (erreur) {
    if (numero !== calculEnCours || echoue) return;
    facultatives.montrerErreurs(
      [{ champ: bloc, message: "Le calcul a échoué de façon inattendue : rechargez la page." }],
      bloc,
    );
    console.error(erreur);
  }
}

// --- Le résultat -----------------------------------------------------------------------------

/** Le résultat d'une estimation valide (`sortie` d'estimer_saisie) ; `textes` : ceux du
 * formulaire qui l'ont donnée, sans les étapes. */
function afficher(sortie, textes, donnees, comparaison) {
  const r = sortie.resultat;
  derniere = { textes, entree: sortie.entree, resultat: r, fragment: sortie.fragment };
  const p = r.presentation;
  const morceaux = [];

  morceaux.push(h("h2", { id: "titre-resultat", tabindex: "-1" }, p.titre));
  // La situation telle qu'indiquée : sur le papier seulement (à l'écran, le formulaire la montre).
  morceaux.push(recapitulatif(p.recapitulatif));

  // La carte d'abord (le verdict, puis le montant), les avertissements juste après : sur un
  // téléphone, le premier écran montre la réponse.
  morceaux.push(carteEchelon(r));
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
  morceaux.push(modele("indicatif"));

  morceaux.push(
    aLEcranSeulement(
      h("h3", {}, "Vos marges"),
      h("ul", { class: "marges" }, p.marges.map((marge) => h("li", {}, phrase(marge)))),
    ),
  );

  const charge = p.points_de_charge;
  morceaux.push(
    h("h3", {}, "Vos points de charge"),
    h(
      "ul",
      { class: "points-de-charge" },
      charge.lignes.map((d) =>
        h("li", {}, h("span", {}, d.libelle), " ", h("strong", {}, d.points)),
      ),
      h("li", { class: "total" }, h("span", {}, "Total"), " ", h("strong", {}, charge.total)),
    ),
  );
  if (charge.note) morceaux.push(h("p", { class: "note" }, charge.note));

  morceaux.push(
    aLEcranSeulement(
      h("h3", {}, p.graphique.titre_section),
      graphique(r.revenu_brut_global, p.graphique),
    ),
  );

  // Les pièces à préparer pour le dossier : à l'écran et sur le papier.
  morceaux.push(piecesAFournir(p.pieces));

  morceaux.push(
    h("h3", {}, "Le calcul pas à pas"),
    etapes(p.calcul),
    h("p", { class: "note donnees-du-bareme" }, p.recapitulatif.donnees),
  );

  morceaux.push(
    aLEcranSeulement(
      h("h3", {}, "La même situation, d'autres années"),
      tableauDesAnnees(r, comparaison, donnees),
    ),
    aLEcranSeulement(
      h("h3", {}, "Avec la bourse"),
      r.echelon ? modele("exonerations") : modele("sans-bourse"),
    ),
    aLEcranSeulement(
      h("h3", {}, "Prochaine étape : la demande"),
      modele("demande"),
      h("p", {}, phrase(calendrier(p.calendrier))),
    ),
  );
  morceaux.push(modele("conditions"));

  morceaux.push(h("h3", {}, "Garder ou partager cette estimation"), partage(sortie.fragment));

  region.replaceChildren(...morceaux);
  region.setAttribute("aria-labelledby", "titre-resultat");
  region.dataset.echelon = r.echelon ?? "aucun";
  marquerLeVerdict(r);
}

/** Le verdict des conditions sur #resultat (data-conditions : remplie, a_verifier ou non
 * remplie, celui du calculateur), et la phrase courte annoncée. */
function marquerLeVerdict(r) {
  const p = r.presentation;
  const statut = p.verdict?.statut;
  if (statut) region.dataset.conditions = statut;
  else region.removeAttribute("data-conditions");
  direCourt(p.annonce ?? p.titre);
}

/** Le résultat est arrivé : son titre prend le focus, en haut de la vue. */
function allerAuResultat() {
  const titre = document.getElementById("titre-resultat");
  if (!titre) return;
  titre.focus({ preventScroll: true });
  titre.scrollIntoView({ block: "start", behavior: mouvement() });
}

/** Les morceaux de la phrase du calendrier de dépôt qui vaut le jour de l'appareil : la
 * première dont la période (`jusqu_au`, inclus) n'est pas passée. */
function calendrier(periodes) {
  const aujourdhui = jourDeLAppareil();
  const periode = periodes.find((p) => p.jusqu_au === null || aujourdhui <= p.jusqu_au);
  return periode?.morceaux ?? (periode ? [periode.texte] : []);
}

/** Les étapes de l'explication, par groupes : chaque groupe finit par le titre de sa référence
 * (un lien quand le barème en donne un). */
function etapes(groupes) {
  return h(
    "div",
    { class: "etapes" },
    groupes.map((groupe) => [
      h("ol", { start: String(groupe.debut) }, groupe.etapes.map((texte) => h("li", {}, texte))),
      groupe.source
        ? h(
            "p",
            { class: "source" },
            groupe.source.renvoi,
            groupe.source.lien
              ? h("a", { href: groupe.source.lien }, groupe.source.titre)
              : groupe.source.titre,
            ".",
          )
        : null,
    ]),
  );
}

/** Les pièces à préparer pour le dossier social étudiant (presentation.pieces), chacune avec
 * sa raison, sa source et, faute de source, la marque « à vérifier auprès du Crous » ; sans
 * liste (aucun bloc, ou un refus), la section reste vide et cachée, prête à être remplacée
 * quand une étape est répondue. */
function piecesAFournir(pieces) {
  const attributs = { id: "pieces", class: "pieces-a-fournir" };
  if (!pieces) return h("section", { ...attributs, hidden: "" });
  return h(
    "section",
    { ...attributs, "aria-labelledby": "titre-pieces" },
    h("h3", { id: "titre-pieces" }, pieces.titre),
    h("p", { class: "note" }, pieces.intro),
    h(
      "ul",
      { class: "pieces" },
      pieces.pieces.map((p) =>
        h(
          "li",
          { "data-piece": p.code },
          h("strong", { class: "piece" }, p.piece),
          p.a_verifier ? [" ", h("span", { class: "marque-a-verifier" }, p.a_verifier)] : null,
          h("p", { class: "raison" }, p.raison),
          h(
            "p",
            { class: "source" },
            p.source.renvoi,
            p.source.lien ? h("a", { href: p.source.lien }, p.source.titre) : p.source.titre,
          ),
        ),
      ),
    ),
  );
}

/** Ce qui aide à l'écran mais pas sur le papier (style.css, @media print) : marges, graphique,
 * autres années, aides liées, démarche. */
function aLEcranSeulement(...enfants) {
  return h("div", { class: "a-l-ecran-seulement" }, enfants);
}

/** Le récapitulatif de la situation (presentation.recapitulatif) : imprimé, jamais montré à
 * l'écran (style.css, .pour-l-impression). */
function recapitulatif(recap) {
  return h(
    "section",
    { class: "recapitulatif pour-l-impression", "aria-labelledby": "titre-recapitulatif" },
    h("h3", { id: "titre-recapitulatif" }, recap.titre),
    h(
      "dl",
      {},
      recap.lignes.map((ligne) => [h("dt", {}, ligne.question), h("dd", {}, ligne.reponse)]),
    ),
  );
}

function carteEchelon(r) {
  return carte(r.presentation.carte, { modele });
}

/** Les plafonds de la ligne de l'étudiant en barres, et son revenu en trait vertical.
 * Le texte est en rem (style.css) : il suit la taille de texte choisie. Les colonnes des noms
 * et des valeurs, et la hauteur des barres, grandissent d'autant (k), pour que les textes ne
 * se chevauchent jamais ; la largeur du dessin, elle, reste celle d'un téléphone. */
function graphique(revenu, g) {
  const k = Math.max(1, parseFloat(getComputedStyle(document.documentElement).fontSize) / 16);
  const largeur = 340;
  const gauche = 66 * k;
  const reserve = 82 * k; // colonne des valeurs, à droite, que le trait du revenu ne croise jamais
  // Le revenu, au-dessus des barres, sur une ligne, ou sur deux quand le texte a grandi au
  // point de ne plus tenir : sa largeur est estimée à 0,6 taille de texte par caractère (gras).
  const largeurDuRevenu = (texte) => 0.6 * 13 * k * texte.length;
  const lignesDuRevenu =
    largeurDuRevenu(g.revenu) <= largeur - 8 ? [g.revenu] : g.revenu_en_deux_lignes;
  const hautBarres = (34 + 16 * (lignesDuRevenu.length - 1)) * k;
  const pas = 30 * k;
  const epaisseur = 20 * k;
  const hauteur = hautBarres + pas * g.lignes.length + 6;
  const maximum = Math.max(...g.lignes.map((l) => l.plafond), revenu) || 1;
  const x = (v) => gauche + (v / maximum) * (largeur - gauche - reserve);
  const id = "graphique-ligne";

  const svg = s("svg", {
    viewBox: `0 0 ${largeur} ${hauteur}`,
    role: "img",
    "aria-labelledby": `${id}-titre ${id}-desc`,
    class: "barres",
  });
  svg.append(
    s("title", { id: `${id}-titre` }, g.titre),
    s("desc", { id: `${id}-desc` }, g.description),
  );

  g.lignes.forEach((ligne, rang) => {
    const y = hautBarres + rang * pas;
    const classe = ligne.votre ? "barre votre" : ligne.accessible ? "barre atteint" : "barre";
    svg.append(
      s("text", { class: "libelle", x: 0, y: y + epaisseur / 2 + 5 * k }, ligne.libelle),
      s("rect", {
        class: classe,
        x: gauche,
        y,
        width: Math.max(x(ligne.plafond) - gauche, 1).toFixed(1),
        height: epaisseur,
        rx: 3,
      }),
      s(
        "text",
        {
          class: ligne.votre ? "valeur votre" : "valeur",
          x: largeur,
          y: y + epaisseur / 2 + 5 * k,
          "text-anchor": "end",
        },
        ligne.valeur,
      ),
    );
  });
  const xr = x(revenu).toFixed(1);
  // Centré sur le trait quand il a la place, sinon ramené vers le milieu.
  const demiLargeur = Math.min(
    largeur / 2,
    Math.max(60 * k, ...lignesDuRevenu.map((l) => largeurDuRevenu(l) / 2)),
  );
  const xt = Math.min(Math.max(Number(xr), demiLargeur), largeur - demiLargeur);
  const texteDuRevenu = s("text", { class: "revenu-texte", "text-anchor": "middle" });
  lignesDuRevenu.forEach((ligne, rang) => {
    texteDuRevenu.append(s("tspan", { x: xt, y: (16 + 16 * rang) * k }, ligne));
  });
  svg.append(
    s("line", { class: "revenu", x1: xr, x2: xr, y1: hautBarres - 8 * k, y2: hauteur - 2 }),
    texteDuRevenu,
  );

  const valeurs = h(
    "details",
    {},
    h("summary", {}, "Les valeurs du graphique"),
    h(
      "ul",
      {},
      g.lignes.map((ligne) => h("li", {}, ligne.texte)),
      h("li", {}, g.revenu),
    ),
  );

  return h("figure", { class: "graphique graphique-ligne" }, svg, h("figcaption", {}, g.legende),
    valeurs);
}

function tableauDesAnnees(r, comparaison, donnees) {
  const lignes = comparaison.map(({ annee, reponse }) => {
    const votre = annee === r.annee_universitaire;
    const resume = (votre ? r : reponse?.resultat)?.presentation?.resume;
    const cellules = resume
      ? [h("td", {}, resume.echelon), h("td", {}, resume.par_mois), h("td", {}, resume.par_an)]
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

function adresseDePartage(fragment) {
  return `${location.origin}${location.pathname}#${fragment}`;
}

/** Le lien de partage affiché, et son adresse écrite pour le papier, suivent la situation. */
function majLienDePartage(fragment) {
  const lien = document.getElementById("lien-partage");
  if (lien) lien.href = adresseDePartage(fragment);
  const adresse = document.getElementById("adresse-partage");
  if (adresse) adresse.textContent = adresseDePartage(fragment);
}

/** « Partager » : la feuille de partage du système quand le navigateur en a une, sinon le
 * lien copié (et dit). « Copier le lien » copie toujours. Le lien lui-même reste dans la page,
 * pour qui préfère le copier d'un appui long. */
function partage(fragment) {
  const lien = h(
    "a",
    { id: "lien-partage", href: adresseDePartage(fragment) },
    "Le lien de cette estimation",
  );
  const retour = h("span", { class: "note", role: "status", id: "retour-partage" });
  const copier = async () => {
    try {
      await navigator.clipboard.writeText(lien.href);
      retour.textContent = "Lien copié : collez-le où vous voulez.";
    } catch {
      retour.textContent = "Copie impossible : appuyez longuement sur le lien pour le copier.";
    }
  };
  const partager = h("button", { type: "button", id: "partager" }, "Partager cette estimation");
  partager.addEventListener("click", async () => {
    retour.textContent = "";
    if (typeof navigator.share === "function") {
      try {
        await navigator.share({ title: document.title, url: lien.href });
        return;
      } catch (erreur) {
        if (erreur?.name === "AbortError") return; // l'étudiant a fermé la feuille de partage
      }
    }
    if (navigator.clipboard?.writeText) await copier();
    else retour.textContent = "Appuyez longuement sur le lien ci-dessous pour le copier.";
  });
  const boutons = h("p", { class: "copie" }, partager);
  if (navigator.clipboard?.writeText) {
    const bouton = h("button", { type: "button", class: "secondaire", id: "copier-lien" },
      "Copier le lien");
    bouton.addEventListener("click", copier);
    boutons.append(" ", bouton);
  }
  // Une page propre à garder ou à montrer au Crous : style.css, @media print.
  const imprimer = h("button", { type: "button", class: "secondaire", id: "imprimer" },
    "Imprimer ou enregistrer en PDF");
  imprimer.addEventListener("click", () => window.print());
  boutons.append(" ", imprimer, " ", retour);
  return h(
    "div",
    { class: "partage" },
    boutons,
    h("p", {}, lien),
    // Sur le papier, un lien ne se touche pas : son adresse y est écrite.
    h("p", { class: "adresse-partage pour-l-impression", id: "adresse-partage" },
      adresseDePartage(fragment)),
    h(
      "p",
      { class: "note" },
      "Ce lien contient votre situation, revenu compris, et vos réponses aux étapes " +
        "facultatives, après le signe « # » : cette partie n'est jamais envoyée au site. Ne le " +
        "donnez qu'à qui vous voulez.",
    ),
  );
}

// --- Démarrage ------------------------------------------------------------------------------

document.getElementById("estimer").disabled = false; // le module a la main : l'envoi reste ici
mettreAJourAideRevenu();
const facultatives = creerEtapes({
  h,
  phrase,
  paragraphe,
  marquesDeCertitude,
  mouvement,
  principal: formulaire,
  repondre: repondreEtape,
});
demarrer();
if (!echoue) {
  creerMontantConnu({ demander });
  annees().catch(() => {});
  restaurer(true);
}
