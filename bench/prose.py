"""Handwritten French prose for the synthetic benchmark corpus.

Every sentence here was written for this benchmark. Slots in braces are filled by
`generate.py`: country phrases (`{le1}` "l'Algérie", `{de2}` "du Maroc", `{en1}`
"en Algérie", `{Le1}` capitalised), actors (`{a1}` name, `{r1}` role), `{org}`,
`{ville}`, `{mois}`, `{annee}`, `{nombre}`, `{pct}`, `{lien}` (a Markdown link).
"""

from __future__ import annotations

# Topic families: every topic of the vocabulary maps to one family below.
FAMILIES: dict[str, str] = {
    "Diplomatie": "diplo",
    "Défense": "defense",
    "Sécurité": "defense",
    "Terrorisme": "defense",
    "Économie": "eco",
    "Commerce": "eco",
    "Agriculture": "eco",
    "Transports": "eco",
    "Affaires maritimes": "eco",
    "Énergie": "energie",
    "Climat": "energie",
    "Nucléaire": "energie",
    "Migration": "social",
    "Humanitaire": "social",
    "Droits humains": "social",
    "Santé": "social",
    "Éducation": "social",
    "Conflits et paix": "conflit",
    "Justice internationale": "conflit",
    "Élections": "conflit",
    "Numérique": "tech",
    "Espace": "tech",
    "Culture": "tech",
}

TOPICS: list[str] = list(FAMILIES)

TITLES: dict[str, list[str]] = {
    "diplo": [
        "{Le1} et {le2} relancent leur dialogue politique",
        "{Le1} veut donner un nouvel élan à ses relations avec {le2}",
        "Consultations politiques entre {le1} et {le2} à {ville}",
        "Visite officielle : {a1} attendu {en2}",
        "{Le1} rappelle son ambassadeur {en2} pour consultations",
        "Vers une feuille de route commune entre {le1} et {le2}",
        "{a1} plaide pour un partenariat « pragmatique » avec {le2}",
    ],
    "defense": [
        "{Le1} et {le2} conviennent d’une coopération militaire",
        "Exercice naval conjoint au large {de1}",
        "{Le1} renforce sa présence militaire à la frontière",
        "Lutte antiterroriste : {le1} et {le2} partagent davantage de renseignements",
        "{a1} annonce une hausse du budget de la défense",
        "Dialogue militaire conjoint entre {le1} et {le2}",
    ],
    "eco": [
        "{Le1} et {le2} signent un accord commercial",
        "Les échanges entre {le1} et {le2} ont progressé de {pct} %",
        "{Le1} veut attirer les investisseurs {de2}",
        "Forum d’affaires à {ville} : {nombre} entreprises au rendez-vous",
        "{a1} défend l’ouverture du marché {de1}",
        "Nouvelle ligne maritime entre {le1} et {le2}",
    ],
    "energie": [
        "Gaz : {le1} et {le2} prolongent leur contrat d’approvisionnement",
        "{Le1} mise sur l’hydrogène vert",
        "Transition énergétique : {le1} sollicite l’appui {de2}",
        "{a1} présente le plan climat {de1}",
        "Nucléaire civil : {le1} et {le2} signent un mémorandum",
    ],
    "social": [
        "Migration : {le1} et {le2} veulent mieux coordonner leurs efforts",
        "Aide humanitaire : {nombre} tonnes acheminées {en1}",
        "{a1} alerte sur la situation des réfugiés {en1}",
        "Santé : {le1} et {le2} lancent un programme conjoint",
        "Bourses d’études : {le2} accueillera {nombre} étudiants {de1}",
    ],
    "conflit": [
        "{Le1} appelle à un cessez-le-feu immédiat",
        "Médiation : {a1} reçu à {ville}",
        "Processus de paix : {le1} salue le rôle {de2}",
        "Élections {en1} : les observateurs internationaux publient leur rapport",
        "Tensions à la frontière entre {le1} et {le2}",
    ],
    "tech": [
        "Cybersécurité : {le1} et {le2} créent un groupe de travail",
        "{Le1} lancera son premier satellite d’observation en {annee}",
        "Numérique : {le1} courtise les entreprises {de2}",
        "Saison culturelle {de1} à {ville}",
        "{a1} inaugure un centre de données à {ville}",
    ],
}

