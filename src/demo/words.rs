//! Name and place vocabularies of the demo's European locales (real diacritics on purpose).
//!
//! In patterns, `#` stands for a random digit.

/// How an organization's name is put together in a locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgOrder {
    /// "Nowak Transport Sp. z o.o."
    NameFirst,
    /// "Transports Dupont SAS"
    WordFirst,
}

/// How a postal address is written in a locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressStyle {
    /// "Hauptstraße 5, 10115 Berlin"
    StreetNumberPostcodeCity,
    /// "12 rue de la Paix, 75002 Paris"
    NumberStreetPostcodeCity,
    /// "10 High Street, Manchester M1 1AE"
    NumberStreetCityPostcode,
}

/// The vocabulary of one country.
#[derive(Debug)]
pub struct Locale {
    /// Male first names.
    pub male: &'static [&'static str],
    /// Female first names.
    pub female: &'static [&'static str],
    /// Surnames as (male form, female form).
    pub surnames: &'static [(&'static str, &'static str)],
    /// Spanish-style double surnames.
    pub double_surname: bool,
    /// Cities with a postcode pattern.
    pub cities: &'static [(&'static str, &'static str)],
    /// Street names.
    pub streets: &'static [&'static str],
    /// Address layout.
    pub address: AddressStyle,
    /// Phone number patterns (mobile first).
    pub phones: &'static [&'static str],
    /// Free-mail domains of private addresses.
    pub mail_domains: &'static [&'static str],
    /// Top-level domain of companies.
    pub tld: &'static str,
    /// Legal suffixes, the most common first.
    pub suffixes: &'static [&'static str],
    /// Industry words for company names.
    pub org_words: &'static [&'static str],
    /// Brand-like stems for company names.
    pub brands: &'static [&'static str],
    /// Word order of company names.
    pub org_order: OrgOrder,
}

/// The locales with their share of customers in percent (sums to 100).
pub const LOCALES: &[(u32, &Locale)] = &[
    (34, &PL),
    (20, &DE),
    (10, &CZ),
    (8, &FR),
    (7, &ES),
    (7, &SE),
    (14, &UK),
];

#[rustfmt::skip]
const PL: Locale = Locale {
    male: &[
        "Łukasz", "Piotr", "Tomasz", "Paweł", "Krzysztof", "Michał", "Marcin", "Jakub",
        "Grzegorz", "Wojciech", "Andrzej", "Mateusz", "Kamil", "Bartłomiej", "Jarosław", "Maciej",
        "Rafał", "Zbigniew", "Sławomir", "Przemysław",
    ],
    female: &[
        "Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Joanna", "Magdalena", "Ewa",
        "Aleksandra", "Żaneta", "Dorota", "Beata", "Zofia", "Justyna", "Monika", "Barbara",
        "Weronika", "Jadwiga", "Grażyna",
    ],
    surnames: &[
        ("Nowak", "Nowak"), ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"),
        ("Wójcik", "Wójcik"), ("Kowalczyk", "Kowalczyk"), ("Kamiński", "Kamińska"),
        ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"),
        ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"),
        ("Jankowski", "Jankowska"), ("Mazur", "Mazur"), ("Krawczyk", "Krawczyk"),
        ("Piotrowski", "Piotrowska"), ("Grabowski", "Grabowska"), ("Pawłowski", "Pawłowska"),
        ("Michalski", "Michalska"), ("Król", "Król"), ("Wieczorek", "Wieczorek"),
        ("Jabłoński", "Jabłońska"), ("Wróbel", "Wróbel"), ("Górski", "Górska"),
        ("Nowicki", "Nowicka"), ("Sikora", "Sikora"), ("Błaszczyk", "Błaszczyk"), ("Żak", "Żak"),
        ("Stępień", "Stępień"), ("Łuczak", "Łuczak"),
    ],
    double_surname: false,
    cities: &[
        ("Warszawa", "0#-###"), ("Kraków", "3#-###"), ("Wrocław", "5#-###"), ("Poznań", "6#-###"),
        ("Gdańsk", "80-###"), ("Łódź", "9#-###"), ("Katowice", "40-###"), ("Szczecin", "70-###"),
        ("Lublin", "20-###"), ("Bydgoszcz", "85-###"), ("Białystok", "15-###"),
        ("Rzeszów", "35-###"),
    ],
    streets: &[
        "ul. Marszałkowska", "ul. Piotrkowska", "ul. Długa", "ul. Mickiewicza", "ul. Słowackiego",
        "al. Jerozolimskie", "ul. Kościuszki", "ul. Żeromskiego", "ul. Polna", "ul. Leśna",
        "ul. Przemysłowa", "ul. Składowa", "ul. Grunwaldzka", "ul. Świętokrzyska",
    ],
    address: AddressStyle::StreetNumberPostcodeCity,
    phones: &[
        "+48 6## ### ###", "+48 5## ### ###", "+48 7## ### ###", "+48 22 ### ## ##",
    ],
    mail_domains: &["gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl"],
    tld: "pl",
    suffixes: &["Sp. z o.o.", "Sp. z o.o.", "Sp. z o.o.", "S.A.", "sp.j."],
    org_words: &[
        "Logistyka", "Transport", "Budownictwo", "Handel", "Serwis", "Dystrybucja", "Spedycja",
        "Instalacje", "Technika", "Chłodnie", "Meble", "Hurtownia",
    ],
    brands: &[
        "Polmet", "Transbud", "Mazovia", "Wisła", "Bałtyk", "Tatra", "Karpaty", "Pomorze", "Śląsk",
        "Orzeł", "Żuraw", "Sokół",
    ],
    org_order: OrgOrder::NameFirst,
};

