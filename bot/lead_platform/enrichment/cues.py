"""The offline rules' evidence: weighted French and English cues per intent, and urgency cues.

Counting keywords (the first version) read "Je veux annuler mon abonnement" as a sign-up:
one hit for "annul", one for "abonnement", and the tie went to the earlier intent. Here a
cue is a pattern with a weight: 3 for what states the request itself (a verb of
cancelling, applying, booking), 2 for a phrase that usually goes with it, 1 for a word
that merely hints (a noun like "abonnement", a weekday, a phone number). Patterns run on
the folded message (lower case, no accents, straight apostrophes) and start at a word
boundary. Tuned on bench/data/enrichment_dev.yaml, never on the evaluation set.
"""

from __future__ import annotations

# A cue: (regular expression on the folded text, weight).
Cue = tuple[str, int]

# Words that join a verb to its object: "arrêter (mon) abonnement", "end (my monthly) membership".
_DET = r"(?:(?:mon|ma|mes|notre|nos|le|la|les|l'|votre|vos|my|our|the|this|your)\s+)?(?:\w+\s+)?"
_PLAN = r"(?:abonn|abon|adhes|contrat|forfait|inscription|licence|mandat|compte|engagement|membership|" \
        r"subscription|contract|account|plan\b|agreement|licen[cs]e|listing|trial|profil)"

