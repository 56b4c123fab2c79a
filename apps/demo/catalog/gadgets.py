"""Everyday tech (ORION) and gadgets for curious minds (WIZAGADGETS): fictional brands and model
lines, some products with colour, capacity, cable length or keyboard layout variants."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from .spec import (
    COLOUR,
    Catalog,
    CategorySpec,
    Numbering,
    OptionSpec,
    ProductSpec,
    Tr,
    card_colours,
    colour_rgb,
    goods_spec,
    join_words,
    pick_unique,
    shop_price,
    simple_option,
    stock_and_sold,
    tr,
    variants_of,
)

CAPACITY = simple_option(
    "capacity",
    tr("Capacity", "Capacité", "Speicherkapazität"),
    [
        ("64gb", tr("64 GB", "64 Go", "64 GB")),
        ("128gb", tr("128 GB", "128 Go", "128 GB")),
        ("256gb", tr("256 GB", "256 Go", "256 GB")),
        ("500gb", tr("500 GB", "500 Go", "500 GB")),
        ("1tb", tr("1 TB", "1 To", "1 TB")),
        ("2tb", tr("2 TB", "2 To", "2 TB")),
    ],
)
LENGTH = simple_option(
    "length",
    tr("Length", "Longueur", "Länge"),
    [("1m", tr("1 m", "1 m", "1 m")), ("2m", tr("2 m", "2 m", "2 m")), ("3m", tr("3 m", "3 m", "3 m"))],
)
LAYOUT = simple_option(
    "layout",
    tr("Layout", "Disposition", "Tastaturlayout"),
    [
        ("lu", tr("Luxembourgish (QWERTZ)", "Luxembourgeois (QWERTZ)", "Luxemburgisch (QWERTZ)")),
        ("fr", tr("French (AZERTY)", "Français (AZERTY)", "Französisch (AZERTY)")),
        ("be", tr("Belgian (AZERTY)", "Belge (AZERTY)", "Belgisch (AZERTY)")),
        ("de", tr("German (QWERTZ)", "Allemand (QWERTZ)", "Deutsch (QWERTZ)")),
        ("uk", tr("English UK (QWERTY)", "Anglais UK (QWERTY)", "Englisch UK (QWERTY)")),
    ],
)


@dataclass(frozen=True)
class Kind:
    key: str
    category: str
    noun: Tr  # en: as it follows the model name; fr, de: as it starts a title
    price: tuple[float, float]
    weight: tuple[int, int]
    features: tuple[Tr, ...]
    option: OptionSpec | None = None
    values: tuple[str, ...] = ()
    step: float = 0.0  # price added per option value (capacity, length)


F = tr  # features read better as F(...)
BATTERY = F(
    "a battery that lasts all day", "une batterie qui tient toute la journée", "ein Akku, der den ganzen Tag hält"
)
USB_C = F("USB-C charging", "une recharge en USB-C", "Aufladen über USB-C")
MATTER = F("support for Matter, Google Home and Alexa", "la compatibilité Matter, Google Home et Alexa",
           "Unterstützung für Matter, Google Home und Alexa")  # fmt: skip
APP = F("a two-minute setup in the app", "une installation en deux minutes dans l'application",
        "Einrichtung in zwei Minuten per App")  # fmt: skip

ELECTRONICS_KINDS = (
    Kind("headphones", "headphones", tr("wireless headphones", "Casque sans fil", "Kabelloser Kopfhörer"),
         (59, 329), (180, 320),
         (F("active noise cancelling", "une réduction de bruit active", "aktive Geräuschunterdrückung"),
          F("up to 30 hours of battery life", "jusqu'à 30 heures d'autonomie", "bis zu 30 Stunden Akkulaufzeit"),
          F("a foldable design with travel case", "un design pliable avec étui de voyage",
            "faltbares Design mit Reiseetui"),
          F("multipoint Bluetooth 5.3", "Bluetooth 5.3 multipoint", "Multipoint-Bluetooth 5.3")),
         COLOUR, ("black", "white", "navy", "sand")),
    Kind("earbuds", "headphones", tr("true wireless earbuds", "Écouteurs sans fil", "True-Wireless-Ohrhörer"),
         (29, 199), (40, 60),
         (F("IPX4 splash resistance", "une résistance aux éclaboussures IPX4", "Spritzwasserschutz nach IPX4"),
          F("a wireless charging case", "un boîtier de charge sans fil", "ein kabelloses Ladeetui"),
          F("six hours per charge", "six heures par charge", "sechs Stunden pro Ladung")),
         COLOUR, ("black", "white")),
    Kind("speaker", "speakers", tr("Bluetooth speaker", "Enceinte Bluetooth", "Bluetooth-Lautsprecher"),
         (29, 249), (300, 1200),
         (F("IP67 waterproofing", "une étanchéité IP67", "Wasserdichtigkeit nach IP67"),
          F("360° sound", "un son à 360°", "360°-Klang"),
          F("20 hours of music per charge", "20 heures de musique par charge", "20 Stunden Musik pro Ladung"),
          F("stereo pairing with a second speaker", "un appairage stéréo avec une deuxième enceinte",
            "Stereo-Kopplung mit einem zweiten Lautsprecher")),
         COLOUR, ("black", "sky", "red", "forest")),
    Kind("soundbar", "speakers", tr("soundbar", "Barre de son", "Soundbar"), (149, 499), (2500, 4200),
         (F("Dolby Atmos", "Dolby Atmos", "Dolby Atmos"),
          F("a wireless subwoofer", "un caisson de basses sans fil", "einen kabellosen Subwoofer"),
          F("HDMI eARC", "HDMI eARC", "HDMI eARC"))),
    Kind("case", "cases", tr("phone case", "Coque de téléphone", "Handyhülle"), (14.9, 39.9), (30, 60),
         (F("protection from two-metre drops", "une protection contre les chutes de deux mètres",
            "Schutz bei Stürzen aus zwei Metern"),
          F("a shell of recycled plastic", "une coque en plastique recyclé", "eine Schale aus recyceltem Kunststoff"),
          F("support for magnetic chargers", "la compatibilité avec les chargeurs magnétiques",
            "Unterstützung für magnetische Ladegeräte")),
         COLOUR, ("black", "navy", "olive", "pink", "sand")),
    Kind("screen", "cases",
         tr("tempered glass screen protector", "Verre trempé de protection", "Panzerglas-Displayschutz"),
         (9.9, 24.9), (20, 40),
         (F("9H hardness", "une dureté 9H", "Härtegrad 9H"),
          F("bubble-free installation frame", "un cadre de pose sans bulles", "blasenfreier Montagerahmen"),
          F("two protectors in the pack", "deux protections dans la boîte", "zwei Schutzgläser im Paket"))),
    Kind("charger", "charging", tr("65 W USB-C charger", "Chargeur USB-C 65 W", "USB-C-Ladegerät 65 W"),
         (24.9, 59.9), (90, 160),
         (F("GaN technology in a compact body", "la technologie GaN dans un boîtier compact",
            "GaN-Technik im kompakten Gehäuse"),
          F("two ports to charge a laptop and a phone at once",
            "deux ports pour recharger un portable et un téléphone en même temps",
            "zwei Anschlüsse, um Laptop und Handy gleichzeitig zu laden"),
          F("a foldable plug", "une fiche repliable", "ein klappbarer Stecker"))),
    Kind("cable", "charging", tr("braided USB-C cable", "Câble USB-C tressé", "Geflochtenes USB-C-Kabel"),
         (9.9, 19.9), (30, 90),
         (F("100 W power delivery", "une charge jusqu'à 100 W", "100 W Ladeleistung"),
          F("a jacket tested for 20,000 bends", "une gaine testée pour 20 000 pliages",
            "ein Mantel, getestet für 20.000 Biegungen"),
          F("data at 480 Mbit/s", "des données à 480 Mbit/s", "Daten mit 480 Mbit/s")),
         LENGTH, ("1m", "2m", "3m"), 3.0),
    Kind("powerbank", "charging", tr("power bank 20,000 mAh", "Batterie externe 20 000 mAh", "Powerbank 20.000 mAh"),
         (29.9, 79.9), (300, 420),
         (F("enough for four phone charges", "de quoi recharger un téléphone quatre fois",
            "genug für vier Handyladungen"),
          F("two USB-C ports and one USB-A", "deux ports USB-C et un USB-A", "zwei USB-C- und ein USB-A-Anschluss"),
          F("a charge display", "un indicateur de charge", "eine Ladeanzeige"))),
    Kind("keyboard", "peripherals", tr("wireless keyboard", "Clavier sans fil", "Kabellose Tastatur"), (39, 149),
         (450, 900),
         (F("quiet low-profile keys", "des touches plates et silencieuses", "leise, flache Tasten"),
          F("switching between three devices", "la connexion à trois appareils", "Wechsel zwischen drei Geräten"),
          F("backlit keys", "des touches rétroéclairées", "beleuchtete Tasten"), BATTERY),
         LAYOUT, ("lu", "fr", "be", "de", "uk")),
    Kind("mouse", "peripherals", tr("wireless mouse", "Souris sans fil", "Kabellose Maus"), (19.9, 99), (70, 140),
         (F("an ergonomic shape", "une forme ergonomique", "eine ergonomische Form"),
          F("silent clicks", "des clics silencieux", "leise Klicks"),
          F("tracking even on glass", "un suivi même sur le verre", "Abtastung sogar auf Glas"), USB_C),
         COLOUR, ("black", "white", "grey")),
    Kind("webcam", "peripherals", tr("Full HD webcam", "Webcam Full HD", "Full-HD-Webcam"), (39, 129), (90, 160),
         (F("two noise-reducing microphones", "deux micros antibruit", "zwei Mikrofone mit Rauschunterdrückung"),
          F("a privacy shutter", "un cache de confidentialité", "eine Sichtschutzblende"),
          F("automatic light correction", "une correction automatique de la lumière", "automatische Lichtkorrektur"))),
    Kind("ssd", "storage", tr("portable SSD", "SSD externe", "Externe SSD"), (69, 129), (50, 100),
         (F("up to 1,050 MB/s", "jusqu'à 1 050 Mo/s", "bis zu 1.050 MB/s"),
          F("a shock-resistant aluminium case", "un boîtier en aluminium résistant aux chocs",
            "ein stoßfestes Aluminiumgehäuse"),
          F("hardware encryption", "un chiffrement matériel", "Hardware-Verschlüsselung")),
         CAPACITY, ("500gb", "1tb", "2tb"), 50.0),
    Kind("usbstick", "storage", tr("USB flash drive", "Clé USB", "USB-Stick"), (9.9, 24.9), (8, 20),
         (F("USB-C and USB-A in one key", "l'USB-C et l'USB-A en une seule clé", "USB-C und USB-A in einem"),
          F("read speeds up to 400 MB/s", "une lecture jusqu'à 400 Mo/s", "Lesegeschwindigkeit bis 400 MB/s"),
          F("a metal key ring", "un anneau porte-clés en métal", "ein Schlüsselring aus Metall")),
         CAPACITY, ("64gb", "128gb", "256gb"), 8.0),
    Kind("router", "networking", tr("Wi-Fi 6 mesh router", "Routeur maillé Wi-Fi 6", "WLAN-6-Mesh-Router"),
         (89, 299), (400, 900),
         (F("coverage up to 250 m²", "une couverture jusqu'à 250 m²", "bis zu 250 m² Abdeckung"),
          F("parental controls", "un contrôle parental", "Kindersicherung"), APP)),
    Kind("smartplug", "smarthome", tr("smart plug", "Prise connectée", "Smarte Steckdose"), (14.9, 29.9),
         (70, 110), (F("energy monitoring", "un suivi de la consommation", "Verbrauchsmessung"), MATTER, APP)),
    Kind("bulb", "smarthome", tr("smart LED bulb E27", "Ampoule LED connectée E27", "Smarte LED-Lampe E27"),
         (12.9, 34.9), (50, 80),
         (F("16 million colours", "16 millions de couleurs", "16 Millionen Farben"),
          F("whites from warm to cool", "des blancs du chaud au froid", "Weißtöne von warm bis kalt"), MATTER)),
    Kind("thermostat", "smarthome",
         tr("smart radiator thermostat", "Tête thermostatique connectée", "Smartes Heizkörperthermostat"),
         (49, 79), (180, 250),
         (F("savings of up to 30 % on heating", "jusqu'à 30 % d'économies de chauffage",
            "bis zu 30 % weniger Heizkosten"),
          F("open-window detection", "une détection de fenêtre ouverte", "Fenster-offen-Erkennung"), MATTER)),
    Kind("watch", "wearables", tr("GPS sports watch", "Montre de sport GPS", "GPS-Sportuhr"), (99, 349),
         (40, 70),
         (F("built-in GPS", "un GPS intégré", "integriertes GPS"),
          F("heart-rate and sleep tracking", "un suivi du cœur et du sommeil", "Herzfrequenz- und Schlaftracking"),
          F("water resistance to 50 m", "une étanchéité jusqu'à 50 m", "Wasserdichtigkeit bis 50 m"),
          F("ten days of battery life", "dix jours d'autonomie", "zehn Tage Akkulaufzeit")),
         COLOUR, ("black", "grey", "pink", "forest")),
    Kind("tracker", "wearables", tr("fitness tracker", "Bracelet d'activité", "Fitness-Tracker"), (29, 99),
         (20, 35),
         (F("step, heart-rate and sleep tracking", "le suivi des pas, du cœur et du sommeil",
            "Schritt-, Puls- und Schlaftracking"),
          F("a colour touch screen", "un écran tactile couleur", "ein Farb-Touchscreen"),
          F("two weeks per charge", "deux semaines par charge", "zwei Wochen pro Ladung")),
         COLOUR, ("black", "sky", "pink")),
)  # fmt: skip

GADGET_KINDS = (
    Kind("desklamp", "desk",
         tr("desk lamp with wireless charger", "Lampe de bureau avec chargeur sans fil",
            "Schreibtischlampe mit kabellosem Ladegerät"),
         (39, 89), (600, 1100),
         (F("light dimmable from warm to daylight white", "une lumière variable du blanc chaud à la lumière du jour",
            "Licht dimmbar von Warmweiß bis Tageslichtweiß"),
          F("a 15 W charging pad in the base", "un socle de charge de 15 W", "ein 15-W-Ladepad im Fuß"),
          F("a flexible arm", "un bras flexible", "ein flexibler Arm")),
         COLOUR, ("black", "white", "sage")),
    Kind("mechkeyboard", "desk", tr("mechanical keyboard", "Clavier mécanique", "Mechanische Tastatur"), (79, 179),
         (700, 1100),
         (F("hot-swappable switches", "des switchs remplaçables à chaud", "Hot-Swap-Schalter"),
          F("per-key RGB lighting", "un rétroéclairage RGB par touche", "RGB-Beleuchtung pro Taste"),
          F("a USB-C braided cable", "un câble USB-C tressé", "ein geflochtenes USB-C-Kabel")),
         LAYOUT, ("lu", "fr", "de", "uk")),
    Kind("pixelclock", "desk", tr("pixel art clock", "Horloge pixel art", "Pixel-Art-Uhr"), (39, 79), (300, 500),
         (F("a 16 × 16 LED matrix", "une matrice de 16 × 16 LED", "eine 16 × 16-LED-Matrix"),
          F("animations you draw in the app", "des animations à dessiner dans l'application",
            "Animationen, die man in der App zeichnet"),
          F("weather and notifications", "la météo et les notifications", "Wetter und Benachrichtigungen"))),
    Kind("mugwarmer", "desk", tr("smart mug warmer", "Chauffe-tasse connecté", "Smarter Tassenwärmer"), (24.9, 49.9),
         (250, 400),
         (F("a steady 55 °C for your coffee", "un café maintenu à 55 °C", "Kaffee konstant auf 55 °C"),
          F("automatic switch-off when the mug is lifted", "un arrêt automatique quand on soulève la tasse",
            "Abschaltautomatik beim Anheben der Tasse"),
          F("a matching ceramic mug", "une tasse en céramique assortie", "eine passende Keramiktasse"))),
    Kind("solarbank", "outdoor", tr("solar power bank", "Batterie externe solaire", "Solar-Powerbank"), (34.9, 69.9),
         (300, 450),
         (F("a foldable solar panel", "un panneau solaire pliable", "ein faltbares Solarpanel"),
          F("a shock- and splash-proof case", "un boîtier résistant aux chocs et aux éclaboussures",
            "ein stoß- und spritzwassergeschütztes Gehäuse"),
          F("a built-in torch", "une lampe torche intégrée", "eine eingebaute Taschenlampe"))),
    Kind("bikelights", "outdoor", tr("bike light set", "Kit d'éclairage vélo", "Fahrradlicht-Set"), (24.9, 69.9),
         (120, 220),
         (F("approval for the road in Luxembourg and Germany",
            "une homologation routière au Luxembourg et en Allemagne", "StVZO-Zulassung"),
          F("a brake-light mode", "un mode feu stop", "ein Bremslicht-Modus"), USB_C)),
    Kind("headtorch", "outdoor",
         tr("rechargeable head torch", "Lampe frontale rechargeable", "Wiederaufladbare Stirnlampe"),
         (24.9, 59.9), (80, 130),
         (F("450 lumens", "450 lumens", "450 Lumen"),
          F("a red night-vision light", "une lumière rouge pour la vision nocturne", "ein rotes Nachtsichtlicht"),
          USB_C)),
    Kind("tag", "outdoor", tr("Bluetooth tracker tag", "Balise de localisation Bluetooth", "Bluetooth-Tracker"),
         (19.9, 34.9), (10, 20),
         (F("finding keys and bags from the app", "la localisation des clés et des sacs depuis l'application",
            "Finden von Schlüsseln und Taschen per App"),
          F("a year on one coin cell", "un an sur une pile bouton", "ein Jahr mit einer Knopfzelle"),
          F("a loud built-in speaker", "un haut-parleur puissant", "ein lauter eingebauter Lautsprecher"))),
    Kind("minidrone", "drones", tr("mini camera drone", "Mini-drone caméra", "Mini-Kameradrohne"), (79, 349),
         (230, 249),
         (F("a take-off weight under 250 g, so no registration", "un poids sous 250 g, donc sans enregistrement",
            "ein Startgewicht unter 250 g, also ohne Registrierung"),
          F("4K video on a three-axis gimbal", "une vidéo 4K sur nacelle trois axes",
            "4K-Video mit Drei-Achsen-Gimbal"),
          F("30 minutes of flight", "30 minutes de vol", "30 Minuten Flugzeit"))),
    Kind("actioncam", "drones", tr("4K action camera", "Caméra d'action 4K", "4K-Actionkamera"), (99, 299),
         (120, 160),
         (F("waterproofing to 10 m without a case", "une étanchéité jusqu'à 10 m sans caisson",
            "Wasserdichtigkeit bis 10 m ohne Gehäuse"),
          F("electronic image stabilisation", "une stabilisation électronique", "elektronische Bildstabilisierung"),
          F("two screens", "deux écrans", "zwei Displays"))),
    Kind("instantcam", "drones", tr("instant camera", "Appareil photo instantané", "Sofortbildkamera"), (69, 149),
         (400, 500),
         (F("a print in ten seconds", "un tirage en dix secondes", "ein Abzug in zehn Sekunden"),
          F("a selfie mirror", "un miroir à selfie", "ein Selfie-Spiegel"),
          F("double-exposure mode", "un mode double exposition", "ein Doppelbelichtungsmodus")),
         COLOUR, ("white", "sky", "pink", "mustard")),
    Kind("handheld", "gaming", tr("retro handheld console", "Console portable rétro", "Retro-Handheld-Konsole"),
         (59, 149), (180, 260),
         (F("a 3.5-inch IPS screen", "un écran IPS de 3,5 pouces", "ein 3,5-Zoll-IPS-Display"),
          F("eight hours of play", "huit heures de jeu", "acht Stunden Spielzeit"),
          F("HDMI out to the TV", "une sortie HDMI vers la télévision", "HDMI-Ausgang zum Fernseher")),
         COLOUR, ("grey", "black", "red", "sky")),
    Kind("controller", "gaming", tr("wireless game controller", "Manette sans fil", "Kabelloser Controller"),
         (29.9, 69.9), (200, 260),
         (F("support for PC, Switch and phones", "la compatibilité PC, Switch et téléphones",
            "Unterstützung für PC, Switch und Handys"),
          F("Hall-effect sticks", "des sticks à effet Hall", "Hall-Effekt-Sticks"), USB_C),
         COLOUR, ("black", "white", "red")),
    Kind("arcade", "gaming", tr("mini arcade cabinet", "Mini borne d'arcade", "Mini-Arcadeautomat"), (99, 249),
         (2500, 4000),
         (F("40 classic games built in", "40 jeux classiques intégrés", "40 eingebaute Klassiker"),
          F("a real joystick and buttons", "un vrai joystick et de vrais boutons", "echter Joystick und echte Tasten"),
          F("two-player mode", "un mode deux joueurs", "Zwei-Spieler-Modus"))),
    Kind("robotkit", "science", tr("build-your-own robot kit", "Kit robot à construire", "Roboter-Bausatz"),
         (49, 149), (600, 1200),
         (F("programming with blocks or Python", "une programmation en blocs ou en Python",
            "Programmierung mit Blöcken oder Python"),
          F("instructions for ages 10 and up", "des instructions dès 10 ans", "Anleitungen ab 10 Jahren"),
          F("assembly without soldering", "un montage sans soudure", "Aufbau ohne Löten"))),
    Kind("electronicskit", "science", tr("electronics starter kit", "Kit de démarrage électronique",
                                          "Elektronik-Starterset"),
         (29.9, 79.9), (400, 700),
         (F("120 parts and a breadboard", "120 composants et une platine d'essai", "120 Bauteile und ein Steckbrett"),
          F("30 illustrated projects", "30 projets illustrés", "30 bebilderte Projekte"),
          F("a storage box with compartments", "une boîte de rangement à compartiments",
            "eine Sortierbox mit Fächern"))),
    Kind("microscope", "science", tr("digital microscope", "Microscope numérique", "Digitales Mikroskop"), (39, 129),
         (300, 600),
         (F("up to 1,000× magnification", "un grossissement jusqu'à 1 000×", "bis zu 1.000-fache Vergrößerung"),
          F("photos and videos straight to the phone", "des photos et vidéos directement sur le téléphone",
            "Fotos und Videos direkt aufs Handy"),
          F("a set of prepared slides", "un jeu de lames préparées", "ein Set präparierter Objektträger"))),
    Kind("weatherstation", "science", tr("weather station", "Station météo", "Wetterstation"), (49, 179),
         (500, 900),
         (F("an outdoor sensor with a 100 m range", "un capteur extérieur d'une portée de 100 m",
            "ein Außensensor mit 100 m Reichweite"),
          F("rain and wind gauges", "un pluviomètre et un anémomètre", "Regen- und Windmesser"), APP)),
    Kind("telescope", "science", tr("70 mm telescope", "Télescope 70 mm", "Teleskop 70 mm"), (89, 229),
         (2500, 4500),
         (F("optics that show Saturn's rings and Jupiter's moons",
            "une optique qui montre les anneaux de Saturne et les lunes de Jupiter",
            "eine Optik, die Saturnringe und Jupitermonde zeigt"),
          F("an aluminium tripod", "un trépied en aluminium", "ein Aluminiumstativ"),
          F("a smartphone adapter", "un adaptateur pour smartphone", "ein Smartphone-Adapter"))),
    Kind("ledstrip", "smarthome", tr("smart LED strip 5 m", "Ruban LED connecté 5 m", "Smarter LED-Streifen 5 m"),
         (24.9, 59.9), (200, 350),
         (F("music sync", "une synchronisation avec la musique", "Musiksynchronisation"),
          F("a strip you can cut to length", "un ruban recoupable", "ein kürzbarer Streifen"), MATTER)),
    Kind("doorbell", "smarthome", tr("video doorbell", "Sonnette vidéo", "Video-Türklingel"), (79, 199),
         (250, 400),
         (F("2K video with night vision", "une vidéo 2K avec vision nocturne", "2K-Video mit Nachtsicht"),
          F("two-way talk from the phone", "la conversation avec les visiteurs depuis le téléphone",
            "Gegensprechen per Handy"),
          F("no subscription", "aucun abonnement", "kein Abo"))),
)  # fmt: skip

CLOSINGS = (
    tr("Two-year warranty, shipped from Luxembourg.", "Garantie de deux ans, expédié depuis le Luxembourg.",
       "Zwei Jahre Garantie, Versand aus Luxemburg."),
    tr("Free returns within 30 days.", "Retour gratuit sous 30 jours.", "Kostenlose Rückgabe innerhalb von 30 Tagen."),
    tr("Tested in our Luxembourg workshop before it ships.", "Testé dans notre atelier luxembourgeois avant l'envoi.",
       "Vor dem Versand in unserer Luxemburger Werkstatt getestet."),
    tr("Spare parts available for five years.", "Pièces détachées disponibles pendant cinq ans.",
       "Ersatzteile fünf Jahre lang erhältlich."),
)  # fmt: skip

MODEL_LINES = ("Pulse", "Nova", "Arc", "Echo", "Flux", "Orbit", "Pico", "Aero", "Core", "Halo", "Strato", "Luma",
               "Vega", "Terra", "Zephyr", "Atlas")  # fmt: skip
MODEL_SUFFIXES = ("100", "200", "300", "500", "Mini", "Pro", "Max", "Lite", "2", "3", "S", "X", "Air")

ELECTRONICS_BRANDS = ("Voltra", "Kestrel", "Lumio", "Nordlicht", "Brightwave", "Ferrox", "Moselle Labs", "Pixelhaus",
                      "Tandem", "Quarzo")  # fmt: skip
GADGET_BRANDS = ("WizaLab", "Curio", "Tinkerbox", "Stellar Kit", "Retroverse", "Skyward", "Polaris", "Gizmo & Co.",
                 "Voltra", "Brightwave")  # fmt: skip


def _generate(kinds: tuple[Kind, ...], brands: tuple[str, ...]):
    def generate(rng: random.Random, numbers: Numbering) -> Iterator[ProductSpec]:
        seen: set = set()
        index = 0
        while True:
            index += 1
            kind = kinds[(index - 1) % len(kinds)] if index <= len(kinds) else rng.choice(kinds)

            def make(kind=kind):
                brand = rng.choice(brands)
                model = f"{rng.choice(MODEL_LINES)} {rng.choice(MODEL_SUFFIXES)}"
                return (f"{brand} {model} {kind.noun['en']}", brand, model)

            title_en, brand, model = pick_unique(seen, make)
            features = rng.sample(kind.features, k=min(len(kind.features), rng.choice((2, 3))))
            closing = rng.choice(CLOSINGS)
            titles = {
                "en": title_en,
                "fr": f"{kind.noun['fr']} {brand} {model}",
                "de": f"{kind.noun['de']} {brand} {model}",
            }
            descriptions = {
                "en": f"The {title_en}: {join_words([f['en'] for f in features], 'en')}. {closing['en']}",
                "fr": f"{titles['fr']} : {join_words([f['fr'] for f in features], 'fr')}. {closing['fr']}",
                "de": f"{titles['de']}: {join_words([f['de'] for f in features], 'de')}. {closing['de']}",
            }
            spec = goods_spec(
                rng,
                numbers,
                kind,
                index,
                titles=titles,
                descriptions=descriptions,
                brand=brand,
                label=f"{brand} {model}",
                shape="rounded" if index % 2 else "circle",
            )
            sku, price = spec.sku, spec.price
            if kind.option is not None and rng.random() < 0.8:
                values = sorted(
                    rng.sample(kind.values, k=rng.randint(min(2, len(kind.values)), len(kind.values))),
                    key=kind.values.index,
                )
                spec.options = [kind.option.key]

                def price_for(options, kind=kind, price=price, first=kind.values.index(values[0])):
                    extra = kind.step * (kind.values.index(options[kind.option.key]) - first)
                    return shop_price(float(price) + extra, rng) if extra else None

                spec.variants = variants_of(
                    rng, numbers, sku=sku, axes=[(kind.option.key, values)], price_for=price_for, high=40
                )
                if kind.option.key == "colour":
                    spec.colours = [colour_rgb(v) for v in values][: spec.images]
            else:
                spec.stock, spec.sold = stock_and_sold(rng)
            if rng.random() < 0.6:
                spec.gtin = numbers.ean()
            if len(spec.colours) < spec.images:
                spec.colours += card_colours(rng, spec.images - len(spec.colours))
            yield spec

    return generate


def _tree(*children: CategorySpec) -> tuple[CategorySpec, ...]:
    return children


ELECTRONICS = Catalog(
    key="electronics",
    label="Everyday tech",
    categories=_tree(
        CategorySpec(
            "audio",
            tr("Audio", "Audio", "Audio"),
            (
                CategorySpec("headphones", tr("Headphones", "Casques et écouteurs", "Kopfhörer")),
                CategorySpec("speakers", tr("Speakers", "Enceintes", "Lautsprecher")),
            ),
            tr(
                "Headphones, earbuds and speakers for every day.",
                "Casques, écouteurs et enceintes pour tous les jours.",
                "Kopfhörer, Ohrhörer und Lautsprecher für jeden Tag.",
            ),  # fmt: skip
        ),
        CategorySpec(
            "phones",
            tr("Phone accessories", "Accessoires téléphone", "Handyzubehör"),
            (
                CategorySpec("cases", tr("Cases & protection", "Coques et protections", "Hüllen & Schutz")),
                CategorySpec("charging", tr("Chargers & cables", "Chargeurs et câbles", "Ladegeräte & Kabel")),
            ),
        ),
        CategorySpec(
            "computing",
            tr("Computing", "Informatique", "Computer"),
            (
                CategorySpec(
                    "peripherals",
                    tr("Keyboards, mice & webcams", "Claviers, souris et webcams", "Tastaturen, Mäuse & Webcams"),
                ),  # fmt: skip
                CategorySpec("storage", tr("Storage", "Stockage", "Speicher")),
                CategorySpec("networking", tr("Networking", "Réseau", "Netzwerk")),
            ),
        ),
        CategorySpec("smarthome", tr("Smart home", "Maison connectée", "Smart Home")),
        CategorySpec("wearables", tr("Wearables", "Montres et bracelets", "Wearables")),
    ),
    options=(COLOUR, CAPACITY, LENGTH, LAYOUT),
    generate=_generate(ELECTRONICS_KINDS, ELECTRONICS_BRANDS),
)

GADGETS = Catalog(
    key="gadgets",
    label="Gadgets for curious minds",
    categories=_tree(
        CategorySpec("desk", tr("Desk gadgets", "Gadgets de bureau", "Schreibtisch-Gadgets")),
        CategorySpec("outdoor", tr("Outdoor tech", "Tech pour l'extérieur", "Outdoor-Technik")),
        CategorySpec("drones", tr("Drones & cameras", "Drones et caméras", "Drohnen & Kameras")),
        CategorySpec("gaming", tr("Retro gaming", "Rétrogaming", "Retro-Gaming")),
        CategorySpec(
            "science",
            tr("Science kits", "Kits scientifiques", "Experimentierkästen"),
            descriptions=tr(
                "Build, code and look closer: kits for young scientists and grown-up ones.",
                "Construire, coder, observer : des kits pour les jeunes scientifiques et les grands.",
                "Bauen, programmieren, genauer hinsehen: Kästen für junge und große Forscher.",
            ),  # fmt: skip
        ),
        CategorySpec("smarthome", tr("Smart home", "Maison connectée", "Smart Home")),
    ),
    options=(COLOUR, LAYOUT),
    generate=_generate(GADGET_KINDS, GADGET_BRANDS),
)
