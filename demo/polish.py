"""Polish demo assets: some are translations of an English demo asset, some exist only in
Polish. Every customer, person and figure here is invented for the demo.

``TRANSLATION_OF`` names the English original of each translation by its demo key
(``case-<key>``, ``deck-<key>``, ``objection-<key>``, as ``seed_demo`` builds the
``external_id``); seeding links them (``AssetPage.translation_of``). The decks are PPTX:
the demo PDFs use ReportLab's built-in fonts, which have no Polish letters.
"""

from __future__ import annotations

from demo.case_studies import CaseStudy
from demo.objections import Objection
from demo.presentations import Presentation, Slide

POLISH_CASE_STUDIES: tuple[CaseStudy, ...] = (
    CaseStudy(
        key="pl-ironclad",
        title="Ironclad Fabrication ogranicza braki o 28% dzięki cyfrowym kontrolom jakości",
        customer="Ironclad Fabrication",
        industry="Obróbka metali",
        segments=("Manufacturing", "Mid-Market"),
        stages=("Demo", "Proposal"),
        products=("Tessera Flow", "Tessera Insights"),
        personas=("Kierownik zakładu", "Kierownik jakości"),
        summary=(
            "Producent z trzema zakładami zastąpił papierowe karty kontrolne listami na "
            "tabletach i pulpitami jakości na żywo. Braki spadły o 28% w dwa kwartały."
        ),
        challenge=(
            "Wyniki kontroli trafiały do inżynierów jakości na papierze, z tygodniowym "
            "opóźnieniem, gdy rozregulowana maszyna zdążyła już wyprodukować całą partię braków."
        ),
        solution=(
            "Operatorzy zapisują kontrole na tabletach przy maszynie; pomiar poza tolerancją "
            "zatrzymuje linię i automatycznie otwiera działanie korygujące."
        ),
        results=(
            ("Wskaźnik braków", "-28%"),
            ("Czas wykrycia rozregulowanego procesu", "1 tydzień → 20 minut"),
            ("Okres zwrotu", "7 miesięcy"),
        ),
        quote="Teraz łapiemy problem na pierwszej złej części, a nie na pięćsetnej.",
        quote_author="Rick Alvarado, dyrektor ds. jakości",
    ),
    CaseStudy(
        key="pl-hurtownia-mazowsze",
        title="Hurtownia Mazowsze kompletuje zamówienia dwa razy szybciej",
        customer="Hurtownia Mazowsze",
        industry="Hurtownia spożywcza",
        segments=("Logistics", "SMB"),
        stages=("Discovery", "Demo"),
        products=("Tessera Flow",),
        personas=("Kierownik magazynu", "Dyrektor operacyjny"),
        summary=(
            "Regionalna hurtownia spożywcza przeniosła kompletację zamówień z papierowych "
            "list na skanery i automatyczne kolejki zadań. Magazynierzy kompletują zamówienie "
            "w 11 minut zamiast 23."
        ),
        challenge=(
            "Zamówienia od sklepów przychodziły mailem i telefonicznie, a kierownik zmiany "
            "drukował listy kompletacyjne ręcznie. Pomyłki w kompletacji wracały jako "
            "reklamacje i korekty faktur."
        ),
        solution=(
            "Tessera Flow zbiera zamówienia ze wszystkich kanałów, układa trasę po magazynie "
            "i przydziela zadania na skanery; braki towaru od razu trafiają do działu zakupów."
        ),
        results=(
            ("Czas kompletacji zamówienia", "23 → 11 minut"),
            ("Pomyłki w kompletacji", "-64%"),
            ("Korekty faktur miesięcznie", "140 → 35"),
        ),
        quote="Magazyn przestał żyć z kartek, a sklepy dostają to, co zamówiły.",
        quote_author="Agnieszka Wróbel, dyrektor operacyjna",
    ),
    CaseStudy(
        key="pl-salony-optima",
        title="Sieć salonów Optima wdraża nowych pracowników w tydzień",
        customer="Salony Optima",
        industry="Sieć salonów optycznych",
        segments=("Retail", "Mid-Market"),
        stages=("Proposal", "Closing"),
        products=("Tessera Flow", "Tessera Insights"),
        personas=("Dyrektor HR", "Kierownik regionu"),
        summary=(
            "Sieć 80 salonów optycznych skróciła wdrożenie nowego pracownika z miesiąca do "
            "tygodnia: dostępy, szkolenia i dokumenty kadrowe przechodzą jeden proces."
        ),
        challenge=(
            "Każdy salon przyjmował pracowników po swojemu. Konta w systemach, umowy i "
            "szkolenia BHP załatwiano mailami, a nowi sprzedawcy czekali tygodniami na dostęp "
            "do kasy."
        ),
        solution=(
            "Jeden proces przyjęcia w Tessera Flow zakłada konta, zamawia szkolenia i zbiera "
            "podpisy; kierownik regionu widzi na pulpicie, kto na jakim etapie czeka."
        ),
        results=(
            ("Czas wdrożenia nowego pracownika", "30 → 7 dni"),
            ("Salony z kompletem dokumentów kadrowych", "100%"),
            ("Rezygnacje w okresie próbnym", "-18%"),
        ),
        quote="Nowa osoba sprzedaje od pierwszego tygodnia, a nie od drugiego miesiąca.",
        quote_author="Marta Kowalczyk, dyrektor HR",
    ),
)