LEADS: dict[str, list[str]] = {
    "diplo": [
        "{Le1} et {le2} ont tenu jeudi à {ville} une nouvelle session de leurs consultations politiques, la première depuis {annee}, au niveau des secrétaires généraux des ministères des Affaires étrangères.",
        "Reçu par {a1}, {r1}, le chef de la diplomatie {de2} a plaidé pour une relation « débarrassée des malentendus du passé » et tournée vers des projets concrets.",
        "{Le1} a annoncé lundi la réouverture de son ambassade {en2}, fermée depuis plusieurs années, un geste que les observateurs interprètent comme le signe d’un réchauffement durable.",
        "La visite de {a1} {en2} s’est achevée sur la signature de {nombre} accords et sur la promesse d’un calendrier de rencontres régulières entre les deux gouvernements.",
    ],
    "defense": [
        "{Le1} et {le2} ont tenu leur dialogue militaire conjoint à {ville} du 4 au 6 {mois}, dans le cadre de la poursuite de leur coopération bilatérale en matière de défense.",
        "Les forces armées {de1} ont achevé mercredi un exercice de grande ampleur, mobilisant près de {nombre} hommes, des moyens aériens et plusieurs bâtiments de la marine.",
        "{a1}, {r1}, a présenté devant le Parlement un projet de loi de programmation militaire qui prévoit une hausse sensible des crédits d’équipement.",
        "Les services de sécurité {de1} ont annoncé le démantèlement d’une cellule terroriste qui projetait, selon eux, des attaques contre des cibles civiles.",
    ],
    "eco": [
        "Les échanges commerciaux entre {le1} et {le2} ont atteint un niveau record l’an dernier, portés par les hydrocarbures, les produits agricoles et les matériaux de construction.",
        "{Le1} et {le2} ont signé mardi à {ville} un accord destiné à faciliter les investissements croisés et à supprimer progressivement les doubles impositions.",
        "Près de {nombre} chefs d’entreprise ont participé au forum d’affaires organisé à {ville}, où {a1}, {r1}, a promis un environnement « stable et lisible » aux investisseurs.",
        "Le gouvernement {de1} a présenté un plan de relance qui mise sur l’industrie, le tourisme et les infrastructures de transport pour diversifier une économie encore trop dépendante de ses exportations.",
    ],
    "energie": [
        "{Le1} et {le2} ont prolongé de dix ans leur contrat d’approvisionnement en gaz naturel, avec une clause de révision des prix tous les trois ans.",
        "{a1}, {r1}, a dévoilé une stratégie nationale de l’hydrogène qui vise une capacité de production significative d’ici à la fin de la décennie.",
        "Les ministres de l’Énergie {de1} et {de2} se sont retrouvés à {ville} pour faire le point sur les projets d’interconnexion électrique entre les deux pays.",
        "Le rapport publié lundi par {org} place {le1} parmi les pays les plus exposés aux effets du réchauffement climatique.",
    ],
    "social": [
        "Les autorités {de1} et {de2} ont convenu de renforcer leur coopération en matière migratoire, en particulier dans la lutte contre les réseaux de passeurs.",
        "Un convoi humanitaire transportant {nombre} tonnes de vivres et de médicaments est arrivé dimanche {en1}, selon {org}.",
        "{a1}, {r1}, a lancé un appel à la communauté internationale pour financer l’accueil des déplacés, dont le nombre ne cesse d’augmenter.",
        "{Le1} et {le2} ont lancé à {ville} un programme conjoint de formation des personnels de santé, doté d’un budget pluriannuel.",
    ],
    "conflit": [
        "{Le1} a appelé samedi à un cessez-le-feu immédiat et à la reprise du dialogue, au lendemain de nouveaux affrontements meurtriers près de la frontière.",
        "{a1}, {r1}, est arrivé à {ville} pour une nouvelle tentative de médiation entre les parties, dont les positions restent très éloignées.",
        "Les observateurs déployés par {org} ont publié leur rapport préliminaire sur le scrutin organisé {en1}, relevant une participation en hausse et plusieurs irrégularités.",
        "Le rôle « pivot » {de1} dans le dialogue de paix a été salué à l’occasion de la réunion tenue à {ville} sous l’égide de {org}.",
    ],
    "tech": [
        "{Le1} et {le2} ont créé un groupe de travail conjoint sur la cybersécurité, chargé de partager les alertes et de coordonner la réponse aux incidents.",
        "L’agence spatiale {de1} a confirmé que son premier satellite d’observation serait lancé en {annee}, avec l’appui technique {de2}.",
        "{a1}, {r1}, a inauguré à {ville} un centre de données présenté comme le plus grand de la région.",
        "La saison culturelle {de1} s’est ouverte à {ville} avec une exposition consacrée aux échanges artistiques entre les deux rives de la Méditerranée.",
    ],
}

