#!/usr/bin/env python3
"""Generate sbb-commercie-2021.codebook.json (format "aansluiting.codebook", v1).

Source: SBB, "Beroepenonderzoek Commercie" (2021), chapters 4 and 5: the
beroepscompetentieprofielen (bcp's) of the qualifications Commercieel
medewerker and (Junior) accountmanager as tested in the report.

ROLES below holds the item texts AS PRINTED in the report (lines joined with
single spaces, whitespace trimmed). Evident typos are fixed only through the
CORRECTIONS table, which is applied at build time and documented in
CORRECTIONS.md. Each correction must match its original text exactly once,
so the script fails loudly if the transcription and the table drift apart.

GUIDs are deterministic: uuid5(NAMESPACE, path), e.g.
  sbb-commercie-2021/q1/r2/tasks/3
Re-running the script produces byte-identical output.

Usage: python3 build_codebook.py [output.json]
"""
import json
import os
import sys
import uuid

NAMESPACE = uuid.UUID("6f1d2a8e-3c59-4b7e-9a0d-5b1c2e7f4a10")
ROOT = "sbb-commercie-2021"

CODEBOOK_NAME = "Bcp Commercie (SBB, 2021)"
CODEBOOK_VERSION = 1
CODEBOOK_DESCRIPTION = (
    "Beroepscompetentieprofielen Commercieel medewerker en (Junior) accountmanager, "
    "zoals getoetst in het SBB-beroepenonderzoek Commercie 2021 (hoofdstukken 4 en 5)."
)

QUALIFICATIONS = [
    ("q1", "Commercieel medewerker"),     # hoofdstuk 4
    ("q2", "(Junior) accountmanager"),    # hoofdstuk 5
]

# (section key == section_kind, label), in display order.
SECTIONS = [
    ("description", "Beschrijving van de rol"),
    ("tasks", "Werkzaamheden"),
    ("competencies", "Competenties"),
    ("knowledge_skills", "Kennis en vaardigheden"),
]

# Expected counts per role: (tasks, competencies, knowledge_skills).
EXPECTED = {
    ("q1", "r1"): (6, 6, 20),
    ("q1", "r2"): (2, 6, 12),
    ("q1", "r3"): (5, 7, 11),
    ("q1", "r4"): (3, 6, 11),
    ("q2", "r1"): (5, 6, 19),
    ("q2", "r2"): (6, 7, 21),
    ("q2", "r3"): (4, 6, 17),
}
EXPECTED_TOTALS = {"description": 7, "tasks": 31, "competencies": 44, "knowledge_skills": 111}