#[rustfmt::skip]
const DE: Locale = Locale {
    male: &[
        "Lukas", "Jonas", "Felix", "Maximilian", "Stefan", "Thomas", "Michael", "Andreas",
        "Jürgen", "Uwe", "Matthias", "Tobias", "Florian", "Sebastian", "Klaus", "Jörg", "Björn",
        "Dieter",
    ],
    female: &[
        "Anna", "Laura", "Julia", "Sophie", "Katrin", "Sabine", "Petra", "Claudia", "Lena",
        "Hannah", "Birgit", "Ute", "Lea", "Jülide", "Bärbel", "Renate",
    ],
    surnames: &[
        ("Müller", "Müller"), ("Schmidt", "Schmidt"), ("Schneider", "Schneider"),
        ("Fischer", "Fischer"), ("Weber", "Weber"), ("Meyer", "Meyer"), ("Wagner", "Wagner"),
        ("Becker", "Becker"), ("Schulz", "Schulz"), ("Hoffmann", "Hoffmann"),
        ("Schäfer", "Schäfer"), ("Koch", "Koch"), ("Bauer", "Bauer"), ("Richter", "Richter"),
        ("Klein", "Klein"), ("Wolf", "Wolf"), ("Schröder", "Schröder"), ("Neumann", "Neumann"),
        ("Zimmermann", "Zimmermann"), ("Braun", "Braun"), ("Krüger", "Krüger"),
        ("Hartmann", "Hartmann"), ("Weiß", "Weiß"), ("Köhler", "Köhler"), ("Groß", "Groß"),
        ("Jäger", "Jäger"), ("Günther", "Günther"), ("Böhm", "Böhm"),
    ],
    double_surname: false,
    cities: &[
        ("Berlin", "10###"), ("Hamburg", "22###"), ("München", "80###"), ("Köln", "50###"),
        ("Frankfurt am Main", "60###"), ("Stuttgart", "70###"), ("Düsseldorf", "40###"),
        ("Leipzig", "04###"), ("Dresden", "01###"), ("Nürnberg", "90###"), ("Hannover", "30###"),
        ("Bremen", "28###"),
    ],
    streets: &[
        "Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Lindenallee",
        "Industriestraße", "Gartenweg", "Mühlenweg", "Königstraße", "Friedrichstraße", "Am Hafen",
        "Schloßstraße",
    ],
    address: AddressStyle::StreetNumberPostcodeCity,
    phones: &[
        "+49 151 ########", "+49 170 #######", "+49 176 ########", "+49 30 ########",
    ],
    mail_domains: &["gmx.de", "web.de", "t-online.de", "gmail.com"],
    tld: "de",
    suffixes: &["GmbH", "GmbH", "GmbH", "AG", "GmbH & Co. KG"],
    org_words: &[
        "Logistik", "Transport", "Bau", "Handel", "Technik", "Spedition", "Kühltechnik",
        "Anlagenbau", "Fahrzeugbau", "Vertrieb", "Entsorgung", "Getränke",
    ],
    brands: &[
        "Nordwind", "Rheinland", "Alpen", "Elbe", "Hansa", "Spree", "Main", "Bavaria", "Isar",
        "Weser", "Südstern", "Brücken",
    ],
    org_order: OrgOrder::NameFirst,
};