POLISH_PRESENTATIONS: tuple[Presentation, ...] = (
    Presentation(
        key="pl-wdrozenie-30-dni",
        title="Wdrożenie w 30 dni",
        file_kind="pptx",
        segments=("Enterprise", "Mid-Market"),
        stages=("Negotiation", "Closing"),
        products=("Tessera Flow",),
        personas=("Account Executive", "Dyrektor IT"),
        summary=(
            "Wspólny plan działań od decyzji do uruchomienia: przegląd bezpieczeństwa, umowa, "
            "spotkanie otwierające i pierwszy proces produkcyjnie w 30 dni."
        ),
        body=(
            "Układaj plan razem ze swoim sponsorem, a nie za niego. Każdy krok potrzebuje "
            "właściciela po stronie klienta i daty."
        ),
        slides=(
            Slide(
                "Od decyzji do podpisu",
                (
                    "Przegląd bezpieczeństwa zakończony",
                    "Uwagi prawników uzgodnione",
                    "Zamówienie podpisane",
                ),
            ),
            Slide(
                "Od podpisu do uruchomienia",
                (
                    "Spotkanie otwierające w ciągu 5 dni",
                    "Pierwszy proces działa po 30 dniach",
                    "Harmonogram z właścicielami po obu stronach",
                ),
            ),
        ),
    ),
    Presentation(
        key="pl-przeglad-platformy",
        title="Przegląd platformy Tessera",
        file_kind="pptx",
        segments=("Enterprise", "Mid-Market"),
        stages=("Prospecting", "Discovery"),
        products=("Tessera Flow", "Tessera Insights", "Tessera Connect"),
        personas=("CIO", "Dyrektor operacyjny"),
        summary=(
            "Prezentacja na pierwsze spotkanie: jaki problem rozwiązujemy, jak działa "
            "platforma i trzy wyniki klientów. Dwanaście minut, zostaje czas na pytania."
        ),
        body=(
            "Używaj jej na pierwszym spotkaniu z szefem operacji lub IT. Dla odbiorców "
            "biznesowych pomiń slajd z architekturą i poświęć czas na wyniki."
        ),
        slides=(
            Slide(
                "Operacje wciąż działają na mailach i arkuszach",
                (
                    "Praca przychodzi mailem, formularzem i telefonem",
                    "Status jest w głowach ludzi",
                    "Kierownictwo widzi problemy z tygodniowym opóźnieniem",
                ),
            ),
            Slide(
                "Tessera zamienia prośby w śledzone, zautomatyzowane procesy",
                (
                    "Flow: obieg, akceptacje i automatyzacja każdego procesu",
                    "Connect: ponad 300 konektorów do systemów ERP, CRM i EHR",
                    "Insights: pulpity na żywo dla każdego kroku",
                ),
            ),
        ),
    ),
)

POLISH_OBJECTIONS: tuple[Objection, ...] = (
    Objection(
        key="pl-per-user-pricing",
        title="„Opłaty za użytkownika karzą nas za wzrost”",
        segments=("Mid-Market",),
        stages=("Proposal", "Negotiation"),
        personas=("CFO", "Kierownik zakupów"),
        objection="W dwa lata podwoimy zatrudnienie. Cena za użytkownika szybko nas zrujnuje.",
        short_answer=(
            "Zgłaszający korzystają bezpłatnie: licencję mają tylko osoby, które projektują "
            "lub akceptują procesy, a edycja Growth ma progi wolumenowe obniżające cenę."
        ),
        summary="Wyjaśnij, kto potrzebuje licencji, i pokaż progi wolumenowe.",
        talk_track=(
            "Zamodelujcie razem ich wzrost w arkuszu cenowym; większość kupujących przecenia "
            "liczbę licencjonowanych użytkowników, bo zgłaszający są bezpłatni.",
        ),
    ),
    Objection(
        key="pl-vendor-size",
        title="„Jesteście mniejsi niż duzi dostawcy”",
        segments=("Enterprise",),
        stages=("Proposal", "Negotiation"),
        personas=("Kierownik zakupów", "CIO"),
        objection="Skąd mamy wiedzieć, że za pięć lat wciąż będziecie na rynku?",
        short_answer=(
            "Jesteśmy rentowni, klienci przedłużają umowy w 96%, a umowa obejmuje depozyt kodu "
            "źródłowego i eksport danych w dowolnym momencie."
        ),
        summary="Odpowiedz kondycją finansową, retencją klientów i zabezpieczeniami w umowie.",
        talk_track=(
            "Zaproponuj rozmowę referencyjną z klientem korporacyjnym, który jest z nami co "
            "najmniej trzy lata, i wskaż klauzule o depozycie kodu i eksporcie danych.",
        ),
    ),
    Objection(
        key="pl-peak-season",
        title="„W szczycie sezonu niczego nie zmieniamy”",
        segments=("Retail", "Logistics"),
        stages=("Discovery", "Proposal"),
        personas=("Dyrektor operacyjny", "Kierownik magazynu"),
        objection="Do końca sezonu świątecznego nie ruszamy żadnych systemów w sklepach.",
        short_answer=(
            "Słusznie. Zaplanujmy teraz, a uruchommy po sezonie: pilotaż w jednym dziale "
            "zaplecza nie dotyka kas ani sprzedaży."
        ),
        summary="Uszanuj zamrożenie zmian w sezonie i zaplanuj pilotaż na styczeń.",
        talk_track=(
            "Zapytaj, które procesy najbardziej bolały w poprzednim sezonie, i zaproponuj "
            "start po inwentaryzacji, z planem gotowym przed świętami.",
        ),
    ),
)

TRANSLATION_OF: dict[str, str] = {
    "case-pl-ironclad": "case-ironclad",
    "deck-pl-wdrozenie-30-dni": "deck-mutual-action-plan",
    "deck-pl-przeglad-platformy": "deck-platform-overview",
    "objection-pl-per-user-pricing": "objection-per-user-pricing",
    "objection-pl-vendor-size": "objection-vendor-size",
}
"""The English original (demo key) of each Polish translation."""