BODY: dict[str, list[str]] = {
    "diplo": [
        "Les deux délégations se sont félicitées de l’état d’ensemble de la coopération bilatérale et ont passé en revue les questions régionales et internationales d’intérêt commun.",
        "Cette réunion a été l’occasion de préparer la prochaine session de la commission mixte, dont la date n’a pas encore été arrêtée.",
        "Selon un communiqué du ministère des Affaires étrangères {de1}, les discussions se sont déroulées « dans un climat de confiance et de franchise ».",
        "{a1} a rappelé que son pays restait attaché au respect de la souveraineté des États et au règlement pacifique des différends.",
        "Les deux parties ont également évoqué la situation {en3}, où la crise politique se prolonge depuis plusieurs mois.",
        "Un diplomate {de2} en poste à {ville} estime que cette rencontre « ne règle pas tout, mais remet les choses sur les rails ».",
        "Les deux ministres sont convenus de se revoir avant la fin de l’année, en marge de l’assemblée générale des Nations unies.",
        "Ce rapprochement intervient après une longue période de froid, marquée par des rappels d’ambassadeurs et des échanges de communiqués peu amènes.",
        "{Le2} souhaite notamment obtenir des garanties sur la circulation des personnes et la délivrance des visas.",
        "Du côté {de1}, on insiste sur la nécessité d’un partenariat « équilibré », qui ne se limite pas aux seules questions sécuritaires.",
        "La déclaration finale mentionne aussi la coopération consulaire, culturelle et universitaire, trois domaines longtemps négligés.",
        "Les observateurs notent que le ton a changé : les formules convenues ont laissé place à des engagements chiffrés et datés.",
    ],
    "defense": [
        "Le dialogue a porté essentiellement sur un projet de protocole d’accord sur la coopération militaire, en vue d’une signature prévue au début de l’année prochaine.",
        "Les délégations ont également discuté de sécurité régionale et maritime, de cybersécurité et de la résilience face aux catastrophes naturelles.",
        "Une table ronde consacrée à l’industrie de défense s’est tenue en marge des travaux, avec des fournisseurs d’équipements militaires.",
        "{a1}, {r1}, a mené la délégation {de1}, tandis que celle {de2} était conduite par {a2}, {r2}.",
        "Les services de renseignement des deux pays échangeront désormais leurs informations sur les déplacements de combattants étrangers.",
        "La zone sahélienne reste au cœur des préoccupations, en raison de la porosité des frontières et de la multiplication des trafics.",
        "Les manœuvres ont mobilisé des unités terrestres, des hélicoptères de transport et deux frégates, selon l’état-major.",
        "Cet exercice, qui se tient tous les deux ans, vise à améliorer l’interopérabilité des forces et la coordination du commandement.",
        "Le budget de la défense devrait progresser de {pct} % l’an prochain, une hausse que l’opposition juge excessive au regard de la situation des finances publiques.",
        "Plusieurs suspects ont été interpellés dans la région de {ville}, où les enquêteurs ont saisi des armes, des téléphones et des documents de propagande.",
        "Les autorités affirment avoir déjoué {nombre} projets d’attentat depuis le début de l’année.",
        "La coopération en matière de formation des officiers sera élargie, avec des stages croisés dans les écoles militaires des deux pays.",
    ],
    "eco": [
        "Le volume des échanges a progressé de {pct} % en un an, mais la balance commerciale reste nettement déséquilibrée.",
        "L’accord prévoit la suppression progressive des droits de douane sur plusieurs centaines de produits agricoles et industriels.",
        "Les investisseurs attendent surtout des règles stables, une justice commerciale efficace et un accès facilité aux devises.",
        "{a1}, {r1}, a annoncé la création d’un fonds d’investissement commun doté de plusieurs centaines de millions de dollars.",
        "Le port de {ville} doit être agrandi pour accueillir des porte-conteneurs de plus grande taille, un chantier estimé à plusieurs années.",
        "Les exportateurs se plaignent des lenteurs administratives et du coût du fret, qui a fortement augmenté depuis la pandémie.",
        "La nouvelle ligne maritime réduira de moitié le temps de transport des marchandises entre les deux pays.",
        "Les céréaliers {de2} espèrent reprendre des parts de marché perdues face à la concurrence de la mer Noire.",
        "Selon les chiffres publiés par la banque centrale {de1}, l’inflation a reculé pour le troisième mois consécutif.",
        "Les entreprises de travaux publics {de2} sont déjà très présentes sur les grands chantiers d’infrastructures {de1}.",
        "Un conseil d’affaires mixte sera installé dans les prochains mois afin de suivre la mise en œuvre des engagements.",
        "Les économistes interrogés saluent l’intention, mais rappellent que les accords précédents sont restés largement lettre morte.",
    ],
    "energie": [
        "Le contrat porte sur des volumes annuels comparables à ceux des années précédentes, avec une option d’augmentation.",
        "{Le1} dispose d’un potentiel solaire et éolien considérable, encore très peu exploité.",
        "L’interconnexion électrique entre les deux pays devrait être mise en service d’ici à trois ans, selon {a1}, {r1}.",
        "Les ONG environnementales dénoncent toutefois la poursuite des forages et le recours massif aux énergies fossiles.",
        "Les premières unités pilotes de production d’hydrogène seront installées près de {ville}, à proximité d’un parc solaire existant.",
        "Le mémorandum sur le nucléaire civil couvre la formation des ingénieurs, la sûreté des installations et la gestion des déchets.",
        "Les sécheresses répétées ont réduit les rendements agricoles et accentué la pression sur les ressources en eau.",
        "{Le2} s’est engagé à financer une partie des études techniques et à faciliter l’accès aux crédits à l’exportation.",
        "La hausse des prix du gaz sur les marchés internationaux a profité aux recettes budgétaires {de1}.",
        "Les experts de {org} estiment que les engagements annoncés restent insuffisants pour atteindre les objectifs fixés.",
        "Le gouvernement promet que la transition énergétique créera des milliers d’emplois qualifiés dans les régions de l’intérieur.",
    ],
    "social": [
        "Le nombre de traversées irrégulières a augmenté de {pct} % au cours du premier semestre, selon les chiffres officiels.",
        "Les deux pays entendent améliorer les procédures de réadmission, tout en ouvrant davantage de voies légales de migration.",
        "Les organisations de défense des droits humains demandent que la coopération migratoire respecte la dignité des personnes.",
        "Sur place, les équipes de {org} décrivent des besoins immenses en eau potable, en abris et en soins de première nécessité.",
        "{a1}, {r1}, a visité un camp de déplacés près de {ville} et promis une aide supplémentaire.",
        "Le programme de santé prévoit la formation de {nombre} infirmiers et la rénovation de plusieurs hôpitaux régionaux.",
        "Les bourses seront attribuées en priorité aux étudiants des filières scientifiques et techniques.",
        "Les associations locales regrettent de ne pas avoir été consultées lors de l’élaboration du dispositif.",
        "Un rapport récent a documenté des cas de détention arbitraire et de mauvais traitements, que les autorités contestent.",
        "Les envois de fonds de la diaspora représentent une part importante du revenu de nombreuses familles.",
        "L’épidémie, désormais contenue, a mis en lumière la fragilité des systèmes de santé de la région.",
    ],
    "conflit": [
        "Les combats ont fait au moins {nombre} morts depuis le début de la semaine, selon un bilan provisoire établi par des sources médicales.",
        "Le médiateur s’est entretenu séparément avec les représentants des deux camps avant de réunir les délégations autour d’une même table.",
        "Les parties se sont engagées à respecter une trêve humanitaire de soixante-douze heures, afin de permettre l’évacuation des blessés.",
        "{a1}, {r1}, a estimé qu’« il n’y a pas de solution militaire à ce conflit » et appelé à un dialogue inclusif.",
        "Le scrutin s’est déroulé dans le calme, mais la participation est restée faible dans plusieurs régions du nord.",
        "Les observateurs recommandent une révision des listes électorales et un meilleur accès des candidats aux médias publics.",
        "La Cour pénale internationale a ouvert une enquête préliminaire sur les crimes qui auraient été commis lors des affrontements.",
        "Le Conseil de sécurité doit se réunir en urgence à la demande {de2}, qui siège actuellement parmi ses membres non permanents.",
        "Les déplacés, qui se comptent par dizaines de milliers, hésitent à rentrer chez eux tant que la sécurité n’est pas garantie.",
        "Le processus politique mené par {org} reste suspendu à la désignation d’un nouvel envoyé personnel.",
        "Les deux camps s’accusent mutuellement d’avoir violé le cessez-le-feu conclu le mois dernier.",
    ],
    "tech": [
        "Le groupe de travail se réunira tous les trimestres et publiera un rapport annuel sur les menaces observées.",
        "Les attaques par rançongiciel contre les administrations et les hôpitaux se sont multipliées ces deux dernières années.",
        "Le satellite fournira des images utiles à l’agriculture, à la gestion des ressources en eau et à la surveillance des frontières.",
        "{a1}, {r1}, a souligné l’importance de former des ingénieurs capables de maintenir ces équipements sur place.",
        "Le centre de données doit permettre d’héberger localement les données publiques, une exigence de souveraineté numérique.",
        "L’exposition rassemble près de {nombre} œuvres prêtées par des musées et des collections privées.",
        "Les jeunes entreprises du numérique {de1} réclament un accès plus simple au financement et aux marchés étrangers.",
        "Un programme d’échanges permettra à des artistes des deux pays de séjourner en résidence pendant plusieurs mois.",
        "La coopération spatiale reste toutefois limitée par le coût des lanceurs et la dépendance envers les partenaires étrangers.",
        "Les autorités préparent une loi sur la protection des données personnelles, attendue depuis longtemps par les entreprises.",
    ],
}