#[rustfmt::skip]
const CZ: Locale = Locale {
    male: &[
        "Jan", "Petr", "Tomáš", "Jiří", "Josef", "Pavel", "Martin", "Jaroslav", "Lukáš", "Ondřej",
        "Michal", "Radek", "Vojtěch", "Zdeněk", "Štěpán",
    ],
    female: &[
        "Jana", "Eva", "Hana", "Lenka", "Kateřina", "Lucie", "Věra", "Alena", "Petra", "Markéta",
        "Tereza", "Zuzana", "Šárka", "Barbora",
    ],
    surnames: &[
        ("Novák", "Nováková"), ("Svoboda", "Svobodová"), ("Novotný", "Novotná"),
        ("Dvořák", "Dvořáková"), ("Černý", "Černá"), ("Procházka", "Procházková"),
        ("Kučera", "Kučerová"), ("Veselý", "Veselá"), ("Horák", "Horáková"), ("Němec", "Němcová"),
        ("Pospíšil", "Pospíšilová"), ("Hájek", "Hájková"), ("Jelínek", "Jelínková"),
        ("Král", "Králová"), ("Růžička", "Růžičková"), ("Beneš", "Benešová"),
        ("Fiala", "Fialová"), ("Sedláček", "Sedláčková"), ("Doležal", "Doležalová"),
        ("Zeman", "Zemanová"), ("Kolář", "Kolářová"),
    ],
    double_surname: false,
    cities: &[
        ("Praha", "1## 00"), ("Brno", "6## 00"), ("Ostrava", "7## 00"), ("Plzeň", "3## 00"),
        ("Liberec", "460 0#"), ("Olomouc", "779 00"), ("České Budějovice", "370 0#"),
        ("Hradec Králové", "500 0#"), ("Pardubice", "530 0#"), ("Zlín", "760 0#"),
    ],
    streets: &[
        "Vinohradská", "Národní", "Masarykova", "Palackého", "Husova", "Nádražní", "Průmyslová",
        "Komenského", "Jiráskova", "Žižkova", "Smetanova", "Dlouhá",
    ],
    address: AddressStyle::StreetNumberPostcodeCity,
    phones: &["+420 6## ### ###", "+420 7## ### ###", "+420 2## ### ###"],
    mail_domains: &["seznam.cz", "email.cz", "centrum.cz", "gmail.com"],
    tld: "cz",
    suffixes: &["s.r.o.", "s.r.o.", "s.r.o.", "a.s."],
    org_words: &[
        "Logistika", "Doprava", "Stavby", "Obchod", "Servis", "Technika", "Strojírny",
        "Distribuce", "Chlazení", "Nábytek",
    ],
    brands: &[
        "Moravia", "Vltava", "Bohemia", "Šumava", "Krkonoše", "Labe", "Praděd", "Jizera",
    ],
    org_order: OrgOrder::NameFirst,
};