INTENT_CUES: dict[str, tuple[Cue, ...]] = {
    "Cancellation request": (
        (r"annul", 3), (r"resili", 3), (r"desinscri", 3), (r"desabonn", 3), (r"decommand", 3),
        (r"(?:mettre|mets|met|mettons|mis) fin", 3), (r"cancel", 3), (r"unsubscrib", 3), (r"terminat", 3),
        (rf"(?:arret|stop|suspend|interromp|clotur|clore|ferm|supprim|end|close|quit|freez)\w*\s+{_DET}{_PLAN}", 3),
        (r"(?:ne pas|ne plus|ne)\s+(?:le |la |les )?(?:renouvel|reconduir)", 3),
        (r"(?:not|won'?t|will not|don'?t want to)\s+(?:be\s+)?renew", 3),
        (r"(?:clotur|ferm|supprim|remove|delete|close)\w*\s+(?:mon|ma|notre|my|our)\s+(?:compte|profil|dossier|"
         r"account|profile|file|data)", 3),
        # What is cancelled is the cancellation's, not a booking: "annuler mon rendez-vous de mardi".
        (rf"(?:annul|cancel|decommand)\w*\s+{_DET}(?:rendez|rdv|appointment|booking|reservation|resa|table|"
         r"cours|class|session|seance|visit)", 3),
        (r"(?:rendez[- ]vous|rdv|appointment|reservation|booking|resa)\b.{0,60}(?:annul|cancel)", 3),
        (r"retir\w+\s.{0,40}de la vente", 3), (r"(?:have|get) my profile removed", 3),
        (r"plus besoin de vos", 2), (r"no longer (?:need|want|require|interested|use)", 2),
        (r"ne (?:veux|souhaite|voulons|souhaitons) plus", 2), (r"decided not to", 2), (r"opt(?:ing)? out", 2),
    ),
    "Complaint": (
        (r"inacceptable", 3), (r"inadmissible", 3), (r"scandal", 3), (r"lamentable", 3), (r"deplorable", 3),
        (r"honte", 3), (r"honteu", 3), (r"decu", 3), (r"decevant", 3), (r"mecontent", 3), (r"furieu", 3),
        (r"pas serieux", 3), (r"pas normal", 2), (r"(?:c'est|ce n'est) plus possible", 3), (r"degout", 3),
        (r"porter? plainte", 3), (r"plainte", 2), (r"reclamation", 3), (r"je conteste", 3), (r"conteste", 2),
        (r"toujours (?:rien|pas)", 2), (r"aucune? (?:nouvelle|excuse|reponse|appel|rendez)", 2),
        (r"personne ne (?:repond|me rappelle|m'a)", 2), (r"(?:ne|n'est|n'a) jamais", 2), (r"desagreable", 2),
        (r"malpoli|impoli", 2), (r"arnaque", 3), (r"(?:sont|est|c'est) (?:sale|sales|crade)\b", 2),
        (r"malade", 2), (r"intoxi", 3), (r"il manqu", 2), (r"(?:addition|facture|commande) (?:fausse|erronee)", 3),
        (r"plus (?:chere?|elevee?) qu", 2), (r"promis", 1), (r"plats? froids?", 2),
        (r"unacceptable", 3), (r"not acceptable", 3), (r"disappoint", 3), (r"terrible", 3), (r"awful", 3),
        (r"horrible", 3), (r"worst", 3), (r"disgust", 3), (r"rude\b", 3), (r"not happy", 3), (r"unhappy", 3),
        (r"upset", 3), (r"furious", 3), (r"angry", 3), (r"outrag", 3), (r"ridiculous", 3), (r"complain", 3),
        (r"no explanation", 2), (r"nobody (?:told|answered|replied|called|cleans|came)", 2),
        (r"(?:hasn'?t|haven'?t|has not|have not) (?:replied|answered|heard|called|fixed)", 2),
        (r"never (?:came|arrived|showed|received|asked)", 2), (r"still (?:nothing|not|broken|no)\b", 2),
        (r"without (?:notice|warning)", 2), (r"overcharg", 3), (r"charged (?:me )?twice", 2),
        (r"scratch", 2), (r"damag", 2), (r"\braw\b", 1), (r"cold food|food was cold", 2), (r"lied\b", 2),
        (r"you missed|vous avez (?:oublie|rate|manque)", 2), (r"i expect you to", 2), (r"sick after", 3), (r"food poisoning", 3),
        (r"legal (?:action|options)", 2), (r"(?:lost|kept) my deposit", 2), (r"wrong information", 2),
        (r"third (?:time|outage)", 1), (r"second time", 1),
    ),
    "Refund request": (
        (r"rembours", 3), (r"refund", 3), (r"money back", 3), (r"dedommag", 3), (r"compensation", 2),
    ),
    "Pricing request": (
        (r"prix\b", 3), (r"tarif", 3), (r"cout", 3), (r"combien", 3), (r"c combien", 3), (r"honoraires", 3),
        (r"how much", 3), (r"price", 3), (r"pricing", 3), (r"cost", 3), (r"fees?\b", 3), (r"commission", 2),
        (r"budget", 2), (r"(?:your|the|membership|hourly|daily|monthly|student) rates?\b|rates? (?:for|are)", 2), (r"free plan|plan gratuit|version gratuite", 3), (r"discount", 2),
        (r"remise", 2), (r"frais\b", 2), (r"forfait", 1), (r"package", 1), (r"pack\b", 1),
    ),
    "Quote request": (
        (r"devis", 3), (r"quote\b", 3), (r"quotation", 3), (r"(?:rough|an?) estimate", 2),
    ),
    "Callback request": (
        (r"rappel\w*[- ]moi", 4), (r"(?<!je )(?:me|nous) rappel", 4), (r"recontact", 3),
        (r"(?:m'|me |nous )appel(?:er|ez)\b", 4), (r"qu'on (?:m'|me |nous )appelle", 4),
        (r"appel\w*[- ]moi", 4), (r"(?:me |nous )telephon", 4), (r"telephon\w*[- ]moi", 4), (r"joignable", 2),
        (r"par telephone|au telephone|de vive voix", 2), (r"call me", 4), (r"call (?:me |us )?back", 4),
        (r"callback|call-back", 4), (r"give me a (?:call|ring|bell)", 4), (r"(?:ring|phone) me", 4),
        (r"(?:someone|somebody|lawyer|agent|advisor|adviser|person) (?:to )?(?:call|phone|ring)s? me", 4),
        (r"reach me (?:at|on)", 2), (r"my number is", 2), (r"(?:talk|speak) (?:to someone )?on the phone", 3),
        (r"parler a quelqu'un", 2),
    ),
    "Appointment booking": (
        # Verbs of booking weigh more than the nouns, which also name what is cancelled or moved.
        (r"rendez[- ]vous", 2), (r"\brdv\b", 2), (r"appointment", 2), (r"reservation|resa\b", 2),
        (r"book(?!ed)", 3), (r"reserv(?!ation)", 3), (r"prendre (?:un )?(?:rendez|rdv)", 2),
        (r"table (?:pour|for)", 3), (r"(?:une|a) table\b", 2), (r"viewing", 3), (r"view (?:the|it|this)", 3),
        (r"visit", 2), (r"schedule", 3), (r"planifier|caler\b|fixer un", 3), (r"creneau", 3),
        (r"(?:seance|cours) (?:d'essai|decouverte)", 3), (r"trial class|free trial", 2),
        (r"(?:be|get) seen", 3), (r"(?:une|de la) place (?:aujourd'hui|ce soir|demain|pour)", 3),
        (r"(?:pouvez|pourriez)[- ]vous (?:passer|venir)", 3), (r"come (?:in|by|round|over)\b", 2),
        (r"(?:faire )?estimer (?:notre|ma|mon|la|le)", 3), (r"valuation|appraisal", 3), (r"consultation", 1),
        (r"entretien (?:de|avec)", 2), (r"interview with", 2), (r"meeting with", 2),
        (r"depann|remorqu|\btow\b|towing|breakdown|broke down", 3), (r"ne demarre (?:plus|pas)|won'?t start", 3),
        (r"crevaison|flat (?:tyre|tire)", 3), (r"venir me chercher|pick me up|come and get", 3),
        (r"disponibilit|availability", 1), (r"(?:je suis )?(?:dispo|disponible|libre|free|available) (?:le|les|on)\b", 2),
        (r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|"
         r"saturday|sunday|week-?end)", 1),
        (r"\d{1,2} ?h ?\d{0,2}\b|\d{1,2}(?::\d\d)? ?(?:am|pm)\b", 1),
    ),
    "Product demo": (
        (r"demo\b", 3), (r"demonstration", 3), (r"presentation de (?:votre|l'|la) (?:outil|solution|logiciel|produit)", 3),
        (r"walkthrough", 2),
    ),
    "B2B partnership": (
        (r"partenariat", 3), (r"partenaires?\b", 2), (r"partner", 3), (r"collabor", 3), (r"cooperation", 2),
        (r"sponsor", 3), (r"mecenat", 3), (r"revendeur|reseller|resell", 3), (r"integrat(?:eur|or)", 2),
        (r"apport d'affaires", 3), (r"referral|cross-referr|refer (?:clients|patients|customers)", 3),
        (r"co-brand|co-host", 3), (r"work(?:ing)? (?:together|with you|with your)", 3),
        (r"travailler (?:ensemble|avec vous)", 3), (r"(?:on pourrait|we could) .{0,40}ensemble|ensemble \?", 2),
        (r"complementaires?|complementary", 2), (r"influenc", 3), (r"abonnes sur|followers on", 2),
        (r"feature our|on your (?:menu|list)|sur votre carte|list your app", 3), (r"marketplace", 2),
        (r"trade pricing|tarif preferentiel|prix preferentiel", 3), (r"depot-vente", 3),
        (r"fournisseur|supplier|wholesaler|grossiste|distribut", 2), (r"producteur|productrice|winery|brewery|maraicher", 2),
        (r"(?:je represente|i represent|we'?re a|we are a|nous sommes une?)\b", 1),
        (r"(?:ca vous interesse|interested in (?:a|cross)|would you be open)", 1),
    ),
    "Supplier offer": (
        (r"nous proposons|we offer|we provide|nous aidons|we help (?:businesses|companies|clinics|firms)", 2),
        (r"(?:je vous propose|proposer) (?:mes|nos) (?:services|produits)", 2), (r"nos services|our services", 1),
        (r"(?:presenter|present) (?:nos|mes|our) (?:services|produits|products)", 2), (r"outsourc|externalis", 3),
    ),
    "Job application": (
        (r"candidature", 3), (r"postul", 3), (r"\bcv\b", 3), (r"curriculum", 3), (r"resume\b", 2),
        (r"apply(?:ing)? (?:for|to)", 3), (r"applying", 3), (r"to apply", 3), (r"hiring", 3), (r"recrut", 3),
        (r"embauch", 3), (r"emploi", 3), (r"jobs?\b", 2), (r"(?:un|le|du|au|des|vos|votre) postes?\b", 2),
        (r"stage\b|stagiaire", 3), (r"internship", 3), (r"alternance|apprenti|apprenticeship", 3),
        (r"vacanc(?:y|ies)", 3), (r"openings?\b", 2), (r"positions?\b", 2), (r"role\b", 1),
        (r"join (?:your|the) team|rejoindre (?:votre|l') ?equipe|integrer (?:votre|vos)", 3),
        (r"(?:i'?m|i am|je suis) (?:a |an |une? )?(?:qualified|certified|experienced|licensed|registered|diplome)", 2),
        (r"experienced|experimente|diplome", 1), (r"years? (?:of )?experience|ans d'experience|annees d'experience", 2),
        (r"(?:disponible|dispo) (?:de suite|immediatement|tout)", 2), (r"part-time|full-time|temps (?:plein|partiel)", 2),
        (r"training contract", 3), (r"looking for (?:work|a job|an? (?:apprenticeship|internship|position))", 3),
        (r"seeking (?:a )?(?:part-time|full-time|position|job|role)", 3), (r"taking on (?:agents|apprentices|staff)", 3),
        (r"vous cherchez des\b", 2), (r"cherche (?:un )?(?:emploi|travail|job)", 3),
        (r"teaching classes|donner des cours", 2),
    ),
    "Spam": (
        (r"\bseo\b", 3), (r"referencement", 3), (r"(?:premiere|first) page", 3), (r"backlink", 3),
        (r"guest post", 3), (r"high da\b|domain authority", 3), (r"(?:buy|get|acheter) .{0,20}(?:followers|likes|abonnes)", 3),
        (r"followers", 2), (r"avis (?:google )?5 etoiles|5[- ]star reviews|avis google", 3), (r"on autopilot", 2),
        (r"crypto|bitcoin|forex|casino|viagra|cialis", 3), (r"doublez vos gains|double your", 3),
        (r"gagn\w* \d+ ?(?:€|euros?)|earn \$", 3),
        (r"(?:vous avez|you have|you'?ve|you) (?:gagne|won|ete selectionne|been selected)", 3),
        (r"felicitations|congratulations", 2), (r"cliquez|click (?:here|now)|claim (?:now|your)|reclamer votre", 3),
        (r"https?://|www\.|bit\.ly|\.(?:com|net|xyz|io)\b", 1), (r"pret entre particuliers|loan offer", 3),
        (r"(?:fichiers?|bases?) de (?:prospection|donnees)", 3), (r"emails? (?:list|database)", 3),
        (r"leads? (?:per|par) (?:month|mois)|qualified leads|prospects qualifies", 3),
        # A pitch about the business's website, not a visitor saying where they read something.
        (r"(?:votre|your) (?:site|website) (?:n'apparait|isn'?t|is not|merite|deserves|needs|n'est pas)", 3),
        (r"refonte|website (?:redesign|design|development)|web (?:design|development)|"
         r"(?:creons|creation de) (?:des )?sites|(?:build|create|design) (?:websites|mobile apps)|mobile apps?", 2),
        (r"domain (?:is )?expir|nom de domaine", 3), (r"virtual assistan|data entry|\$\d+ ?/ ?h", 3),
        (r"(?:are you|etes-vous) (?:the |le |la )?(?:business )?(?:owner|responsable|gerant|proprietaire)", 3),
        (r"book a (?:call|demo)|calendly", 2), (r"(?:free|gratuite?) (?:audit|mockup|maquette)|(?:audit|maquette) gratuite?", 3),
        (r"devis gratuit|free quote", 2), (r"dear sir|sir/madam", 1),
        (r"inheritance|heritage|deceased|defunt|\d[\d.,]* million", 3), (r"chatbot", 2), (r"boost", 2),
        (r"augmentez|increase your (?:sales|revenue|traffic)|chiffre d'affaires", 2), (r"visibilite", 2),
        (r"limited offer|offre limitee|\d+ ?(?:€|euros?) seulement|only \$\d", 2), (r"catalogue and price|bulk order", 3),
        (r"garanti|guarantee", 1), (r"(?:a partir de|from|starting at) \$?\d", 1), (r"unbeatable|imbattable", 2),
        (r"cheapest|moins cher du marche", 2), (r"\d+x (?:your|vos|more|plus)", 2),
    ),
    "Membership signup": (
        (r"m'inscri|s'inscri|inscrivez|inscri(?:re|vez)", 3), (r"inscription", 2),
        (r"devenir (?:membre|client|patient|adherent)|become a (?:member|client|patient)", 3),
        (r"(?:m'|s'|nous )abonner\b|prendre un abonnement|souscri", 3), (r"adherer", 3),
        (r"rejoindre (?:votre|l'|la|le) (?:agence|club|salle|reseau d'adherents)", 3),
        (r"sign(?:ing)? (?:me |us )?up|signup|sign-up", 3), (r"regist(?:er|ering|ration)\b", 3),
        (r"subscribe", 3), (r"join (?:your|the) (?:agency|gym|club|bootcamp|program|class)|how do i join|joining\b", 3),
        (r"membership\b", 1), (r"abonnement", 1), (r"adhesion", 1),
        (r"(?:open|create) an account|(?:ouvrir|creer) un compte", 3), (r"upgrade", 3),
        (r"passer (?:a|au|sur) (?:la version|l'offre|le plan|l'abonnement|une offre) ?(?:payante?|pro|premium)?", 3),
        (r"go ahead with|ready to (?:go|start|sign)|send (?:us |me )?the contract", 3),
        (r"(?:nouveaux?|new) patients?", 1), (r"(?:vous )?confier (?:la|le|mon|ma|notre|nos)", 3),
        (r"en (?:vente|location) (?:avec|chez) (?:vous|votre)", 3), (r"(?:list|sell) (?:our|my) \w+ with you", 3),
        (r"manage my (?:rental|property|flat)", 3), (r"(?:retain|hire|instruct) your (?:firm|agency|services)", 3),
        (r"(?:me|nous) represente", 3), (r"comment (?:devenir|proceder|s'inscrire)|marche a suivre", 2),
        (r"how (?:do i|to) (?:join|register|sign up)", 3), (r"(?:maintenance|entretien) plan|plan d'entretien", 1),
        (r"prendre (?:en charge|un forfait)", 1),
    ),
    "Matchmaking inquiry": (
        (r"(?:je )?cherche (?:une|un) (?:femme|homme|compagne|compagnon|partenaire|relation)", 3),
        (r"relation serieuse|serious relationship|long[- ]term relationship", 3), (r"ame soeur|soulmate", 3),
        (r"companionship|partenaire de vie|life partner", 3), (r"celibataire", 2),
        (r"looking for (?:a |my )?(?:wife|husband|partner|woman|man)\b", 3), (r"rencontrer (?:quelqu'un|l'amour)", 2),
        (r"(?:homme|femme|man|woman),? \d{2}", 2), (r"\d{2} ?(?:ans|yo|y/o|years old)\b", 1),
        (r"veuf|veuve|widow", 1),
    ),
    "Account access": (
        (r"mot de passe|password", 3), (r"(?:me |se )connecter|connexion|login|log in|sign in", 3),
        (r"locked out|(?:compte|acces|carte|badge)\w* (?:est |a ete )?bloque|bloque\w* (?:mon|le|l') ?(?:compte|acces)", 3), (r"reinitialis|reset", 2), (r"badge|carte d'acces|access card|key ?card|tourniquet", 3),
    ),
    "Technical support": (
        (r"\bbug", 3), (r"erreur|error", 3), (r"crash|plante", 3), (r"ne (?:marche|fonctionne) (?:plus|pas)", 3),
        (r"marche (?:plus|pas)|fonctionne (?:plus|pas)", 3), (r"not working|doesn'?t work|won'?t (?:let|load|work|open)", 3),
        (r"(?:is|are|been|site|platform|app|dashboard|server) down\b|outage|en panne", 3),
        (r"impossible de|n'arrive (?:pas|plus)|je n'arrive|can'?t|cannot|unable to|ne (?:peux|peuvent) (?:pas|plus)", 2),
        (r"comment (?:exporter|ajouter|modifier|changer|faire pour|telecharger|importer|supprimer)", 3),
        (r"how (?:do|can) i (?:change|update|add|export|reset|find|download|use|set|remove|edit)", 3),
        (r"where (?:can|do) i (?:find|change|see|get)|ou (?:je peux|puis-je|trouver|se trouve)", 3),
        (r"api key|cle api", 2), (r"mise a jour", 1), (r"update\b", 1),
    ),
    "Customer service": (
        (r"(?:envoyer|renvoyer|transmettre|email|e-mail|send|resend|forward)\w*\s+(?:moi |me |nous |us )?(?:une |la |ma |mon "
         r"|un |a |an |the |my |en )?(?:copie|copy|duplicata|ordonnance|prescription|jugement|contrat|contract|"
         r"attestation|document|certificat|certificate|facture|invoice|releve)", 3),
        (r"copie (?:du|de|de la|d')|copy of", 2), (r"(?:ma|my|la) (?:voiture|car|vehicule|commande|order) (?:est|is)? ?(?:prete|ready)", 3),
        (r"(?:est-elle|est-il) prete?|ready for (?:pick-?up|collection)", 3), (r"ou en est", 3),
        (r"any (?:news|update) on|update on my", 3), (r"(?:oublie|perdu|laisse)\w* (?:mon|ma|mes)|(?:forgot|lost|left) my", 2),
        (r"fuite|leak", 3), (r"chaudiere|boiler|chauffage|heating|eau chaude|hot water|degat des eaux|water damage", 3),
        (r"send someone|envoyer quelqu'un|il faut quelqu'un", 3), (r"(?:logement|appartement|flat|rental) (?:que je loue|gere)", 2),
    ),
    "Billing question": (
        (r"factur|invoice|receipt|\brecu\b|releve", 2), (r"adresse de facturation|billing address", 3),
        (r"prelev|charged|debit", 1),
    ),
    "Data privacy request": (
        (r"rgpd|gdpr", 2), (r"donnees personnelles|personal data", 3), (r"(?:supprimer|delete|effacer|erase) (?:mes|my) "
                                                                        r"(?:donnees|data|coordonnees)", 2),
    ),
    "Event registration": (
        (r"evenement|soiree|event\b|speed dating|atelier|workshop|webinar|webinaire", 2),
    ),
    "Press inquiry": (
        (r"journalist|presse\b|press\b|reportage|article sur|podcast", 2),
    ),
    "Profile question": (
        (r"(?:le|ce|du|this|the) profil(?:e)? (?:de|of|code)|profil \w{3}-\d", 3), (r"photos? (?:de|du) profil", 2),
    ),
    "Testimonial": (
        (r"merci pour|thank you for|grace a vous|thanks to you|temoign|testimonial", 2),
    ),
    "Feedback": (
        (r"suggestion|feedback|(?:pourriez|could) .{0,20}amelior|improve", 2),
    ),
    "Service availability": (
        (r"toujours disponible|encore disponible|still (?:available|on the market)|(?:est|sont)[- ]il toujours", 3),
        (r"dans ma (?:ville|region)|in my (?:area|city)|outside (?:of )?\w+\?|en dehors de", 2),
        (r"livr|deliver", 1),
    ),
    "Location and hours": (
        (r"horaires?|opening (?:hours|times)|hours\b|what time do you|ouvert|open (?:on|at|the)|ferme(?:s|z)? le", 3),
        (r"adresse|address|parking|ou (?:etes-vous|se trouve)|where are you|located|acces(?:sible)?|access\b", 2),
        (r"jours feries|bank holiday", 2),
    ),
    "Information request": (
        (r"renseignement|information|en savoir plus|know more|learn more|wondering|savoir si", 2),
        (r"comment (?:ca|cela) (?:marche|fonctionne)|comment fonctionne|how does .{0,40}work", 3),
        (r"est-ce que (?:vous|votre|il y a|c'est)|est-ce qu'il y a|y a-t-il|il y a (?:des|un|une)\b.*\?", 2),
        (r"(?:vous )?(?:faites|acceptez|proposez|prenez|traitez|intervenez|travaillez|avez)[- ]vous|"
         r"\bvous (?:faites|acceptez|proposez|prenez|traitez|intervenez|travaillez|avez|etes)\b", 2),
        (r"do you (?:have|offer|do|see|take|accept|handle|work|support|provide|allow|deliver|treat)|does (?:your|the|it)",
         2),
        (r"(?:are|is) there\b|are (?:dogs|pets|children|kids)|can i (?:import|use|bring|pay|get)", 2),
        (r"compatible|heberge|hosted|gdpr compliant|sso\b", 2), (r"quel(?:le)?s? (?:est|sont) (?:l'|le|la|les|vos|votre)", 1),
        (r"age moyen|average age", 2), (r"existe[- ](?:t-il|t-elle)?|existe en", 2), (r"periode d'essai|trial period", 2),
    ),
}