GENERIC: list[str] = [
    "Cette annonce intervient dans un contexte régional marqué par de fortes incertitudes.",
    "Aucun calendrier précis n’a cependant été communiqué à l’issue de la réunion.",
    "Les détails de l’accord n’ont pas été rendus publics, mais plusieurs sources évoquent des montants importants.",
    "La presse locale a largement commenté cette rencontre, certains éditorialistes se montrant sceptiques.",
    "Le sujet devrait être de nouveau abordé lors du prochain sommet de {org}, prévu en {mois}.",
    "D’après la même source, une réunion de suivi se tiendra à {ville} dans les prochaines semaines.",
    "Les deux gouvernements entendent s’appuyer sur les mécanismes de concertation déjà existants.",
    "Rappelons que les relations entre les deux pays ont connu des hauts et des bas au cours de la dernière décennie.",
    "Plusieurs parlementaires ont demandé que le texte soit soumis à l’examen des commissions compétentes.",
    "L’opposition, de son côté, reproche au gouvernement son manque de transparence sur ce dossier.",
    "Selon les estimations disponibles, près de {nombre} personnes seraient directement concernées.",
    "Le ministère n’a pas souhaité commenter ces informations, se bornant à renvoyer au communiqué officiel.",
    "Pour de nombreux analystes, ce dossier servira de test pour la crédibilité des engagements pris.",
    "Les discussions devraient reprendre après la période des fêtes, selon un conseiller du ministre.",
    "Cette visite est la première d’un responsable de ce rang depuis {annee}.",
    "Le texte final a été adopté à l’unanimité des délégations présentes.",
    "Les prochaines semaines diront si ces annonces se traduisent par des actes concrets.",
    "Le programme complet de la visite n’a été dévoilé qu’au dernier moment, pour des raisons de sécurité.",
    "À {ville}, les réactions ont été plutôt positives dans les milieux d’affaires comme dans la société civile.",
    "Il s’agit, selon un communiqué conjoint, d’une « étape importante » dans la relation bilatérale.",
    "La question des visas et de la mobilité des étudiants reste un point de friction récurrent.",
    "Le dossier sera également examiné par les ministres lors de leur prochaine réunion à {ville}.",
    "Le porte-parole du gouvernement a assuré que « toutes les options restent sur la table ».",
    "Ce n’est pas la première fois que les deux capitales affichent une telle volonté de coopération.",
    "On rappelle que {le3} avait, l’an dernier, proposé ses bons offices pour faciliter le dialogue.",
    "Une conférence de presse conjointe a clôturé la journée, sans questions des journalistes.",
    "La société civile demande à être associée au suivi des engagements pris.",
    "Le contexte budgétaire contraint pourrait toutefois retarder la mise en œuvre de certaines mesures.",
]

