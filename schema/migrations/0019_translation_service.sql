-- One translation service (issue 13): the domain's vocabulary in translation_dictionary,
-- looked up exactly, then without case or accents; the intent taxonomy's additions; cache
-- contexts for profile cards and Growth Brain insights.

-- The taxonomy (bot/lead_platform/enrichment/taxonomy.py keeps the same pairs): requests of
-- existing customers (a document, the state of a job, a repair) had no intent of their own;
-- "résiliation" only names the end of a contract, and a table is reserved, not booked.
INSERT INTO intent_translations (intent_en, intent_fr, category) VALUES
    ('Customer service', 'Service client', 'support')
ON CONFLICT (intent_en) DO NOTHING;
UPDATE intent_translations SET intent_fr = 'Annulation ou résiliation' WHERE intent_en = 'Cancellation request';
UPDATE intent_translations SET intent_fr = 'Rendez-vous ou réservation' WHERE intent_en = 'Appointment booking';

-- Translated lead summaries, profile cards and insights are cached under their own context.
ALTER TABLE translation_cache DROP CONSTRAINT IF EXISTS translation_cache_context_type_check;
ALTER TABLE translation_cache ADD CONSTRAINT translation_cache_context_type_check
    CHECK (context_type IN ('lead_summary', 'intent', 'tone', 'ui_text', 'profile_card', 'growth_insight'));

-- The accent- and case-insensitive lookup (knowledge/translations.py FOLDED, the same
-- expression) reads this index instead of scanning the dictionary.
CREATE INDEX translation_dictionary_folded_idx ON translation_dictionary (
    source_language, target_language,
    translate(replace(replace(lower(btrim(source_text)), 'œ', 'oe'), 'æ', 'ae'),
              'àâäáãåçéèêëíìîïñóòôöõúùûüýÿ', 'aaaaaaceeeeiiiinooooouuuuyy'));

-- Intents both ways, from the taxonomy table.
INSERT INTO translation_dictionary (source_text, source_language, target_language, translated_text,
                                    category, verified, confidence)
SELECT intent_en, 'en', 'fr', intent_fr, 'intent', TRUE, 1 FROM intent_translations
UNION ALL
SELECT intent_fr, 'fr', 'en', intent_en, 'intent', TRUE, 1 FROM intent_translations
ON CONFLICT (source_language, target_language, source_text) DO NOTHING;

-- Urgencies (stored in French) and tones (stored in English), both ways.
WITH pairs (fr, en, category) AS (VALUES
    ('Élevée', 'High', 'urgency'), ('Moyenne', 'Medium', 'urgency'), ('Faible', 'Low', 'urgency'),
    ('Professionnel', 'Professional', 'tone'), ('Amical', 'Friendly', 'tone'), ('Formel', 'Formal', 'tone'),
    ('Pressé', 'Urgent', 'tone'), ('Mécontent', 'Frustrated', 'tone'), ('Curieux', 'Curious', 'tone'),
    ('Neutre', 'Neutral', 'tone')
)
INSERT INTO translation_dictionary (source_text, source_language, target_language, translated_text,
                                    category, verified, confidence)
SELECT fr, 'fr', 'en', en, category, TRUE, 1 FROM pairs
UNION ALL
SELECT en, 'en', 'fr', fr, category, TRUE, 1 FROM pairs
ON CONFLICT (source_language, target_language, source_text) DO NOTHING;

