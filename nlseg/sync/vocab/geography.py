"""Where things are: countries and their weights, regions, name locales, cities, phone
codes, web domains, legal suffixes and languages.

Every per-country table is keyed by the names in ``COUNTRIES``.
"""

# The contract's vocabularies (DESIGN section 3) are the catalog's; the demo uses the same.
from nlseg.catalog.standard import COUNTRIES, REGIONS  # noqa: F401 - re-exported

COUNTRY_WEIGHTS: tuple[int, ...] = (30, 5, 9, 9, 6, 4, 4, 4, 3, 5, 5, 6, 4, 3, 3)

REGION_OF_COUNTRY: dict[str, str] = {
    "United States": "North America",
    "Canada": "North America",
    "United Kingdom": "EMEA",
    "Germany": "EMEA",
    "France": "EMEA",
    "Spain": "EMEA",
    "Italy": "EMEA",
    "Netherlands": "EMEA",
    "Sweden": "EMEA",
    "Australia": "APAC",
    "Japan": "APAC",
    "India": "APAC",
    "Singapore": "APAC",
    "Brazil": "LATAM",
    "Mexico": "LATAM",
}

# Faker locales whose names fit each country (romanised where the locale's script is not
# Latin). Several locales for one country are mixed.
NAME_LOCALES: dict[str, tuple[str, ...]] = {
    "United States": ("en_US",),
    "Canada": ("en_CA", "fr_FR"),
    "United Kingdom": ("en_GB",),
    "Germany": ("de_DE",),
    "France": ("fr_FR",),
    "Spain": ("es_ES",),
    "Italy": ("it_IT",),
    "Netherlands": ("nl_NL",),
    "Sweden": ("sv_SE",),
    "Australia": ("en_AU", "en_GB"),
    "Japan": ("ja_JP",),
    "India": ("en_IN",),
    "Brazil": ("pt_BR",),
    "Mexico": ("es_MX",),
    "Singapore": ("zh_CN", "en_IN", "en_GB"),
}
ROMANISED_LOCALES: tuple[str, ...] = ("ja_JP", "zh_CN")

# (city, state / province / region) of real places, the first ones the biggest.
CITIES: dict[str, tuple[tuple[str, str], ...]] = {
    "United States": (
        ("New York", "New York"),
        ("San Francisco", "California"),
        ("Los Angeles", "California"),
        ("Chicago", "Illinois"),
        ("Austin", "Texas"),
        ("Boston", "Massachusetts"),
        ("Seattle", "Washington"),
        ("Atlanta", "Georgia"),
        ("Denver", "Colorado"),
        ("Miami", "Florida"),
        ("Dallas", "Texas"),
        ("Minneapolis", "Minnesota"),
    ),
    "Canada": (
        ("Toronto", "Ontario"),
        ("Vancouver", "British Columbia"),
        ("Montreal", "Quebec"),
        ("Calgary", "Alberta"),
        ("Ottawa", "Ontario"),
        ("Waterloo", "Ontario"),
    ),
    "United Kingdom": (
        ("London", "England"),
        ("Manchester", "England"),
        ("Edinburgh", "Scotland"),
        ("Birmingham", "England"),
        ("Bristol", "England"),
        ("Leeds", "England"),
        ("Cardiff", "Wales"),
        ("Cambridge", "England"),
    ),
    "Germany": (
        ("Berlin", "Berlin"),
        ("Munich", "Bavaria"),
        ("Hamburg", "Hamburg"),
        ("Frankfurt", "Hesse"),
        ("Cologne", "North Rhine-Westphalia"),
        ("Stuttgart", "Baden-Württemberg"),
        ("Düsseldorf", "North Rhine-Westphalia"),
        ("Leipzig", "Saxony"),
    ),
    "France": (
        ("Paris", "Île-de-France"),
        ("Lyon", "Auvergne-Rhône-Alpes"),
        ("Toulouse", "Occitanie"),
        ("Marseille", "Provence-Alpes-Côte d'Azur"),
        ("Nantes", "Pays de la Loire"),
        ("Lille", "Hauts-de-France"),
        ("Bordeaux", "Nouvelle-Aquitaine"),
    ),
    "Spain": (
        ("Madrid", "Community of Madrid"),
        ("Barcelona", "Catalonia"),
        ("Valencia", "Valencian Community"),
        ("Seville", "Andalusia"),
        ("Bilbao", "Basque Country"),
        ("Málaga", "Andalusia"),
    ),
    "Italy": (
        ("Milan", "Lombardy"),
        ("Rome", "Lazio"),
        ("Turin", "Piedmont"),
        ("Bologna", "Emilia-Romagna"),
        ("Florence", "Tuscany"),
        ("Naples", "Campania"),
    ),
    "Netherlands": (
        ("Amsterdam", "North Holland"),
        ("Rotterdam", "South Holland"),
        ("Utrecht", "Utrecht"),
        ("Eindhoven", "North Brabant"),
        ("The Hague", "South Holland"),
    ),
    "Sweden": (
        ("Stockholm", "Stockholm County"),
        ("Gothenburg", "Västra Götaland"),
        ("Malmö", "Skåne"),
        ("Uppsala", "Uppsala County"),
    ),
    "Australia": (
        ("Sydney", "New South Wales"),
        ("Melbourne", "Victoria"),
        ("Brisbane", "Queensland"),
        ("Perth", "Western Australia"),
        ("Adelaide", "South Australia"),
    ),
    "Japan": (
        ("Tokyo", "Tokyo"),
        ("Osaka", "Osaka"),
        ("Yokohama", "Kanagawa"),
        ("Nagoya", "Aichi"),
        ("Fukuoka", "Fukuoka"),
        ("Kyoto", "Kyoto"),
    ),
    "India": (
        ("Bengaluru", "Karnataka"),
        ("Mumbai", "Maharashtra"),
        ("New Delhi", "Delhi"),
        ("Hyderabad", "Telangana"),
        ("Pune", "Maharashtra"),
        ("Chennai", "Tamil Nadu"),
    ),
    "Brazil": (
        ("São Paulo", "São Paulo"),
        ("Rio de Janeiro", "Rio de Janeiro"),
        ("Belo Horizonte", "Minas Gerais"),
        ("Curitiba", "Paraná"),
        ("Porto Alegre", "Rio Grande do Sul"),
    ),
    "Mexico": (
        ("Mexico City", "Mexico City"),
        ("Guadalajara", "Jalisco"),
        ("Monterrey", "Nuevo León"),
        ("Puebla", "Puebla"),
        ("Querétaro", "Querétaro"),
    ),
    "Singapore": (("Singapore", "Central Region"),),
}