QUOTES: list[str] = [
    "Nous avons franchi une étape importante, mais le plus difficile reste à faire",
    "Notre pays ne transigera jamais sur sa souveraineté ni sur la sécurité de ses citoyens",
    "Ce partenariat doit profiter d’abord aux populations des deux pays",
    "Il n’y a pas de solution militaire, seulement une solution politique et négociée",
    "Les engagements pris aujourd’hui seront évalués dans six mois, point par point",
    "Nous sommes prêts à accompagner ce processus aussi longtemps qu’il le faudra",
    "La stabilité de la région est une responsabilité partagée",
    "Nous attendons des actes, pas seulement des déclarations d’intention",
]

LIST_INTROS: list[str] = [
    "Parmi les principaux engagements annoncés :",
    "La déclaration commune retient notamment les points suivants :",
    "Le programme de la visite comprenait :",
    "Les chiffres clés à retenir :",
    "Les prochaines étapes, selon le communiqué :",
]

LIST_ITEMS: list[str] = [
    "la création d’un comité de suivi qui se réunira deux fois par an",
    "l’ouverture d’une ligne de crédit destinée aux petites et moyennes entreprises",
    "un programme d’échanges entre les écoles diplomatiques des deux pays",
    "la simplification des procédures de visa pour les hommes d’affaires et les étudiants",
    "un exercice conjoint de protection civile prévu l’an prochain",
    "{nombre} bourses universitaires réservées aux filières scientifiques",
    "la réhabilitation du poste-frontière de {ville}",
    "une hausse de {pct} % des crédits consacrés à la coopération",
    "la reprise des vols directs entre les deux capitales",
    "un mécanisme de concertation sur les questions régionales",
    "la signature de {nombre} conventions sectorielles",
    "une rencontre avec les représentants de la communauté d’affaires",
]