#[rustfmt::skip]
const FR: Locale = Locale {
    male: &[
        "Lucas", "Hugo", "Louis", "Julien", "Nicolas", "Antoine", "François", "Jérôme",
        "Sébastien", "Mathieu", "Stéphane", "Benoît", "Théo", "Raphaël", "Gaël",
    ],
    female: &[
        "Camille", "Léa", "Chloé", "Manon", "Émilie", "Julie", "Sophie", "Céline", "Hélène", "Zoë",
        "Inès", "Margaux", "Élodie", "Agathe", "Anaïs",
    ],
    surnames: &[
        ("Martin", "Martin"), ("Bernard", "Bernard"), ("Dubois", "Dubois"), ("Thomas", "Thomas"),
        ("Robert", "Robert"), ("Petit", "Petit"), ("Durand", "Durand"), ("Leroy", "Leroy"),
        ("Moreau", "Moreau"), ("Laurent", "Laurent"), ("Lefèvre", "Lefèvre"),
        ("Fournier", "Fournier"), ("Girard", "Girard"), ("Bonnet", "Bonnet"),
        ("Dupont", "Dupont"), ("Lambert", "Lambert"), ("Fontaine", "Fontaine"),
        ("Rousseau", "Rousseau"), ("Mercier", "Mercier"), ("Chevalier", "Chevalier"),
        ("Béranger", "Béranger"), ("Lemaître", "Lemaître"), ("Ménard", "Ménard"),
        ("Hébert", "Hébert"),
    ],
    double_surname: false,
    cities: &[
        ("Paris", "750##"), ("Lyon", "6900#"), ("Marseille", "130##"), ("Toulouse", "310##"),
        ("Lille", "590##"), ("Bordeaux", "330##"), ("Nantes", "440##"), ("Strasbourg", "670##"),
        ("Nice", "060##"), ("Rennes", "350##"),
    ],
    streets: &[
        "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Voltaire",
        "rue du Général Leclerc", "rue des Lilas", "place de la Gare", "rue Pasteur",
        "chemin des Écoliers", "rue de l'Église",
    ],
    address: AddressStyle::NumberStreetPostcodeCity,
    phones: &[
        "+33 6 ## ## ## ##", "+33 7 ## ## ## ##", "+33 1 ## ## ## ##",
    ],
    mail_domains: &[
        "orange.fr", "free.fr", "laposte.net", "gmail.com", "wanadoo.fr",
    ],
    tld: "fr",
    suffixes: &["SAS", "SAS", "SARL", "S.A."],
    org_words: &[
        "Transports", "Logistique", "Distribution", "Services", "Bâtiment", "Froid",
        "Équipements", "Industrie",
    ],
    brands: &[
        "Atlantique", "Provence", "Alpes", "Bretagne", "Loire", "Normandie", "Méditerranée",
        "Garonne",
    ],
    org_order: OrgOrder::WordFirst,
};

