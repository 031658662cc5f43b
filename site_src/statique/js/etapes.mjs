// Les questions des blocs (conditions, revenus retenus, 10 ou 12 mois, outre-mer, aides liées) :
// celles du formulaire principal, posées avant « Estimer » (première demande, date de
// naissance, avis d'imposition du revenu), et celles des étapes facultatives. Ce module lit les
// réponses telles que tapées (des textes, lus par le calculateur) et montre les réponses des
// étapes ; les règles, et les phrases qui les disent, sont dans le calculateur Python (worker).
// Les questions sont dans la page (gabarit _questions.html) : chacune porte la clé de
// l'interface JSON qu'elle remplit (data-cle="bloc.cle") et son type (data-type : booleen,
// choix, entier, date, case).

const MOTIF_CLE = /«\s?([a-z_]+\.[a-z0-9_]+)\s?»/g;
const MOTIF_CLE_ENTRE_PARENTHESES = /\s*\(«\s?[a-z_]+\.[a-z0-9_]+\s?»\)/g;
const MOTIF_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const MOTIF_ADRESSE = /https?:\/\//;
const MOTIF_URL = /https?:\/\/[^\s]+/g;

const STATUTS = {
  remplie: { classe: "ok", symbole: "✓" },
  "non remplie": { classe: "non", symbole: "✗" },
  a_verifier: { classe: "verifier", symbole: "?" },
};

/**
 * Les questions des blocs dans la page : le formulaire principal (`outils.principal`) et les
 * étapes facultatives. `outils` : h (fabrique d'éléments), phrase et paragraphe (les phrases et
 * les blocs écrits par le calculateur, en éléments), marquesDeCertitude (ceux d'outils.mjs),
 * mouvement (défilement doux ou non), repondre (bloc) : ce que fait la page quand une étape est
 * envoyée (une estimation avec les réponses).
 */
