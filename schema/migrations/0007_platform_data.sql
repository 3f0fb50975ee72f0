-- Reference data for the lead platform: the intent taxonomy (seed 000, intent_translations:
-- "~20-50 mappings", EN <-> FR). lead_memory.intent stores the English label; screens
-- show the label in the reader's language through this table.

INSERT INTO intent_translations (intent_en, intent_fr, category) VALUES
    ('Matchmaking inquiry',   'Demande de mise en relation', 'matchmaking'),
    ('Membership signup',     'Inscription membre',          'matchmaking'),
    ('Profile question',      'Question sur un profil',      'matchmaking'),
    ('Event registration',    'Inscription à un événement',  'matchmaking'),
    ('Pricing request',       'Demande de tarifs',           'sales'),
    ('Quote request',         'Demande de devis',            'sales'),
    ('Product demo',          'Demande de démonstration',    'sales'),
    ('B2B partnership',       'Partenariat B2B',             'sales'),
    ('Appointment booking',   'Prise de rendez-vous',        'sales'),
    ('Callback request',      'Demande de rappel',           'sales'),
    ('Information request',   'Demande d''information',      'information'),
    ('Service availability',  'Disponibilité du service',    'information'),
    ('Location and hours',    'Adresse et horaires',         'information'),
    ('Technical support',     'Support technique',           'support'),
    ('Billing question',      'Question de facturation',     'support'),
    ('Account access',        'Accès au compte',             'support'),
    ('Complaint',             'Réclamation',                 'support'),
    ('Cancellation request',  'Demande de résiliation',      'support'),
    ('Refund request',        'Demande de remboursement',    'support'),
    ('Feedback',              'Retour d''expérience',        'relationship'),
    ('Testimonial',           'Témoignage',                  'relationship'),
    ('Job application',       'Candidature',                 'other'),
    ('Press inquiry',         'Demande presse',              'other'),
    ('Supplier offer',        'Offre fournisseur',           'other'),
    ('Data privacy request',  'Demande RGPD',                'other'),
    ('Spam',                  'Indésirable',                 'other'),
    ('Other',                 'Autre',                       'other')
ON CONFLICT (intent_en) DO NOTHING;