SUBHEADS: list[str] = [
    "Un calendrier serré",
    "Des divergences persistantes",
    "Le poids de la région",
    "Ce qui change",
    "Les réactions",
    "Un enjeu économique",
    "Prochaines étapes",
]

LINK_TEXTS: list[str] = [
    "le communiqué conjoint",
    "le rapport annuel",
    "la déclaration finale",
    "le compte rendu officiel",
    "notre précédent article",
]

LINK_SENTENCES: list[str] = [
    "Le texte intégral est disponible dans {lien}.",
    "Comme le détaille {lien}, les discussions ont porté sur plusieurs dossiers sensibles.",
    "Les chiffres cités proviennent de {lien}, publié le mois dernier.",
]

ORGS: list[str] = [
    "l’ONU", "l’Union africaine", "l’Union européenne", "la Ligue arabe", "l’OTAN",
    "le Programme alimentaire mondial", "le HCR", "l’OMS", "la Banque mondiale",
    "le FMI", "l’OSCE", "la CEDEAO", "l’Agence internationale de l’énergie",
]

CITIES: list[str] = [
    "Alger", "Oran", "Tunis", "Rabat", "Nouakchott", "Bamako", "Niamey", "Dakar",
    "Bruxelles", "Paris", "Genève", "Rome", "Madrid", "Berlin", "Vienne", "Washington",
    "New York", "Moscou", "Pékin", "Ankara", "Le Caire", "Addis-Abeba", "Doha",
    "Riyad", "Abou Dhabi", "Nairobi", "Abuja", "Tokyo", "New Delhi", "Brasília",
]