# Role texts as printed in the report. Keys: (qualification, role).
ROLES = {
    # ---- q1 ----
    ("q1", "r1"): {  # §4.1 (tabellen 4, 5, 6)
        "label": "Medewerker verkoop en klantencontact",
        "description": "De medewerker verkoop en klantencontact is verantwoordelijk voor de verkoop van producten en diensten en de beantwoording van vragen en klachten van klanten (conform de service level afspraken van de organisatie)",
        "tasks": [
            "De commercieel medewerker beantwoordt dagelijks telefonisch en per e-mail, app, chat en sociale media vragen van klanten. De vragen kunnen bijvoorbeeld gaan over bestellingen, leveringen, (verzend-) kosten, afwikkeling van de aankoop, extra informatie over producten en/of diensten, ondersteuning bij het gebruik van de producten en diensten en/of de bestelling via de webshop en de voorgenomen aankoop van producten en diensten.",  # 1
            "Daarnaast neemt hij telefonisch of schriftelijk contact met (potentiële) klanten op in opdracht van zijn leidinggevende/(junior) accountmanager, naar aanleiding van mailingen/acties of promotieactiviteiten /informatie-aanvragen of op eigen initiatief. Van tevoren neemt hij het klantdossier (of het CRM systeem), de accountplannen en andere verzamelde informatie door en bepaalt hij, eventueel in overleg, de wijze van klantbenadering en de doelstellingen van het gesprek.",  # 2
            "Hij achterhaalt tijdens het contact/gesprek de tevredenheid van de klant, de specifieke behoeften en wensen en/ of aanvullende informatie en bedenkt hoe hij deze informatie kan vertalen in concrete (verkoop)acties. Hij beantwoordt vragen, geeft adviezen en overtuigt de klant van het belang van een vervolggesprek/ -actie. Indien hijzelf geen passend advies kan geven, maakt hij voor de klant een afspraak met zijn leidinggevende/(junior) accountmanager. Dit geldt ook als de grootte van de order zijn verantwoordelijkheid overstijgt of wanneer het de bedoeling is een sales lead te verkrijgen. Hij legt de verkregen gegevens en de gemaakte afspraken vast in het CRM-systeem.",  # 3
            "Hij zorgt voor de follow-up van de afspraken met de klant, bijvoorbeeld het versturen van (product)informatie en/of samples, het (nader) uitzoeken en beantwoorden van de vragen van de klant, het doen van een aanbod met prijsberekening en/of het opstellen en versturen van een offerte. Voor het aanbod/de offerte controleert hij de beschikbaarheid (en doorlooptijd) van producten/diensten. Hij voert berekeningen uit bij het opstellen van de offerte, licht het aanbod toe en zorgt ervoor dat de vraag van de klant wordt beantwoord. Hij neemt daarbij de voorgeschreven prijs-, leverings- en betalingsvoorwaarden op. Hij legt offertes die zijn verantwoordelijkheid overstijgen ter controle voor aan zijn leidinggevende.",  # 4
            "Hij bewaakt de geldigheidstermijn van het aanbod/ de offerte en houdt contact met de (potentiële) klant. Indien nodig onderhandelt hij met de klant, binnen de door de organisatie vastgestelde marges, om een akkoord te krijgen. Na instemming van de klant stelt hij een orderbevestiging op. Hij houdt gedurende de afhandeling van de order contact met de klant en administreert alle meldingen en vervolgacties in het digitale systeem. Bij afronding van het ordertraject evalueert hij het traject met de klant en maakt afspraken voor een vervolgcontact.",  # 5
            "Ook neemt hij meldingen van storingen en klachten aan. Al deze vragen/meldingen handelt hij binnen een bepaalde tijdspanne af of zorgt ervoor dat deze worden afgehandeld. Hij maakt daarbij gebruik van de digitale systemen van de organisatie. Zo nodig en bij complexere vragen/klachten wint hij advies in bij zijn leidinggevende/de (junior) accountmanager en/of stemt hij af met collega’s van andere afdelingen (logistiek, technische dienst etc.) om een gerichte oplossing aan te kunnen bieden. In deze contacten met klanten houdt hij oog voor commerciële kansen en verkoopt hij waar mogelijk extra producten en/of diensten.",  # 6
        ],
        "competencies": [
            "Beinvloeden",  # 1
            "Klantgericht handelen",  # 2
            "Omgaan met procedures",  # 3
            "Flexibel handelen",  # 4
            "Doorzetten",  # 5
            "Financieel handelen",  # 6
        ],
        "knowledge_skills": [
            "Kennis van de samenhang tussen marketing, marktbewerking en verkoop.",  # 1
            "Kennis van de fasen van een verkoopgesprek en koopgedrag bevorderende factoren.",  # 2
            "Kennis van het klachtenbeleid van de organisatie.",  # 3
            "Kennis van de omgang met andere culturen.",  # 4
            "Kennis van de organisatierichtlijnen voor het gebruik van sociale media.",  # 5
            "Kennis van de visie, formule/waardecreatie en organisatiestructuur van de organisatie",  # 6
            "Kennis van het (on- en offline) assortiment, diensten, bijbehorende services (zoals verzekeringen) en het prijsbeleid van de organisatie",  # 7
            "Kennis van de algemene verkoopvoorwaarden en rechten/ plichten van klanten/organisatie",  # 8
            "Kennis van de (e-commerce) marketing- en communicatie-activiteiten van de organisatie",  # 9
            "Kennis van vormen van en organisatieprocedures (gedragscode) voor klantbenadering",  # 10
            "Kennis van de organisatie-eisen ten aanzien van offertes, contracten en facturen",  # 11
            "Kennis van de distributievormen en betaalsystemen van de organisatie",  # 12
            "Kennis van de procedures op het gebied van privacy/dataverwerking",  # 13
            "Kan verkooptechnieken en -argumenten toepassen en inspelen op koop- en weerstandssignalen.",  # 14
            "Kan klachten afhandelen en omgaan met (potentiële) conflictsituaties.",  # 15
            "Kan telefoon- en mailetiquette toepassen",  # 16
            "Kan vlot werken met gangbare computersystemen en (software)pakketten (voor klantenbestand, bestellingen, betaalsystemen, sociale media etc.)",  # 17
            "Kan relevante berekeningen met geld, procenten en (inhouds)maten uitvoeren",  # 18
            "Kan gesprekken voeren, (eenvoudige) berichten opstellen en klant-, product- en/of marktinformatie lezen, ook in het Engels en in een andere moderne vreemde taal",  # 19
            "Kan Arbo-verantwoord werken in relatie tot (persoonlijke) veiligheid, vitaliteit, welzijn, hygiëne en milieu",  # 20
        ],
    },
    ("q1", "r2"): {  # §4.2 (tabellen 7, 8, 9)
        "label": "Commercieel administratief medewerker",
        "description": "De commercieel administratief medewerker is verantwoordelijk voor de (administratieve) opvolging van orders.",
        "tasks": [
            "De commercieel medewerker verwerkt de klantorders (van hemzelf of aangeleverd door de (junior) accountmanager) in het systeem van de organisatie (ERP). Hij controleert de gegevens die in dat systeem staan, onder andere voor de verzending (track en trace informatie) en financiële afhandeling/ facturatie. Hij geeft de benodigde producten en diensten in het systeem aan (of legt een voorraad aan voor de bestelling) en neemt zo nodig contact op met leveranciers over beschikbaarheid en leverdata. Hij plant afspraken voor collega’s van de dienstverlening in. In voorkomende gevallen vult hij de gegevens in voor de (transport- en douane) documenten of schakelt (via zijn leidinggevende) hiervoor een expert in.",  # 1
            "Hij stemt de levering (en de eventuele reservering en opslag) van producten/diensten af met de klant en met de afdelingen planning/logistiek. Hij volgt de afhandeling van de orders en wanneer hij problemen in het ordertraject signaleert, neemt hij contact op met zijn leidinggevende/(junior) accountmanager en bespreekt hij een mogelijke oplossing. Hij biedt vervolgens de klant een geschikte oplossing aan en probeert tot overeenstemming te komen. Wanneer nodig schakelt hij hierbij zijn leidinggevende in. Hij verwerkt de mutaties in het systeem. Hij controleert de facturatie van de orders. Zo nodig handelt hij retourzendingen af en voert de financiële gegevens in voor de creditnota’s.",  # 2
        ],
        "competencies": [
            "Samenwerken",  # 1
            "Omgevingsbewust handelen",  # 2
            "Technologie inzetten",  # 3
            "Klantgericht handelen",  # 4
            "Omgaan met procedures",  # 5
            "Financieel handelen",  # 6
        ],
        "knowledge_skills": [
            "Kennis van het (on- en offline) assortiment, diensten, bijbehorende services (zoals verzekeringen) en het prijsbeleid van de organisatie",  # 1
            "Kennis van de algemene verkoopvoorwaarden en rechten/ plichten van klanten/organisatie",  # 2
            "Kennis van vormen van en organisatieprocedures (gedragscode) voor klantbenadering",  # 3
            "Kennis van de organisatie-eisen ten aanzien van offertes, contracten en facturen",  # 4
            "Basiskennis van transport- en douanedocumenten",  # 5
            "Kennis van de distributievormen en betaalsystemen van de organisatie",  # 6
            "Kennis van de procedures op het gebied van privacy/dataverwerking",  # 7
            "Kan telefoon- en mailetiquette toepassen",  # 8
            "Kan vlot werken met gangbare computersystemen en (software)pakketten (voor klantenbestand, bestellingen, betaalsystemen, sociale media etc.)",  # 9
            "Kan relevante berekeningen met geld, procenten en (inhouds)maten uitvoeren",  # 10
            "Kan gesprekken voeren, (eenvoudige) berichten opstellen en klant-, product- en/of marktinformatie lezen, ook in het Engels en in een andere moderne vreemde taal",  # 11
            "Kan Arbo-verantwoord werken in relatie tot (persoonlijke) veiligheid, vitaliteit, welzijn, hygiëne en milieu",  # 12
        ],
    },
    ("q1", "r3"): {  # §4.3 (tabellen 10, 11, 12)
        "label": "Commercieel ondersteuner",
        "description": "De commercieel ondersteuner is verantwoordelijk voor het ondersteunen van het accountmanagement en het bijdragen aan de oplossing van (commerciële) vraagstukken.",
        "tasks": [
            "De commercieel medewerker draagt bij aan het opstellen van offertes door de vragen van (junior) accountmanager s uit te zoeken en onderdelen van offertes aan te leveren.",  # 1
            "Hij verzamelt daarnaast in opdracht informatie over (potentiële) klanten, producten en diensten, de concurrentie en de ontwikkelingen in de branche en regio. Hij maakt hiervoor gebruik van (digitale) nieuws- en informatiebronnen (zoals de KvK) en informatie van de eigen organisatie. Ook draagt hij bij aan periodieke omzetrapportages. Hij legt de verzamelde informatie vast in het (digitale) systeem of rapporteert deze aan zijn leidinggevende/(junior) accountmanager.",  # 2
            "Hij signaleert opvallende feedback (reviews) die klanten geven over de service van de organisatie en geeft deze door aan zijn leidinggevende/(junior) accountmanager. Daarnaast signaleert hij knelpunten en efficiëntiebeperkingen in zijn werk en bespreekt deze met zijn leidinggevende.",  # 3
            "Hij ondersteunt bij de (voorbereiding van) beursdeelname c.q. de beursstand van de organisatie door bijvoorbeeld stand-, informatie- en promotiemateriaal te regelen.",  # 4
            "Bij periodiek werkoverleg denkt hij vanuit zijn eigen ervaringen mee over de werkzaamheden en plannen en brengt ideeën in. Hij streeft ernaar om een expert te worden op het gebied van de producten en diensten van de organisatie, neemt deel aan trainingen en leert (snel) werken met nieuwe software/systemen.",  # 5
        ],
        "competencies": [
            "Analyseren",  # 1
            "Technologie inzetten",  # 2
            "Omgaan met procedures inzetten",  # 3
            "Flexibel handelen",  # 4
            "Expertise inzetten",  # 5
            "Samenwerken",  # 6
            "Ondernemen",  # 7
        ],
        "knowledge_skills": [
            "kennis van de visie, formule/waardecreatie en organisatiestructuur van de organisatie",  # 1
            "kennis van het (on- en offline) assortiment, diensten, bijbehorende services (zoals verzekeringen) en het prijsbeleid van de organisatie",  # 2
            "kennis van de algemene verkoopvoorwaarden en rechten/plichten van klanten/organisatie",  # 3
            "kennis van de organisatie-eisen ten aanzien van offertes, contracten en facturen",  # 4
            "kennis van de distributievormen en betaalsystemen van de organisatie",  # 5
            "kennis van het kwaliteitsbeleid van de organisatie",  # 6
            "kan data-verzamelingsmethodes (voor marktonderzoek) kiezen en toepassen",  # 7
            "kan vlot werken met gangbare computersystemen en (software)pakketten (voor klantenbestand, bestellingen, betaalsystemen, sociale media etc.)",  # 8
            "kan relevante berekeningen met geld, procenten en (inhouds)maten uitvoeren",  # 9
            "kan gesprekken voeren, (eenvoudige) rapportages opstellen en klant-, product- en/of marktinformatie lezen, ook in het Engels en in een andere moderne vreemde taal",  # 10
            "kan Arbo-verantwoord werken in relatie tot (persoonlijke) veiligheid, vitaliteit, welzijn, hygiëne en milieu",  # 11
        ],
    },
    ("q1", "r4"): {  # §4.4 (tabellen 13, 14, 15)
        "label": "Webshopmedewerker",
        "description": "De webshopmedewerker is verantwoordelijk voor het plaatsen/ bijhouden van de content van de webshop/ website zodat deze actueel blijft.",
        "tasks": [
            "De commercieel medewerker beheert in opdracht de online kanalen van de organisatie met productinformatie. Hierbij gaat het bijvoorbeeld om het plaatsen van nieuwe producten/acties in de webshop, het aanvullen van het bestaande online assortiment met nieuwe informatie/ verbeterde afbeeldingen of het updaten van de FAQ. Hij maakt gebruik van voorgeschreven of aangeleverde content. Hij neemt zo nodig contact op met de marketingmedewerker van de organisatie. Hij plaatst afbeeldingen/video’s/andere content. Wanneer van toepassing organiseert hij de foto-/video-opnamen van de producten.",  # 1
            "Hij controleert de werking van de webpages, bijvoorbeeld de geplaatste links, en lost voorkomende problemen op. Hij schakelt hiervoor, wanneer nodig, de afdeling ICT in.",  # 2
            "Hij archiveert en beheert content volgens afspraak in een systeem voor bestandsbeheer. Hij bekijkt de informatie van de zoekmachineoptimalisatie en bespreekt zijn bevindingen en/of voorstellen voor het veranderen van content met zijn leidinggevende/marketingmedewerker.",  # 3
        ],
        "competencies": [
            "Omgevingsbewust handelen",  # 1
            "Schriftelijk communiceren",  # 2
            "Omgaan met procedures inzetten",  # 3
            "Technologie inzetten",  # 4
            "Expertise inzetten",  # 5
            "Organiseren van werk",  # 6
        ],
        "knowledge_skills": [
            "Kennis van de visie, formule/waardecreatie en organisatiestructuur van de organisatie",  # 1
            "Kennis van het (on- en offline) assortiment, diensten, bijbehorende services (zoals verzekeringen) en het prijsbeleid van de organisatie",  # 2
            "Kennis van de e-commerce marketing- en communicatieactiviteiten van de organisatie inclusief de huisstijl/ het gebruik van sociale media",  # 3
            "Kennis van vormen van en organisatieprocedures (gedragscode) voor klantbenadering",  # 4
            "Kennis van de (technische) mogelijkheden van het Content Management Systeem",  # 5
            "Kennis van de werking en beïnvloeding van online zoekmachines",  # 6
            "Kennis van online beveiliging",  # 7
            "Kennis van de procedures op het gebied van privacy/dataverwerking en de wettelijke regelingen wat betreft auteurs-, portret- en merkenrecht",  # 8
            "Kan vlot werken met gangbare computersystemen en (software)pakketten (voor Content Management Systeem, sociale media, fotobewerking, zoekmachines etc.)",  # 9
            "Kennis (eenvoudige) berichten opstellen en klant-, product- en/of marktinformatie lezen, ook in het Engels en in een andere moderne vreemde taal",  # 10
            "kan Arbo-verantwoord werken in relatie tot (persoonlijke) veiligheid, vitaliteit, welzijn, hygiëne en milieu",  # 11
        ],
    },
    # ---- q2 ----
    ("q2", "r1"): {  # §5.1 (tabellen 16, 17, 18)
        "label": "Relatiebeheerder",
        "description": "De relatiebeheerder is mede verantwoordelijk voor het behouden van duurzame relatie met accounts.",
        "tasks": [
            "De (junior) accountmanager verdiept zich in het account. Hij neemt het klantdossier (CRM) en bedrijfsgegevens als visie, strategie, inkoopbeleid en DMU (decision making unit) door en brengt in kaart wat het account wel/ niet heeft afgenomen en met welke marge. Hij bekijkt de mogelijkheden voor het verbeteren en uitbreiden van de relatie, bedenkt adviezen/ initiatieven en bespreekt zijn bevindingen met zijn leidinggevende/het accountteam. Hij stemt met hen af welke acties hijzelf richting het account onderneemt, met wie en met welke doelstelling.",  # 1
            "Hij voert vervolgens een advies- en/of verkoopgesprek met het account. Dit kan bestaan uit gesprekken met mogelijk verschillende DMU's. Hij inventariseert en analyseert daarbij de processen in de organisatie, legt zijn bevindingen voor, brengt adviezen uit en kijkt naar de mogelijkheden van de eigen organisatie om geschikte (maatwerk)producten/diensten te leveren. Wanneer noodzakelijk raadpleegt hij zijn leidinggevende/het accountteam en koppelt de verkregen informatie terug. Hij legt de verkregen gegevens en de gemaakte afspraken vast in het CRM systeem.",  # 2
            "Hij zorgt, in nauwe samenwerking met de binnendienst, voor de follow-up van de afspraken met het account, bijvoorbeeld het versturen van informatie (zoals specificaties, prijzen, kwaliteitseisen, toepassingsmogelijkheden en levertijden) en/of samples, het doen van een aanbod met prijsberekening en/of het opstellen en versturen van een offerte. Voor het aanbod/ de offerte controleert hij de beschikbaarheid (en doorlooptijd) van producten/ diensten. Voor de offerte voert hij calculaties uit, licht hij het aanbod toe, zorgt hij ervoor dat de vraag van de klant wordt beantwoord en neemt hij de voorgeschreven prijs-, leverings- en betalingsvoorwaarden op. Hij legt complexe (of grotere) offertes ter controle voor aan zijn leidinggevende/ accountteam/financieel manager.",  # 3
            "Hij bewaakt de geldigheidstermijn van het aanbod/ de offerte en houdt contact met het account. Indien nodig onderhandelt hij, binnen de door de organisatie vastgestelde marges, om een akkoord te krijgen. Bij een akkoord stelt hij (of de binnendienst) een orderbevestiging op en laat deze door de binnendienst verwerken in het systeem (ERP). Hij volgt de afhandeling van het ordertraject, neemt bij (dreigende) problemen/ storingen contact op met het account voor het bespreken van de oplossing. Hij administreert alle contactmomenten en vervolgacties in het digitale systeem (CRM). Bij afronding van het ordertraject evalueert hij het traject met het account en maakt afspraken voor een vervolgcontact.",  # 4
            "Ook neemt hij meldingen van klachten aan en stelt vragen om de oorzaak van de klacht te achterhalen. Hij zorgt er (samen met de binnendienst voor) dat de melding binnen een bepaalde tijdspanne wordt afgehandeld. Wanneer nodig wint hij advies in bij zijn leidinggevende/ het accountteam en/of stemt hij af met collega’s van andere afdelingen (logistiek, technische dienst etc.) om een gerichte oplossing aan te kunnen bieden. Hij houdt hierbij steeds oog voor het behoud van de goede relatie met het account en gaat na of de klacht inderdaad naar tevredenheid is afgehandeld.",  # 5
        ],
        "competencies": [
            "Kantgericht handelen",  # 1
            "Beïnvloeden",  # 2
            "Analyseren",  # 3
            "Financieel handelen",  # 4
            "Omgaan met procedures",  # 5
            "Omgevingsbewust handelen",  # 6
        ],
        "knowledge_skills": [
            "Kennis van de visie, formule/waardecreatie en organisatiestructuur van de organisatie",  # 1
            "Kennis van het (on- en offline) assortiment, diensten, bijbehorende services (zoals verzekeringen) en het prijsbeleid van de organisatie",  # 2
            "Kennis van de algemene verkoopvoorwaarden en rechten/ plichten van klanten/organisatie",  # 3
            "Kennis van de (e-commerce) marketing- en communicatie-activiteiten van de organisatie",  # 4
            "Kennis van organisatieprocedures (gedragscode) voor klantbenadering en strategie",  # 5
            "Kennis van de organisatie-eisen ten aanzien van offertes, contracten en facturen",  # 6
            "Kennis van de distributievormen en betaalsystemen van de organisatie",  # 7
            "Kennis van het klachtenbeleid van de organisatie",  # 8
            "Kennis van de procedures op het gebied van privacy/dataverwerking",  # 9
            "Kennis van de omgang met andere culturen",  # 10
            "Kennis van de organisatierichtlijnen voor het gebruik van sociale media",  # 11
            "Kan accountanalyses uitvoeren",  # 12
            "Kan gespreksstructuren en -technieken toepassen",  # 13
            "Kan verkooptechnieken en -argumenten toepassen en inspelen op koop- en weerstandssignalen",  # 14
            "Kan informatie presenteren/overdragen",  # 15
            "Kan commerciële calculaties uitvoeren",  # 16
            "Kan vlot werken met gangbare computersystemen en (software)pakketten (voor klantenbestand, bestellingen, betaalsystemen, sociale media etc.)",  # 17
            "Kan gesprekken voeren, berichten en offertes/ contracten opstellen en klant-, product- en/of marktinformatie lezen, ook in het Engels en in een andere moderne vreemde taal",  # 18
            "Kan klachten afhandelen en omgaan met (potentiële) conflictsituaties",  # 19
        ],
    },
    ("q2", "r2"): {  # §5.2 (tabellen 19, 20, "Tabel x")
        "label": "Vertegenwoordiger",
        "description": "De vertegenwoordiger is verantwoordelijk voor het vinden en realiseren van nieuwe klanten/ marges conform de gestelde verkooptargets.",
        "tasks": [
            "De (junior) accountmanager gaat op basis van het marktbewerkingsplan aan de slag met het verkrijgen en leggen van contacten met potentiële klanten. Hij breidt zijn netwerk uit en benut dit netwerk voor leads, bemant beurzen en onderzoekt reacties van potentiële klanten op sociale media uitingen van de organisatie. Ook krijgt hij leads van onder andere de binnendienst en andere collega’s.",  # 1
            "Hij oriënteert zich op de potentiële klanten. Hij verzamelt klantgegevens (bijvoorbeeld visie, strategie, inkoopbeleid, organisatieprocessen en -cultuur, DMU’s). Op basis van deze informatie bepaalt hij, al dan niet in overleg met zijn leidinggevende/ het salesteam, de wijze van klantbenadering en wie hij moet benaderen, de doelstellingen van het gesprek en/of het mogelijke aanbod/adviezen.",  # 2
            "Hij benadert de potentiële klant via passende communicatie- en klantcontactkanalen voor een contactmoment. Tijdens het contactmoment stelt hij vragen over de situatie/wensen van de klant en presenteert hij de organisatie en de producten/diensten. Hij kwalificeert de klant en inventariseert of een vervolggesprek/-actie perspectief biedt. Indien dit het geval is, overtuigt hij de potentiële klant van het belang van een vervolggesprek/-actie. Hij registreert de gegevens uit het klantcontact in het CRM.",  # 3
            "Hij voert vervolgens een advies- en/of verkoopgesprek met de potentiële klant. Hij stelt vragen, signaleert behoeften en ziet kansen, geeft adviezen en overtuigt de klant van het belang van een vervolgactie, bezoek of aankoop. Hij zorgt, in nauwe samenwerking met de binnendienst, voor de follow-up van de afspraken met de klant, bijvoorbeeld het versturen van (product)informatie en/of samples, het doen van een aanbod met prijsberekening en/of het opstellen en versturen van een offerte. Voor het aanbod/ de offerte controleert hij de beschikbaarheid (en doorlooptijd) van producten/diensten. Voor de offerte voert hij calculaties uit, licht hij het aanbod toe, zorgt hij ervoor dat de vraag van de klant wordt beantwoord en neemt hij de voorgeschreven prijs-, leverings- en betalingsvoorwaarden op. Hij legt complexe offertes voor aan zijn leidinggevende/ het salesteam/financieel manager en bespreekt de onderhandelingsruimte.",  # 4
            "Hij bewaakt de geldigheidstermijn van het aanbod/de offerte en houdt contact met de klant. Indien nodig onderhandelt hij, binnen de door de organisatie vastgestelde marges, om een akkoord te krijgen. Na instemming van de klant stelt hij (of de binnendienst) een orderbevestiging op en laat deze door de binnendienst verwerken in het systeem (ERP). Hij volgt de afhandeling van het ordertraject, neemt bij (dreigende) problemen/storingen contact op met de klant voor het bespreken van de oplossing. Hij administreert alle contactmomenten en vervolgacties in het digitale systeem (CRM). Bij afronding van het ordertraject evalueert hij het traject met de klant en maakt afspraken voor een vervolgcontact.",  # 5
            "Ook neemt hij meldingen van klachten aan en stelt vragen om de oorzaak van de klacht te achterhalen. Hij zorgt er (samen met de binnendienst voor) dat de melding binnen een bepaalde tijdspanne wordt afgehandeld. Wanneer nodig wint hij advies in bij zijn leidinggevende/het salesteam en/ of stemt hij af met collega’s van andere afdelingen (logistiek, technische dienst etc.) om een gerichte oplossing aan te kunnen bieden. Hij houdt hierbij steeds oog voor het behoud van de goede relatie met de klant. Hij gaat na of de klacht inderdaad naar tevredenheid is afgehandeld.",  # 6
        ],
        "competencies": [
            "Beïnvloeden",  # 1
            "Klantgericht handelen",  # 2
            "Netwerken",  # 3
            "Flexibel handelen",  # 4
            "Doorzetten",  # 5
            "Omgevingsbewust handelen",  # 6
            "Besluit nemen",  # 7
        ],
        "knowledge_skills": [
            "Kennis van de visie, formule/waardecreatie en organisatiestructuur van de organisatie",  # 1
            "Kennis van het (on- en offline) assortiment, diensten, bijbehorende services (zoals verzekeringen) en het prijsbeleid van de organisatie",  # 2
            "Kennis van de algemene verkoopvoorwaarden en rechten/ plichten van klanten/organisatie",  # 3
            "Kennis van de (e-commerce) marketing- en communicatie-activiteiten van de organisatie",  # 4
            "Kennis van organisatieprocedures (gedragscode) voor klantbenadering en strategie",  # 5
            "Kennis van communicatie- en klantcontactkanalen",  # 6
            "Kennis van de fasen van een verkoopgesprek en koopgedrag bevorderende factoren",  # 7
            "Kennis van de organisatie-eisen ten aanzien van offertes, contracten en facturen",  # 8
            "Kennis van de distributievormen en betaalsystemen van de organisatie",  # 9
            "Kennis van het klachtenbeleid van de organisatie",  # 10
            "Kennis van de procedures op het gebied van privacy/dataverwerking",  # 11
            "Kennis van de omgang met andere culturen",  # 12
            "Kennis van de organisatierichtlijnen voor het gebruik van sociale media",  # 13
            "Kan gespreksstructuren en -technieken toepassen",  # 14
            "Kan verkooptechnieken en -argumenten toepassen en inspelen op koop- en weerstandssignalen",  # 15
            "Kan informatie presenteren/overdragen",  # 16
            "Kan commerciële calculaties uitvoeren",  # 17
            "Kan vlot werken met gangbare computersystemen en (software)pakketten (voor klantenbestand, bestellingen, betaalsystemen, sociale media etc.)",  # 18
            "Kan gesprekken voeren, berichten en offertes/ contracten opstellen en klant-, product- en/ of marktinformatie lezen, ook in het Engels en in een andere moderne vreemde taal",  # 19
            "Kan klachten afhandelen en omgaan met (potentiële) conflictsituaties",  # 20
            "Kan Arbo-verantwoord werken in relatie tot (persoonlijke) veiligheid, vitaliteit, welzijn, hygiëne en milieu",  # 21
        ],
    },
    ("q2", "r3"): {  # §5.3 (tabellen 21, 22, 23)
        "label": "Commercieel beleidsondersteuner",
        "description": "De commercieel beleidsondersteuner is verantwoordelijk voor het bijdragen aan de oplossing van (commerciële) vraagstukken en aan het opstellen van commercieel beleid",
        "tasks": [
            "De (junior) accountmanager onderzoekt, al dan niet in samenwerking met andere afdelingen (zoals marketing), de ontwikkelingen in de markt door middel van fieldresearch, marktverkenningen en concurrentie analyses. Ook houdt hij (onder andere in gesprekken met klanten en leveranciers) oog voor relevante informatie over (potentiële) klanten, producten en diensten, de concurrentie en de ontwikkelingen in de branche en regio. Hij legt alle informatie vast in het (digitale) systeem en koppelt de informatie terug aan zijn leidinggevende/ het salesteam. Hij werkt mee aan het opstellen van (financieel onderbouwde en gestructureerde) voorstellen voor verkoop- en marketingbeleid. Hij denkt bijvoorbeeld mee over nieuwe productmarktcombinaties, marketingacties en content op sociale media (infotainment).",  # 1
            "Daarnaast ondersteunt hij het salesteam bij het opstellen, evalueren, uitvoeren en bijstellen van account-, verkoop- of actieplannen. Hiervoor doet hij onder andere onderzoek naar de resultaten van accounts en klanten, brengt de gerealiseerde omzet, kosten en marges van iedere account/klant in kaart en stelt rapportages op.",  # 2
            "Naar aanleiding van zijn ervaringen met het ordertraject (de storingen), de klachten van klanten en de (opvallende) reviews op sociale media signaleert hij knelpunten en efficiëntiebeperkingen en stelt hij verbetervoorstellen op die hij bespreekt met zijn leidinggevende.",  # 3
            "Hij streeft ernaar om een expert te worden op het gebied van de producten en diensten van de organisatie, neemt deel aan sales en management trainingen en leert (snel) werken met nieuwe software/systemen.",  # 4
        ],
        "competencies": [
            "Ondernemen",  # 1
            "Analyseren",  # 2
            "Expertise inzetten",  # 3
            "Samenwerken",  # 4
            "Schriftelijk communiceren",  # 5
            "Omgevingsbewust handelen",  # 6
        ],
        "knowledge_skills": [
            "Kennis van de visie, formule/waarde creatie en organisatiestructuur van de organisatie",  # 1
            "Kennis van het (on- en offline) assortiment, diensten, bijbehorende services (zoals verzekeringen) en het prijsbeleid van de organisatie",  # 2
            "Kennis van de (e-commerce) marketing- en communicatie-activiteiten van de organisatie",  # 3
            "Kennis van de inhoud van een accountplan",  # 4
            "Kennis van de inhoud van een marketingplan",  # 5
            "Kennis van de organisatierichtlijnen voor het gebruik van sociale media",  # 6
            "Kennis van de samenhang tussen marketing, marktbewerking en verkoop",  # 7
            "Kennis van het kwaliteitsbeleid van de organisatie",  # 8
            "Kennis van kengetallen en kostenberekening van acquisitie- en verkoopactiviteiten",  # 9
            "Kennis van marketingbegrippen en -instrumenten binnen het commerciële werkgebied",  # 10
            "Kennis van markt-, product-/dienst-, klant- en organisatieontwikkelingen binnen de relevante branche/sector",  # 11
            "Kan commerciële calculaties uitvoeren",  # 12
            "Kan data-verzamelingsmethodes (voor marktonderzoek) kiezen en toepassen",  # 13
            "Kan informatie presenteren/overdragen",  # 14
            "Kan marktomvang, -potentieel, - aandeel en servicegraad berekenen",  # 15
            "Kan rapportages opstellen en klant-, product- en/of marktinformatie lezen, ook in het Engels en in een andere moderne vreemde taal",  # 16
            "Kan vlot werken met gangbare computersystemen en (software)pakketten (voor klantenbestand, bestellingen, betaalsystemen, sociale media etc.)",  # 17
        ],
    },
}

