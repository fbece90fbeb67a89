"""What a provision does, from its operative wording: one test per kind, in the corpus languages,
and no verdict where the wording does not say so."""
import pytest

from policyqa.answer.kinds import provision_kind


@pytest.mark.parametrize("text", [
    "1. The following AI practices shall be prohibited:",
    "Les pratiques suivantes sont interdites :",
    "De volgende praktijken zijn verboden:",
    "Die Verarbeitung dieser Daten ist untersagt.",
    "Folgende Praktiken sind verboten:",
    "1. Zabrania się przetwarzania takich danych.",
])
def test_prohibition(text):
    assert provision_kind(text) == "prohibited"


@pytest.mark.parametrize("text", [
    "Providers shall ensure that users are told they are talking to a machine.",
    "Les fournisseurs veillent à ce que les personnes soient informées.",
    "Aanbieders zorgen ervoor dat personen worden geïnformeerd.",
    "Der Anbieter stellt sicher, dass die Person informiert wird.",
    "Administrator ma obowiązek usunąć dane bez zbędnej zwłoki.",
])
def test_obligation(text):
    assert provision_kind(text) == "obligation"


@pytest.mark.parametrize("text", [
    "The person concerned shall have the right to obtain a copy.",
    "La personne concernée a le droit d'obtenir une copie.",
    "De betrokkene heeft het recht een kopie te krijgen.",
    "Die betroffene Person hat das Recht, eine Kopie zu erhalten.",
    "Osoba, której dane dotyczą, ma prawo uzyskać kopię.",
])
def test_right(text):
    assert provision_kind(text) == "right"


@pytest.mark.parametrize("text", [
    "This Regulation shall not apply to systems used only for research.",
    "Le présent règlement ne s’applique pas aux systèmes de recherche.",
    "Deze verordening is niet van toepassing op onderzoekssystemen.",
    "Diese Verordnung gilt nicht für Forschungssysteme.",
    "Niniejsze rozporządzenie nie ma zastosowania do systemów badawczych.",
])
def test_exception(text):
    assert provision_kind(text) == "exception"


@pytest.mark.parametrize("text", [
    "Deployers shall keep the logs for at least six months.",                # an obligation, but not plainly worded
    "‘AI system’ means a machine-based system that infers from its input.",   # a definition
    "This Regulation applies to providers established in the Union.",
    "Systems that are prohibited by national law remain so.",                 # points to a rule elsewhere
    "Such use is not prohibited where the person consents.",                 # negated
    "Member States may have the right to derogate.",                          # softened
    "",
])
def test_no_verdict_without_such_wording(text):
    assert provision_kind(text) is None


def test_only_articles_get_a_verdict():
    assert provision_kind("Such practices should be prohibited; they shall be prohibited.", "recital") is None
    assert provision_kind("The following practices shall be prohibited:", "annex") is None


def test_the_first_clause_decides():
    text = "The data subject shall have the right to erasure and the controller shall ensure it is done."
    assert provision_kind(text) == "right"