export function creerEtapes(outils) {
  const { h, phrase, paragraphe, marquesDeCertitude, mouvement, principal } = outils;
  const section = document.getElementById("etapes");
  const sansEstimation = document.getElementById("etapes-sans-estimation");
  const etapes = [...section.querySelectorAll(".etape")];
  const marqueDeCertitude = marquesDeCertitude();
  const repondues = new Set();
  let estimationAffichee = false;

  const etapeDu = (bloc) => etapes.find((e) => e.dataset.bloc === bloc) ?? null;
  const formulaireDe = (etape) => etape.querySelector("form");
  const questions = (racine) => [...racine.querySelectorAll("[data-cle]")];

  /** La question d'une clé « bloc.cle », de préférence dans cette étape ; celles du formulaire
   * principal ne sont posées que là. */
  function question(cle, etape = null) {
    const choisir = (racine) => racine?.querySelector(`[data-cle="${CSS.escape(cle)}"]`);
    return (
      choisir(principal) ?? choisir(etape) ?? choisir(etapeDu(cle.split(".")[0])) ??
      choisir(section)
    );
  }

  /** La question du formulaire principal d'une clé « bloc.cle », ou null. */
  function principale(cle) {
    return principal.querySelector(`[data-cle="${CSS.escape(String(cle))}"]`);
  }

  /** L'identifiant que visent les liens et les erreurs : le fieldset, ou le champ lui-même. */
  function idDe(q) {
    return q.tagName === "FIELDSET" ? q.id : q.querySelector("input, select").id;
  }

  const partiesDeLaDate = (q) => ["annee", "mois", "jour"]
    .map((partie) => q.querySelector(`[data-partie="${partie}"]`));

  function nomDe(q) {
    const titre = q.tagName === "FIELDSET" ? q.querySelector("legend") : q.querySelector("label");
    return (titre?.textContent ?? q.dataset.cle).trim();
  }

  // --- Lire et écrire les réponses ----------------------------------------------------------

  /** La réponse telle qu'écrite, que le calculateur lira : "" sans réponse, "1"/"0" pour
   * oui/non et les cases, la valeur d'un choix, le texte tapé d'un nombre ; une date en trois
   * champs devient « JJ/MM/AAAA », telle que tapée (le calculateur lit aussi cette forme). */
  function texteDe(q) {
    const radios = q.querySelectorAll('input[type="radio"]');
    if (radios.length) return [...radios].find((r) => r.checked)?.value ?? "";
    const select = q.querySelector("select");
    if (select) return select.value;
    if (q.dataset.type === "date") {
      const [annee, mois, jour] = partiesDeLaDate(q).map((el) => el.value.trim());
      return annee || mois || jour ? `${jour}/${mois}/${annee}` : "";
    }
    const input = q.querySelector("input");
    if (input.type === "checkbox") return input.checked ? "1" : "0";
    return input.value.trim();
  }

  /** Écrit une réponse lue dans un lien (ou "" : la question est remise à zéro). */
  function ecrire(q, texte) {
    const radios = q.querySelectorAll('input[type="radio"]');
    if (radios.length) {
      for (const r of radios) r.checked = r.value === texte;
      return;
    }
    if (q.dataset.type === "date") {
      const [, ...parties] = MOTIF_DATE.exec(texte) ?? ["", texte, "", ""];
      partiesDeLaDate(q).forEach((el, i) => {
        el.value = parties[i] ?? "";
      });
      return;
    }
    const champ = q.querySelector("select, input");
    if (champ.type === "checkbox") champ.checked = texte === "1" || texte === "true";
    else champ.value = texte;
  }

  /** Une question cachée (sa condition n'est pas remplie) n'est jamais lue. */
  function condition(el) {
    const [, cle, operateur, valeurs] = /^([\w.]+)(!?=)(.*)$/.exec(el.dataset.si) ?? [];
    if (!cle) return true;
    const controle = question(cle, el.closest(".etape"));
    const texte = controle && actif(controle) ? texteDe(controle) : "";
    const dedans = valeurs.split("|").includes(texte);
    return operateur === "=" ? dedans : !dedans;
  }

  function actif(el) {
    for (let e = el.closest("[data-si]"); e; e = e.parentElement?.closest("[data-si]")) {
      if (!condition(e)) return false;
    }
    return true;
  }

  function majVisibilite(racine = section) {
    for (const el of racine.querySelectorAll("[data-si]")) el.hidden = !actif(el);
  }

  /** Les réponses d'une racine (une étape, ou le formulaire principal), « bloc.cle » → texte :
   * celles des questions visibles, répondues ; pour une étape, celles de son bloc. */
  function textesDe(racine, bloc = null) {
    const textes = {};
    for (const q of questions(racine)) {
      if ((bloc && q.dataset.cle.split(".")[0] !== bloc) || !actif(q)) continue;
      const texte = texteDe(q);
      if (texte !== "") textes[q.dataset.cle] = texte;
    }
    return textes;
  }

  /** Le type d'établissement se demande aussi à l'étape des aides (les exonérations en
   * dépendent) : c'est la même réponse, `eligibilite.etablissement`. */
  const etablissements = questions(section).filter(
    (q) => q.dataset.cle === "eligibilite.etablissement",
  );
  function synchroniserEtablissement(source) {
    const texte = texteDe(source);
    for (const q of etablissements) if (q !== source) ecrire(q, texte);
  }
  function etablissementDesAides() {
    const q = etablissements.find((e) => e.closest(".etape")?.dataset.bloc === "aides");
    return q && actif(q) ? texteDe(q) : "";
  }

  /** Les réponses à envoyer au calculateur, « bloc.cle » → texte tel que tapé : celles du
   * formulaire principal et celles des étapes répondues. */
  function textes() {
    const resultat = textesDe(principal);
    for (const etape of etapes) {
      const bloc = etape.dataset.bloc;
      if (repondues.has(bloc)) Object.assign(resultat, textesDe(etape, bloc));
    }
    if (repondues.has("aides") && !repondues.has("eligibilite")) {
      const etablissement = etablissementDesAides();
      if (etablissement !== "") resultat["eligibilite.etablissement"] = etablissement;
    }
    return resultat;
  }

  // --- Le lien de partage : les réponses dans le fragment, « bloc.cle=texte » ------------------

  /** Remet le formulaire principal et les étapes à zéro, puis y écrit les réponses d'un lien
   * (« bloc.cle » → texte, telles que le calculateur les a écrites ; c'est lui qui les lira).
   * Une étape dont le lien donne une réponse est répondue ; une clé qu'aucune question ne pose
   * est laissée au calculateur. */
  function remplir(lesTextes) {
    for (const q of questions(principal)) ecrire(q, "");
    for (const etape of etapes) {
      formulaireDe(etape).reset();
      effacerErreurs(etape);
    }
    repondues.clear();
    const cles = Object.keys(lesTextes);
    const seulEtablissement =
      cles.some((cle) => cle.startsWith("aides.")) &&
      cles.filter((cle) => cle.startsWith("eligibilite.") && !principale(cle))
        .every((cle) => cle === "eligibilite.etablissement");
    for (const [cle, texte] of Object.entries(lesTextes)) {
      const bloc = cle.split(".")[0];
      const etape = principale(cle) ? null : etapeDu(bloc);
      const q = question(cle, etape);
      if (!q) continue;
      ecrire(q, texte);
      if (cle === "eligibilite.etablissement") synchroniserEtablissement(q);
      if (etape && !(bloc === "eligibilite" && seulEtablissement)) repondues.add(bloc);
    }
    majVisibilite();
    for (const etape of etapes) {
      if (repondues.has(etape.dataset.bloc)) deplier(etape, true);
    }
  }

  // --- Déplier, aller à une étape ou à une question ----------------------------------------

  function deplier(etape, ouvert) {
    const bouton = etape.querySelector(".bascule");
    bouton.setAttribute("aria-expanded", String(ouvert));
    etape.querySelector(".corps-etape").hidden = !ouvert;
  }

  function reveler(avecEstimation) {
    section.hidden = false;
    sansEstimation.hidden = avecEstimation;
  }

  /** Une ancre de la page vers une étape (#etape-conditions…) : la montrer, dépliée. */
  function allerA(id, { focus = true } = {}) {
    const etape = etapes.find((e) => e.id === id);
    if (!etape && id !== "etapes") return false;
    reveler(estimationAffichee);
    if (etape) {
      deplier(etape, true);
      // Sans estimation, l'avis qui mène au formulaire est en tête de l'étape visée.
      if (!estimationAffichee) etape.querySelector(".corps-etape").prepend(sansEstimation);
    }
    const cible = etape ?? section;
    cible.scrollIntoView({ block: "start", behavior: "auto" });
    if (focus && etape) etape.querySelector(".bascule").focus({ preventScroll: true });
    return true;
  }

  /** Une question (son identifiant, « bloc-cle ») : son étape dépliée, le focus dans son champ.
   * False si ce n'est pas une question de la page (une étape, par exemple). */
  function allerAuChamp(id) {
    const el = document.getElementById(id);
    if (!el?.closest("[data-cle]")) return false;
    const etape = el.closest(".etape");
    if (etape) {
      reveler(estimationAffichee);
      deplier(etape, true);
    }
    const champ =
      el.tagName === "FIELDSET"
        ? el.querySelector("input:checked") ?? el.querySelector("input")
        : el;
    champ?.focus();
    el.scrollIntoView({ block: "center", behavior: mouvement() });
    return true;
  }

  // --- Erreurs ---------------------------------------------------------------------------

  /** « eligibilite.enfants_eleves » dans un message d'erreur : rien entre parenthèses (le
   * message est près de sa question), sinon le nom de la question. */
  function sansCles(texte) {
    return String(texte)
      .replace(MOTIF_CLE_ENTRE_PARENTHESES, "")
      .replace(MOTIF_CLE, (tout, cle) => {
        const q = question(cle);
        return q ? `«\u202f${nomDe(q)}\u202f»` : tout;
      });
  }

  /** Efface les erreurs montrées dans une étape, ou près des questions du formulaire
   * principal (`racine`). */
  function effacerErreurs(racine) {
    racine.querySelector(".erreurs-etape")?.replaceChildren();
    const dansLesQuestions = (selecteur) =>
      [...racine.querySelectorAll(selecteur)].filter((el) => el.closest("[data-cle]"));
    for (const zone of dansLesQuestions(".erreur-champ")) {
      zone.hidden = true;
      zone.textContent = "";
    }
    for (const el of dansLesQuestions("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of racine.querySelectorAll("[data-decrit]")) {
      el.setAttribute("aria-describedby", el.dataset.decrit);
      el.removeAttribute("data-decrit");
    }
    for (const el of racine.querySelectorAll("[aria-describedby='']")) {
      el.removeAttribute("aria-describedby");
    }
  }

  /** Une erreur près de sa question : message, description et état invalide du champ. */
  function marquerErreur(q, message) {
    const id = idDe(q);
    const zone = document.getElementById(`erreur-${id}`);
    if (!zone) return;
    const decrit = q.tagName === "FIELDSET" ? q : q.querySelector("input, select");
    zone.textContent = `Erreur\u00a0: ${sansCles(message)}`;
    zone.hidden = false;
    if (!decrit.hasAttribute("data-decrit")) {
      decrit.dataset.decrit = decrit.getAttribute("aria-describedby") ?? "";
    }
    decrit.setAttribute("aria-describedby", `${decrit.dataset.decrit} erreur-${id}`.trim());
    const champs = decrit.tagName === "FIELDSET" ? q.querySelectorAll('input[type="text"]') : [decrit];
    for (const el of champs) el.setAttribute("aria-invalid", "true");
  }

  /** Chaque erreur près de sa question, et un résumé annoncé dans l'étape (qui prend le focus,
   * sauf `focus: false`). Renvoie true si une erreur a été montrée. */
  function montrerErreurs(erreurs, blocEnvoye = null, { focus = true } = {}) {
    for (const etape of etapes) effacerErreurs(etape);
    const parEtape = new Map();
    for (const erreur of erreurs) {
      const q = erreur.champ ? question(erreur.champ, etapeDu(blocEnvoye)) : null;
      const etape = q?.closest(".etape") ?? etapeDu(String(erreur.champ).split(".")[0]);
      if (!etape) continue;
      const message = sansCles(erreur.message);
      if (q) marquerErreur(q, erreur.message);
      if (!parEtape.has(etape)) parEtape.set(etape, []);
      parEtape.get(etape).push(
        q ? h("a", { href: `#${idDe(q)}`, "data-cible": idDe(q) }, message) : message,
      );
    }
    let premier = null;
    for (const etape of etapes) {
      const liste = parEtape.get(etape);
      if (!liste) continue;
      deplier(etape, true);
      const resume = h(
        "div",
        { class: "resume-erreurs", tabindex: "-1" },
        h("h4", {}, liste.length > 1 ? "Corrigez ces points" : "Corrigez ce point"),
        h("ul", {}, liste.map((el) => h("li", {}, el))),
      );
      etape.querySelector(".erreurs-etape").append(resume);
      if (!premier || etape.dataset.bloc === blocEnvoye) premier = resume;
    }
    if (premier && focus) {
      premier.focus();
      premier.scrollIntoView({ block: "start", behavior: mouvement() });
    }
    return parEtape.size > 0;
  }

  /** Les erreurs qui visent une étape (« bloc.cle » ou « bloc »), séparées des autres (champs
   * et questions du formulaire principal). */
  function trier(erreurs) {
    const desEtapes = [];
    const autres = [];
    for (const e of erreurs) {
      const bloc = String(e.champ ?? "").split(".")[0];
      (etapeDu(bloc) && !principale(e.champ) ? desEtapes : autres).push(e);
    }
    return { desEtapes, autres };
  }

  // --- Les réponses -----------------------------------------------------------------------

  function badge(statut, texte) {
    const { classe, symbole } = STATUTS[statut] ?? STATUTS.a_verifier;
    return h(
      "span",
      { class: `statut statut-${classe}`, "data-statut": statut },
      h("span", { class: "symbole", "aria-hidden": "true" }, symbole),
      texte,
    );
  }

  /** Un texte de règle, où chaque « bloc.cle » devient un lien vers sa question. */
  function enrichir(texte, etape) {
    const morceaux = [];
    let debut = 0;
    for (const m of String(texte).matchAll(MOTIF_CLE)) {
      const q = question(m[1], etape);
      if (!q) continue;
      morceaux.push(texte.slice(debut, m.index));
      morceaux.push(h("a", { href: `#${idDe(q)}`, "data-cible": idDe(q) }, `«\u202f${nomDe(q)}\u202f»`));
      debut = m.index + m[0].length;
    }
    morceaux.push(String(texte).slice(debut));
    return morceaux;
  }

  function lien(url, texte) {
    let nom = texte;
    if (!nom) {
      try {
        nom = new URL(url).hostname.replace(/^www\./, "");
      } catch {
        nom = url;
      }
    }
    return h("a", { href: url }, nom);
  }

  /** « Titre, https://… ; autre titre : https://… ; https://… (presse) » : des liens. Les
   * espaces avant « ; » et « : » sont insécables (le calculateur typographie ses réponses) :
   * `\s` les reconnaît comme les autres. */
  function sources(texte) {
    if (!texte) return null;
    const morceaux = [];
    String(texte)
      .split(/\s;\s/)
      .forEach((partie, i) => {
        if (i) morceaux.push("\u202f; ");
        const titre = /^(.*?)(?:,|\s:)\s*(https?:\/\/\S+)$/.exec(partie);
        if (titre && !MOTIF_ADRESSE.test(titre[1])) {
          morceaux.push(lien(titre[2], titre[1]));
          return;
        }
        let debut = 0;
        for (const m of partie.matchAll(MOTIF_URL)) {
          morceaux.push(partie.slice(debut, m.index), lien(m[0]));
          debut = m.index + m[0].length;
        }
        morceaux.push(partie.slice(debut));
      });
    return h("p", { class: "source" }, "Sources\u00a0: ", morceaux, ".");
  }

  function certitude(code) {
    if (!code) return null;
    return h(
      "p",
      { class: "note" },
      "Certitude\u00a0: ",
      marqueDeCertitude(code),
    );
  }

  function incertitude(texte, titre = "Incertain\u00a0: ") {
    return texte ? h("p", { class: "incertitude" }, h("strong", {}, titre), texte) : null;
  }

  /** Ce que chaque étape montre de son bloc : `p` est ce que le calculateur en a écrit pour la
   * page (`presentation.etapes.<bloc>`). */
  const reponses = {
    eligibilite(e, p, etape) {
      return {
        code: e.statut,
        bilan: e.libelle_statut,
        contenu: [
          h("p", { class: "bilan" }, "Bilan\u00a0: ", badge(e.statut, e.libelle_statut), " ",
            p.bilan),
          h(
            "ul",
            { class: "conditions" },
            e.conditions.map((c) =>
              h(
                "li",
                { "data-condition": c.condition },
                h("p", { class: "titre-condition" }, h("strong", {}, c.libelle), " ",
                  badge(c.statut, c.libelle_statut)),
                h("p", {}, enrichir(c.raison, etape)),
                incertitude(c.incertitude),
                sources(c.source),
                certitude(c.fiabilite),
              ),
            ),
          ),
        ],
      };
    },

    ressources(r, p, etape) {
      return {
        code: r.statut,
        bilan: p.libelle_statut,
        contenu: [
          h("p", { class: "bilan" }, "Bilan\u00a0: ", badge(p.statut, p.libelle_statut), " ",
            phrase(p.revenus)),
          r.lignes_a_additionner.length
            ? [
                h("p", {}, "À relever sur l'avis d'imposition\u00a0:"),
                h("ul", { class: "lignes" }, r.lignes_a_additionner.map((l) => h("li", {}, l))),
                h("p", { class: "note" }, phrase(p.montant_a_indiquer)),
              ]
            : null,
          h("p", {}, enrichir(r.raison, etape)),
          r.revenus_plus_recents
            ? h("p", { class: "note", "data-revenus-plus-recents": "" },
                r.revenus_plus_recents.raison, " ", h("small", {}, r.revenus_plus_recents.source))
            : null,
          r.incertitudes.length
            ? h(
                "div",
                { class: "incertitude" },
                h("p", {}, h("strong", {}, "Là où les sources divergent ou ne tranchent pas\u00a0:")),
                h("ul", {}, r.incertitudes.map((t) => h("li", {}, t))),
              )
            : null,
          r.questions_sans_reponse.length
            ? h(
                "p",
                { class: "questions-sans-reponse" },
                "Pour trancher, répondez à\u00a0: ",
                r.questions_sans_reponse.flatMap((cle, i) => [
                  i ? ", " : "",
                  enrichir(`« ${cle} »`, etape),
                ]),
                ".",
              )
            : null,
          h("h5", {}, "Le chemin de décision"),
          h(
            "ol",
            { class: "chemin" },
            r.chemin.map((e) => h("li", {}, e.question, " ", h("strong", {}, e.reponse))),
          ),
          sources(r.source),
          certitude(r.fiabilite),
        ],
      };
    },

    versement(v, p, etape) {
      return {
        code: String(v.duree_mois),
        bilan: p.libelle_statut,
        contenu: [
          h("p", { class: "bilan" }, "Versement\u00a0: ", badge(p.statut, p.libelle_statut)),
          paragraphe(p.applicable),
          h("p", {}, enrichir(v.raison, etape)),
          v.duree_mois === 12
            ? h("p", { class: "note" }, "Le résultat, plus haut, donne maintenant ce montant.")
            : null,
          sources(v.source),
          certitude(v.fiabilite),
        ],
      };
    },

    outre_mer(o, p, etape) {
      return {
        code: String(o.applicable),
        bilan: p.libelle_statut,
        contenu: [
          h("p", { class: "bilan" }, "Majoration outre-mer\u00a0: ", badge(p.statut, p.libelle_statut)),
          paragraphe(p.applicable),
          h("p", {}, enrichir(o.raison, etape)),
          incertitude(o.incertitude, "Portée incertaine\u00a0: "),
          sources(o.source),
          certitude(o.fiabilite),
        ],
      };
    },

    aides(liste, p, etape) {
      return {
        code: liste.map((a) => a.statut).join(","),
        bilan: p.bilan,
        contenu: [
          h(
            "ul",
            { class: "conditions aides" },
            liste.map((a, rang) =>
              h(
                "li",
                { "data-aide": a.aide },
                h("p", { class: "titre-condition" }, h("strong", {}, a.libelle), " ",
                  badge(a.statut, a.libelle_statut)),
                paragraphe(p.montants[rang]),
                h("p", {}, h("span", { class: "libelle-condition" }, "Condition\u00a0: "), a.condition),
                h("p", {}, enrichir(a.raison, etape)),
                a.avertissement
                  ? h("p", { class: "incertitude" }, h("strong", {}, "Montant à confirmer\u00a0: "),
                    a.avertissement)
                  : null,
                a.note ? h("p", { class: "note" }, a.note) : null,
                sources(a.source),
                certitude(a.fiabilite),
              ),
            ),
          ),
        ],
      };
    },
  };

  /** Les réponses des étapes répondues, d'après un résultat du calculateur. `focus` : le bloc
   * dont la réponse prend le focus (celui que l'étudiant vient d'envoyer). */
  function afficher(resultat, { focus = null } = {}) {
    estimationAffichee = true;
    reveler(true);
    for (const etape of etapes) {
      const bloc = etape.dataset.bloc;
      const zone = etape.querySelector(".reponse-etape");
      const bilan = etape.querySelector(".bilan-etape");
      const donnees = resultat?.[bloc];
      if (!repondues.has(bloc) || donnees === undefined || donnees === null) {
        zone.replaceChildren();
        zone.hidden = true;
        delete zone.dataset.statut;
        bilan.textContent = "";
        delete etape.dataset.repondue;
        continue;
      }
      const presentation = resultat.presentation.etapes[bloc];
      const { code, bilan: texte, contenu } = reponses[bloc](donnees, presentation, etape);
      zone.dataset.statut = code;
      zone.replaceChildren(h("h4", {}, "Réponse"), h("div", { class: "contenu-reponse" }, contenu));
      zone.hidden = false;
      bilan.textContent = `Réponse\u00a0: ${texte}`;
      etape.dataset.repondue = "";
      if (bloc === focus) {
        deplier(etape, true);
        zone.focus({ preventScroll: true });
        zone.scrollIntoView({ block: "start", behavior: mouvement() });
      }
    }
  }

  function effacerReponses() {
    estimationAffichee = false;
    sansEstimation.hidden = section.hidden;
    for (const etape of etapes) {
      const zone = etape.querySelector(".reponse-etape");
      zone.replaceChildren();
      zone.hidden = true;
      delete zone.dataset.statut;
      etape.querySelector(".bilan-etape").textContent = "";
    }
  }

  // --- Événements -------------------------------------------------------------------------

  for (const etape of etapes) {
    const bouton = etape.querySelector(".bascule");
    bouton.addEventListener("click", () => {
      deplier(etape, bouton.getAttribute("aria-expanded") !== "true");
    });
    const formulaire = formulaireDe(etape);
    formulaire.addEventListener("change", (evenement) => {
      const q = evenement.target.closest("[data-cle]");
      if (q?.dataset.cle === "eligibilite.etablissement") synchroniserEtablissement(q);
      majVisibilite(formulaire);
    });
    formulaire.addEventListener("submit", (evenement) => {
      evenement.preventDefault();
      const bloc = etape.dataset.bloc;
      effacerErreurs(etape);
      repondues.add(bloc);
      outils.repondre(bloc);
    });
    formulaire.querySelector("[data-effacer]").addEventListener("click", () => {
      formulaire.reset();
      effacerErreurs(etape);
      majVisibilite(formulaire);
      const etaitRepondue = repondues.delete(etape.dataset.bloc);
      if (etape.dataset.bloc === "aides" || etape.dataset.bloc === "eligibilite") {
        // le type d'établissement est commun aux deux étapes
        const autre = etablissements.find((q) => !etape.contains(q));
        if (autre && !repondues.has(autre.closest(".etape").dataset.bloc)) ecrire(autre, "");
      }
      if (etaitRepondue) outils.repondre(null);
    });
  }

  // Une réponse du formulaire principal (première demande…) montre ou cache des questions des
  // étapes.
  principal.addEventListener("change", (evenement) => {
    if (evenement.target.closest("[data-cle]")) majVisibilite();
  });

  section.addEventListener("click", (evenement) => {
    const lienVersChamp = evenement.target.closest("a[data-cible]");
    if (!lienVersChamp) return;
    evenement.preventDefault(); // pas d'entrée d'historique : on va à la question
    allerAuChamp(lienVersChamp.dataset.cible);
  });

  majVisibilite();

  return {
    afficher,
    effacerReponses,
    montrerErreurs,
    trier,
    reveler,
    allerA,
    remplir,
    textes,
    principale,
    marquerErreur,
    effacerErreurs,
    allerAuChamp,
    lisible: sansCles,
    cacher: () => {
      section.hidden = true;
    },
  };
}