# Evident typos. (qualification, role, section, item number, original, corrected, why)
# "original" must occur exactly once in the printed item text.
CORRECTIONS = [
    ("q1", "r1", "competencies", 1, "Beinvloeden", "Beïnvloeden",
     "Missing diaeresis; the same competency is spelled 'Beïnvloeden' elsewhere in the report (§5.1, §5.2)."),
    ("q1", "r3", "tasks", 1, "accountmanager s", "accountmanagers",
     "Stray space inside the plural 'accountmanagers'."),
    ("q1", "r4", "knowledge_skills", 10, "Kennis (eenvoudige) berichten opstellen", "Kan (eenvoudige) berichten opstellen",
     "'Kennis' where 'Kan' is meant: the item has no verb and does not parse. The same item is a skill ('Kan ... (eenvoudige) berichten opstellen ...') in the other roles. Judgement call: it changes a word, not just a letter."),
    ("q2", "r1", "competencies", 1, "Kantgericht handelen", "Klantgericht handelen",
     "Missing letter; the competency is spelled 'Klantgericht handelen' everywhere else in the report."),
    ("q2", "r3", "knowledge_skills", 1, "formule/waarde creatie", "formule/waardecreatie",
     "Compound split in two; the same item reads 'formule/waardecreatie' in the five other roles that have it."),
    ("q2", "r3", "knowledge_skills", 15, "-potentieel, - aandeel", "-potentieel, -aandeel",
     "Stray space after the hyphen that stands for the left-out part of the word; compare '-potentieel' in the same item."),
]