CALLING_CODES: dict[str, str] = {
    "United States": "1",
    "Canada": "1",
    "United Kingdom": "44",
    "Germany": "49",
    "France": "33",
    "Spain": "34",
    "Italy": "39",
    "Netherlands": "31",
    "Sweden": "46",
    "Australia": "61",
    "Japan": "81",
    "India": "91",
    "Brazil": "55",
    "Mexico": "52",
    "Singapore": "65",
}

DOMAIN_TLD: dict[str, str] = {
    "United States": "com",
    "Canada": "ca",
    "United Kingdom": "co.uk",
    "Germany": "de",
    "France": "fr",
    "Spain": "es",
    "Italy": "it",
    "Netherlands": "nl",
    "Sweden": "se",
    "Australia": "com.au",
    "Japan": "co.jp",
    "India": "in",
    "Brazil": "com.br",
    "Mexico": "com.mx",
    "Singapore": "com.sg",
}

LEGAL_SUFFIX: dict[str, tuple[str, ...]] = {
    "United States": ("Inc.", "LLC", "Corp.", ""),
    "Canada": ("Inc.", "Ltd.", ""),
    "United Kingdom": ("Ltd", "plc", ""),
    "Germany": ("GmbH", "AG", "SE"),
    "France": ("SAS", "SA", ""),
    "Spain": ("S.L.", "S.A."),
    "Italy": ("S.p.A.", "S.r.l."),
    "Netherlands": ("B.V.", "N.V."),
    "Sweden": ("AB",),
    "Australia": ("Pty Ltd", "Ltd"),
    "Japan": ("K.K.", "Co., Ltd."),
    "India": ("Pvt Ltd", "Ltd"),
    "Brazil": ("Ltda.", "S.A."),
    "Mexico": ("S.A. de C.V.", ""),
    "Singapore": ("Pte Ltd",),
}

FREE_MAIL_DOMAINS: tuple[str, ...] = (
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "hotmail.com",
    "icloud.com",
    "proton.me",
)

PREFERRED_LANGUAGE: dict[str, str] = {
    "Germany": "German",
    "France": "French",
    "Spain": "Spanish",
    "Mexico": "Spanish",
    "Japan": "Japanese",
    "Brazil": "Portuguese",
    "Italy": "Italian",
}
LANGUAGES: tuple[str, ...] = (
    "English",
    "German",
    "French",
    "Spanish",
    "Japanese",
    "Portuguese",
    "Italian",
)