#[rustfmt::skip]
const ES: Locale = Locale {
    male: &[
        "Alejandro", "Javier", "Pablo", "Sergio", "José", "Manuel", "Álvaro", "Jesús", "Andrés",
        "Iñigo", "Raúl", "Adrián", "Rubén", "Óscar",
    ],
    female: &[
        "María", "Lucía", "Carmen", "Laura", "Paula", "Marta", "Sofía", "Elena", "Ana", "Nuria",
        "Begoña", "Inés", "Raquel", "Pilar",
    ],
    surnames: &[
        ("García", "García"), ("Fernández", "Fernández"), ("González", "González"),
        ("Rodríguez", "Rodríguez"), ("López", "López"), ("Martínez", "Martínez"),
        ("Sánchez", "Sánchez"), ("Pérez", "Pérez"), ("Gómez", "Gómez"), ("Martín", "Martín"),
        ("Jiménez", "Jiménez"), ("Ruiz", "Ruiz"), ("Hernández", "Hernández"), ("Díaz", "Díaz"),
        ("Moreno", "Moreno"), ("Muñoz", "Muñoz"), ("Álvarez", "Álvarez"), ("Romero", "Romero"),
        ("Navarro", "Navarro"), ("Torres", "Torres"), ("Domínguez", "Domínguez"),
        ("Vázquez", "Vázquez"), ("Ibáñez", "Ibáñez"), ("Núñez", "Núñez"),
    ],
    double_surname: true,
    cities: &[
        ("Madrid", "280##"), ("Barcelona", "080##"), ("Valencia", "460##"), ("Sevilla", "410##"),
        ("Zaragoza", "500##"), ("Málaga", "290##"), ("Bilbao", "480##"), ("Valladolid", "470##"),
        ("A Coruña", "150##"), ("Murcia", "300##"),
    ],
    streets: &[
        "Calle Mayor", "Calle de Alcalá", "Avenida de la Constitución", "Calle Real",
        "Paseo de Gracia", "Calle del Carmen", "Avenida de América", "Calle San Vicente",
        "Plaza de España", "Calle Nueva",
    ],
    address: AddressStyle::StreetNumberPostcodeCity,
    phones: &["+34 6## ### ###", "+34 7## ### ###", "+34 9## ## ## ##"],
    mail_domains: &["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net"],
    tld: "es",
    suffixes: &["S.L.", "S.L.", "S.A."],
    org_words: &[
        "Transportes", "Logística", "Distribuciones", "Construcciones", "Servicios",
        "Suministros", "Frío Industrial",
    ],
    brands: &[
        "Ibérica", "Levante", "Cantábrico", "Mediterránea", "Atlántica", "Castellana",
    ],
    org_order: OrgOrder::WordFirst,
};

#[rustfmt::skip]
const SE: Locale = Locale {
    male: &[
        "Erik", "Lars", "Anders", "Johan", "Per", "Karl", "Nils", "Björn", "Mikael", "Oskar",
        "Gustav", "Måns", "Henrik", "Åke",
    ],
    female: &[
        "Anna", "Eva", "Karin", "Maria", "Sara", "Emma", "Ingrid", "Linnéa", "Åsa", "Malin",
        "Elin", "Sofia", "Märta", "Ebba",
    ],
    surnames: &[
        ("Andersson", "Andersson"), ("Johansson", "Johansson"), ("Karlsson", "Karlsson"),
        ("Nilsson", "Nilsson"), ("Eriksson", "Eriksson"), ("Larsson", "Larsson"),
        ("Olsson", "Olsson"), ("Persson", "Persson"), ("Svensson", "Svensson"),
        ("Gustafsson", "Gustafsson"), ("Lindström", "Lindström"), ("Lindqvist", "Lindqvist"),
        ("Bergström", "Bergström"), ("Söderberg", "Söderberg"), ("Åberg", "Åberg"),
        ("Löfgren", "Löfgren"), ("Ekström", "Ekström"), ("Sjöberg", "Sjöberg"),
        ("Holmgren", "Holmgren"), ("Öberg", "Öberg"), ("Strömberg", "Strömberg"),
    ],
    double_surname: false,
    cities: &[
        ("Stockholm", "11# ##"), ("Göteborg", "41# ##"), ("Malmö", "21# ##"),
        ("Uppsala", "75# ##"), ("Västerås", "72# ##"), ("Örebro", "70# ##"),
        ("Linköping", "58# ##"), ("Helsingborg", "25# ##"), ("Jönköping", "55# ##"),
        ("Umeå", "90# ##"),
    ],
    streets: &[
        "Drottninggatan", "Storgatan", "Kungsgatan", "Sveavägen", "Vasagatan", "Järnvägsgatan",
        "Industrivägen", "Hamngatan", "Skolgatan", "Södra vägen", "Östra Hamngatan", "Åsgatan",
    ],
    address: AddressStyle::StreetNumberPostcodeCity,
    phones: &["+46 70 ### ## ##", "+46 73 ### ## ##", "+46 8 ### ### ##"],
    mail_domains: &["telia.com", "gmail.com", "outlook.com", "bredband.net"],
    tld: "se",
    suffixes: &["AB"],
    org_words: &[
        "Logistik", "Transport", "Bygg", "Handel", "Service", "Teknik", "Kyl", "Maskin",
    ],
    brands: &[
        "Nordic", "Norrland", "Skandia", "Östersjö", "Vätter", "Mälar", "Fjäll", "Göta",
    ],
    org_order: OrgOrder::NameFirst,
};