def gid(path):
    return str(uuid.uuid5(NAMESPACE, path))


def apply_corrections(roles):
    for q, r, sec, num, orig, corr, _why in CORRECTIONS:
        items = roles[(q, r)][sec]
        text = items[num - 1]
        if text.count(orig) != 1:
            raise SystemExit(f"correction {q}/{r}/{sec}/{num}: {orig!r} found {text.count(orig)}x in {text!r}")
        items[num - 1] = text.replace(orig, corr)


def clean(text):
    out = " ".join(text.split())
    assert out == text, f"unnormalised whitespace in {text!r}"
    assert out, "empty label"
    return out


def build():
    roles = {k: {s: (list(v[s]) if isinstance(v[s], list) else v[s]) for s in v} for k, v in ROLES.items()}
    apply_corrections(roles)

    totals = {s: 0 for s, _ in SECTIONS}
    q_nodes = []
    for q, q_label in QUALIFICATIONS:
        q_path = f"{ROOT}/{q}"
        r_nodes = []
        for (rq, r), role in roles.items():
            if rq != q:
                continue
            r_path = f"{q_path}/{r}"
            exp = EXPECTED[(q, r)]
            got = (len(role["tasks"]), len(role["competencies"]), len(role["knowledge_skills"]))
            if got != exp:
                raise SystemExit(f"{q}/{r}: counts {got} != expected {exp}")
            s_nodes = []
            for s_kind, s_label in SECTIONS:
                s_path = f"{r_path}/{s_kind}"
                if s_kind == "description":
                    i_nodes = [{"guid": gid(f"{s_path}/1"), "kind": "item",
                                "label": clean(role["description"])}]
                else:
                    i_nodes = [{"guid": gid(f"{s_path}/{n}"), "kind": "item", "number": str(n),
                                "label": clean(t)}
                               for n, t in enumerate(role[s_kind], start=1)]
                totals[s_kind] += len(i_nodes)
                s_nodes.append({"guid": gid(s_path), "kind": "section", "section_kind": s_kind,
                                "label": s_label, "children": i_nodes})
            r_nodes.append({"guid": gid(r_path), "kind": "role", "number": r[1:],
                            "label": clean(role["label"]), "children": s_nodes})
        q_nodes.append({"guid": gid(q_path), "kind": "qualification", "label": q_label,
                        "children": r_nodes})

    if totals != EXPECTED_TOTALS:
        raise SystemExit(f"totals {totals} != expected {EXPECTED_TOTALS}")

    codebook = {
        "format": "aansluiting.codebook",
        "format_version": 1,
        "guid": gid(ROOT),
        "name": CODEBOOK_NAME,
        "version": CODEBOOK_VERSION,
        "description": CODEBOOK_DESCRIPTION,
        "nodes": q_nodes,
    }

    # GUIDs unique across the codebook.
    seen = [codebook["guid"]]
    def walk(nodes):
        for n in nodes:
            seen.append(n["guid"])
            walk(n.get("children", []))
    walk(q_nodes)
    assert len(seen) == len(set(seen)), "duplicate GUID"
    return codebook, totals


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "sbb-commercie-2021.codebook.json")
    codebook, totals = build()
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        json.dump(codebook, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"wrote {out}: " + ", ".join(f"{k}={v}" for k, v in totals.items())
          + f", items={sum(totals.values())}")


if __name__ == "__main__":
    main()