MONTHS: list[str] = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
]

SOURCES: list[str] = [
    "Le Courrier diplomatique", "La Gazette du Maghreb", "L’Observateur international",
    "Le Quotidien des deux rives", "Agence de presse méditerranéenne", "Le Journal du Sahel",
    "La Lettre des chancelleries", "Le Veilleur", "Revue stratégique",
]

SECTIONS: list[str] = [
    "Relations internationales", "Diplomatie", "Monde", "Afrique", "Économie",
    "Défense", "Maghreb", "Europe", "Moyen-Orient",
]

FIRST_NAMES: list[str] = [
    "Abdelhamid", "Mounir", "Karim", "Nadia", "Samira", "Yacine", "Leïla", "Rachid",
    "Fatima", "Omar", "Amina", "Sofiane", "Hocine", "Malika", "Farid", "Nabil",
    "Jean", "Marie", "Claire", "Pierre", "Sophie", "Luc", "Isabelle", "François",
    "Hélène", "Thomas", "Camille", "Antoine", "Élise", "Julien", "Anne", "Dirk",
    "Jennifer", "Matthew", "Elizabeth", "Michael", "Sarah", "David", "Laura", "James",
    "Federica", "Marco", "Giulia", "Carlos", "Lucía", "Javier", "Ana", "João",
    "Olga", "Sergueï", "Dmitri", "Irina", "Wang", "Li", "Hiroshi", "Yuki",
    "Aminata", "Moussa", "Ousmane", "Fatoumata", "Ibrahim", "Aïcha", "Mamadou", "Kofi",
    "Mehmet", "Ayşe", "Reza", "Shirin", "Ahmed", "Mariam", "Hassan", "Zeynep",
]

LAST_NAMES: list[str] = [
    "Benali", "Zahi", "Bouzid", "Haddad", "Mansouri", "Cherif", "Belkacem", "Saadi",
    "Rahmani", "Brahimi", "Kaci", "Meziane", "Ouali", "Hamidi", "Boudiaf", "Lamri",
    "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Garnier", "Rousseau",
    "Fontaine", "Chevalier", "Mercier", "Blanchard", "Achten", "Peeters", "Janssens",
    "Miller", "Moore", "Langley", "Carter", "Hughes", "Bennett", "Turner", "Collins",
    "Rossi", "Bianchi", "Conti", "García", "Fernández", "López", "Silva", "Costa",
    "Ivanov", "Petrova", "Smirnov", "Volkova", "Zhang", "Chen", "Tanaka", "Sato",
    "Traoré", "Diallo", "Keïta", "Coulibaly", "Ouédraogo", "Mensah", "Okafor", "Ndiaye",
    "Yilmaz", "Demir", "Tehrani", "Karimi", "El Amrani", "Nasser", "Farouk", "Aziz",
]

ROLES: list[str] = [
    "ministre des Affaires étrangères", "ministre de la Défense", "ministre du Commerce",
    "ministre de l’Énergie", "ministre de l’Intérieur", "Premier ministre", "président",
    "secrétaire général du ministère des Affaires étrangères", "ambassadeur", "ambassadrice",
    "porte-parole du gouvernement", "porte-parole du département d’État",
    "chef d’état-major des armées", "général major", "envoyé spécial pour le Sahel",
    "commissaire européen au Commerce", "directeur général de l’agence spatiale",
    "haut-commissaire aux réfugiés", "représentant spécial du secrétaire général de l’ONU",
    "sous-secrétaire à la Défense par intérim pour les affaires africaines",
    "chargé d’affaires", "conseiller diplomatique du président", "gouverneur de la banque centrale",
    "président de la commission des affaires étrangères", "ministre de la Santé",
]

SUMMARY_TAILS: list[str] = [
    "Les deux parties promettent un suivi régulier.",
    "Un calendrier de mise en œuvre doit suivre.",
    "Les observateurs restent prudents.",
]