# The order breaks ties (the earlier, more specific reading wins).
PRIORITY: tuple[str, ...] = (
    "Spam", "Job application", "Refund request", "Complaint", "Cancellation request", "Callback request",
    "Appointment booking", "Product demo", "Quote request", "Pricing request", "B2B partnership", "Supplier offer",
    "Membership signup", "Matchmaking inquiry", "Account access", "Technical support", "Customer service",
    "Billing question", "Data privacy request", "Event registration", "Press inquiry", "Profile question",
    "Testimonial", "Feedback", "Service availability", "Location and hours", "Information request",
)

# Intents that answer the same need: their evidence adds up before the family's best reading is
# chosen ("remboursez-moi, c'est inacceptable" is one complaint, not a tie between two intents).
FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"Complaint", "Refund request"}),
    frozenset({"Pricing request", "Quote request"}),
    frozenset({"B2B partnership", "Supplier offer"}),
    frozenset({"Appointment booking", "Product demo"}),
    frozenset({"Membership signup", "Matchmaking inquiry"}),
    frozenset({"Account access", "Technical support", "Customer service", "Billing question"}),
    frozenset({"Service availability", "Location and hours", "Information request"}),
)

# Urgency. High: an emergency, a harm, a legal deadline, or something due today or tomorrow.
URGENT_CUES: tuple[str, ...] = (
    r"urgent", r"urgence", r"\basap\b", r"au plus vite", r"tout de suite", r"(?<!effective )immediate?ment",
    r"(?<!effective )immediately", r"des que possible", r"as soon as possible", r"aujourd'hui", r"today",
    r"ce soir", r"tonight", r"demain", r"tomorrow", r"\bvite\b", r"right now", r"maintenant", r"emergency",
    r"douleur", r"j'ai (?:tres )?mal", r"rage de dents?", r"\bpain\b", r"painful", r"swell", r"swollen", r"gonfl",
    r"saign", r"bleed", r"abces", r"abscess", r"fievre", r"fever", r"intoxi", r"food poisoning", r"malade toute",
    r"cass\w* (?:une|la|sa|ma) dent|dent cassee|broken tooth", r"fuite", r"leak", r"inond", r"flood",
    r"plus d'eau chaude|no hot water|freezing", r"(?:heating|chauffage) .{0,20}(?:stopped|panne|plus|not)",
    r"en panne", r"(?:is|are|been|production is) down\b", r"outage", r"ne peuvent plus travailler",
    r"can'?t check ?out", r"ne demarre (?:plus|pas)|won'?t start", r"broke down|breakdown|\btow\b|depanneuse",
    r"crevaison|flat (?:tyre|tire)", r"bloquee? (?:sur|a|au|dans)|stranded|stuck on", r"accident",
    r"audience|hearing|court date|garde a vue|arrest|served (?:with )?papers|assignation|expulsion|eviction",
    r"huissier|deadline|date limite", r"porter? plainte",
)
# Medium: a reply is expected within days.
SOON_CUES: tuple[str, ...] = (
    r"cette semaine", r"this week", r"bientot", r"\bsoon\b", r"prochainement", r"next week", r"semaine prochaine",
    r"rapidement", r"quickly", r"toujours disponible|still (?:available|on the market)|encore disponible",
)
# A question about how to do something: the answer can wait (support questions, not problems).
HOW_TO_CUES: tuple[str, ...] = (
    r"comment (?:exporter|ajouter|modifier|changer|telecharger|importer|supprimer)",
    r"how (?:do|can) i (?:change|update|add|export|find|download|use|set|remove|edit)",
    r"where (?:can|do) i|ou (?:je peux|puis-je|trouver|se trouve)", r"(?:send|envoyer|email)\w* (?:me|moi)|m'envoyer|me renvoyer|nous envoyer",
    r"copie|copy of|(?:oublie|forgot|left)\w* (?:mon|ma|my)",
)
# Junk that fills a form to test it: every word is one of these.
JUNK_WORDS = frozenset({"test", "tests", "testing", "xxx", "xx", "x", "asdf", "asdfgh", "qwerty", "azerty",
                        "lorem", "ipsum", "blabla", "aaa", "zzz", "hjkl", "sdfsdf", "qsdf", "qsdfgh", "ok"})