#[rustfmt::skip]
const UK: Locale = Locale {
    male: &[
        "Oliver", "Jack", "Harry", "George", "James", "William", "Thomas", "Daniel", "Matthew",
        "Christopher", "Benjamin", "Samuel", "Owen", "Rhys", "Callum", "Seán",
    ],
    female: &[
        "Olivia", "Amelia", "Isla", "Emily", "Charlotte", "Sophie", "Jessica", "Hannah", "Zoë",
        "Chloe", "Lucy", "Grace", "Siobhán", "Niamh", "Eleanor", "Renée",
    ],
    surnames: &[
        ("Smith", "Smith"), ("Jones", "Jones"), ("Williams", "Williams"), ("Taylor", "Taylor"),
        ("Brown", "Brown"), ("Davies", "Davies"), ("Evans", "Evans"), ("Wilson", "Wilson"),
        ("Johnson", "Johnson"), ("Roberts", "Roberts"), ("Walker", "Walker"),
        ("Wright", "Wright"), ("Robinson", "Robinson"), ("Thompson", "Thompson"),
        ("Hughes", "Hughes"), ("Edwards", "Edwards"), ("Green", "Green"), ("Hall", "Hall"),
        ("Clarke", "Clarke"), ("Harris", "Harris"), ("O'Brien", "O'Brien"),
        ("McKenzie", "McKenzie"), ("Patel", "Patel"), ("Müller", "Müller"),
    ],
    double_surname: false,
    cities: &[
        ("London", "N1 #QP"), ("Manchester", "M1 #BT"), ("Birmingham", "B1 #HQ"),
        ("Leeds", "LS1 #DR"), ("Glasgow", "G1 #TY"), ("Bristol", "BS1 #QA"),
        ("Liverpool", "L1 #JD"), ("Sheffield", "S1 #GH"), ("Edinburgh", "EH1 #LN"),
        ("Cardiff", "CF10 #AW"), ("Nottingham", "NG1 #FS"), ("Leicester", "LE1 #SH"),
    ],
    streets: &[
        "High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue", "Mill Lane",
        "King Street", "Queen's Road", "Market Street", "Manor Road", "Albert Road", "Canal Side",
    ],
    address: AddressStyle::NumberStreetCityPostcode,
    phones: &["+44 7### ######", "+44 20 #### ####", "+44 161 ### ####"],
    mail_domains: &["gmail.com", "btinternet.com", "outlook.com", "yahoo.co.uk"],
    tld: "co.uk",
    suffixes: &["Ltd", "Ltd", "Ltd", "plc", "LLP"],
    org_words: &[
        "Logistics", "Haulage", "Freight", "Construction", "Trading", "Services", "Engineering",
        "Distribution", "Cold Chain",
    ],
    brands: &[
        "Albion", "Pennine", "Thames", "Northern", "Highland", "Severn", "Mersey", "Cotswold",
    ],
    org_order: OrgOrder::NameFirst,
};

/// Job titles of contact persons.
#[rustfmt::skip]
pub const TITLES: &[&str] = &[
    "Purchasing Manager", "Fleet Manager", "Head of Logistics", "CEO", "Managing Director",
    "Operations Manager", "Procurement Specialist", "CFO", "Office Manager", "Owner",
    "Transport Coordinator", "IT Manager", "Sales Director", "Warehouse Manager", "Buyer",
    "Dispatcher", "Service Manager",
];

/// The colleagues who own customers (the first one is the user, who owns most).
#[rustfmt::skip]
pub const OWNERS: &[&str] = &[
    "Marta Zielińska", "Jonas Becker", "Piotr Nowak", "Claire Dubois",
];

/// The demo's tags.
#[rustfmt::skip]
pub const TAGS: &[&str] = &[
    "key", "partner", "prospect", "reseller", "vip", "fleet", "retail", "newsletter", "wholesale",
    "public-sector",
];