-- The catalogue's vocabulary, French to English, as profile cards show it to English-speaking
-- members: professions (both genders), hobbies (also capitalised, as at the head of a
-- profile's list: the exact entry wins over the case-insensitive one), religions.
-- knowledge/data/demo_people.yaml is the source; a test keeps the two in step.
INSERT INTO translation_dictionary (source_text, source_language, target_language, translated_text,
                                    category, verified, confidence)
SELECT fr, 'fr', 'en', en, category, TRUE, 1 FROM (VALUES
    ('Enseignant', 'Teacher', 'profession'),
    ('Enseignante', 'Teacher', 'profession'),
    ('Infirmier', 'Nurse', 'profession'),
    ('Infirmière', 'Nurse', 'profession'),
    ('Comptable', 'Accountant', 'profession'),
    ('Ingénieur informatique', 'IT engineer', 'profession'),
    ('Ingénieure informatique', 'IT engineer', 'profession'),
    ('Commerçant', 'Trader', 'profession'),
    ('Commerçante', 'Trader', 'profession'),
    ('Médecin', 'Doctor', 'profession'),
    ('Pharmacien', 'Pharmacist', 'profession'),
    ('Pharmacienne', 'Pharmacist', 'profession'),
    ('Avocat', 'Lawyer', 'profession'),
    ('Avocate', 'Lawyer', 'profession'),
    ('Banquier', 'Banker', 'profession'),
    ('Banquière', 'Banker', 'profession'),
    ('Entrepreneur', 'Entrepreneur', 'profession'),
    ('Entrepreneuse', 'Entrepreneur', 'profession'),
    ('Fonctionnaire', 'Civil servant', 'profession'),
    ('Chauffeur', 'Driver', 'profession'),
    ('Chauffeuse', 'Driver', 'profession'),
    ('Couturier', 'Tailor', 'profession'),
    ('Couturière', 'Dressmaker', 'profession'),
    ('Coiffeur', 'Hairdresser', 'profession'),
    ('Coiffeuse', 'Hairdresser', 'profession'),
    ('Architecte', 'Architect', 'profession'),
    ('Agent immobilier', 'Real estate agent', 'profession'),
    ('Agente immobilière', 'Real estate agent', 'profession'),
    ('Journaliste', 'Journalist', 'profession'),
    ('Gestionnaire de projet', 'Project manager', 'profession'),
    ('Électricien', 'Electrician', 'profession'),
    ('Électricienne', 'Electrician', 'profession'),
    ('Agronome', 'Agronomist', 'profession'),
    ('Chef cuisinier', 'Chef', 'profession'),
    ('Cheffe cuisinière', 'Chef', 'profession'),
    ('Militaire', 'Soldier', 'profession'),
    ('Policier', 'Police officer', 'profession'),
    ('Policière', 'Police officer', 'profession'),
    ('Technicien télécoms', 'Telecoms technician', 'profession'),
    ('Technicienne télécoms', 'Telecoms technician', 'profession'),
    ('Professeur d''université', 'University lecturer', 'profession'),
    ('Professeure d''université', 'University lecturer', 'profession'),
    ('Assistant administratif', 'Administrative assistant', 'profession'),
    ('Assistante administrative', 'Administrative assistant', 'profession'),
    ('Commercial', 'Sales representative', 'profession'),
    ('Commerciale', 'Sales representative', 'profession'),
    ('Étudiant en licence', 'Undergraduate student', 'profession'),
    ('Étudiante en licence', 'Undergraduate student', 'profession'),
    ('Étudiant en master', 'Master''s student', 'profession'),
    ('Étudiante en master', 'Master''s student', 'profession'),
    ('Retraité', 'Retired', 'profession'),
    ('Retraitée', 'Retired', 'profession'),
    ('la lecture', 'reading', 'hobby'),
    ('La lecture', 'Reading', 'hobby'),
    ('la cuisine', 'cooking', 'hobby'),
    ('La cuisine', 'Cooking', 'hobby'),
    ('le football', 'football', 'hobby'),
    ('Le football', 'Football', 'hobby'),
    ('la danse', 'dancing', 'hobby'),
    ('La danse', 'Dancing', 'hobby'),
    ('la musique', 'music', 'hobby'),
    ('La musique', 'Music', 'hobby'),
    ('les voyages', 'travelling', 'hobby'),
    ('Les voyages', 'Travelling', 'hobby'),
    ('la marche', 'walking', 'hobby'),
    ('La marche', 'Walking', 'hobby'),
    ('la natation', 'swimming', 'hobby'),
    ('La natation', 'Swimming', 'hobby'),
    ('le cinéma', 'films', 'hobby'),
    ('Le cinéma', 'Films', 'hobby'),
    ('la photographie', 'photography', 'hobby'),
    ('La photographie', 'Photography', 'hobby'),
    ('le jardinage', 'gardening', 'hobby'),
    ('Le jardinage', 'Gardening', 'hobby'),
    ('la couture', 'sewing', 'hobby'),
    ('La couture', 'Sewing', 'hobby'),
    ('les jeux de société', 'board games', 'hobby'),
    ('Les jeux de société', 'Board games', 'hobby'),
    ('la chorale', 'choir singing', 'hobby'),
    ('La chorale', 'Choir singing', 'hobby'),
    ('le basket', 'basketball', 'hobby'),
    ('Le basket', 'Basketball', 'hobby'),
    ('la pâtisserie', 'baking', 'hobby'),
    ('La pâtisserie', 'Baking', 'hobby'),
    ('les sorties entre amis', 'going out with friends', 'hobby'),
    ('Les sorties entre amis', 'Going out with friends', 'hobby'),
    ('la randonnée', 'hiking', 'hobby'),
    ('La randonnée', 'Hiking', 'hobby'),
    ('le théâtre', 'theatre', 'hobby'),
    ('Le théâtre', 'Theatre', 'hobby'),
    ('la mode', 'fashion', 'hobby'),
    ('La mode', 'Fashion', 'hobby'),
    ('l''écriture', 'writing', 'hobby'),
    ('L''écriture', 'Writing', 'hobby'),
    ('le vélo', 'cycling', 'hobby'),
    ('Le vélo', 'Cycling', 'hobby'),
    ('la peinture', 'painting', 'hobby'),
    ('La peinture', 'Painting', 'hobby'),
    ('le yoga', 'yoga', 'hobby'),
    ('Le yoga', 'Yoga', 'hobby'),
    ('les mots croisés', 'crosswords', 'hobby'),
    ('Les mots croisés', 'Crosswords', 'hobby'),
    ('les documentaires', 'documentaries', 'hobby'),
    ('Les documentaires', 'Documentaries', 'hobby'),
    ('Catholique', 'Catholic', 'religion'),
    ('Protestante', 'Protestant', 'religion'),
    ('Évangélique', 'Evangelical', 'religion'),
    ('Musulmane', 'Muslim', 'religion'),
    ('Sans religion', 'No religion', 'religion')
) AS pairs (fr, en, category)
ON CONFLICT (source_language, target_language, source_text) DO NOTHING;
