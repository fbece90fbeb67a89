"""Requests for legal advice or a prediction about one's own case, in several languages; phrasings
written for this test (none comes from the evaluation questions)."""
import pytest

from policyqa.answer.advice import asks_for_advice


@pytest.mark.parametrize("question", [
    "My boss films us all day with an emotion-reading camera. Should I sue him?",
    "Should we take the company to court over the data leak?",
    "If I go to court about the chatbot, will I win?",
    "What are my chances against the platform that removed my posts?",
    "Do I need a lawyer to get my data deleted?",
    "Soll ich meinen Arbeitgeber wegen der Kamera verklagen?",
    "Werde ich den Prozess gegen die Bank gewinnen?",
    "Dois-je poursuivre mon employeur en justice pour cette surveillance ?",
    "Est-ce que je vais gagner si je conteste la décision ?",
    "Moet ik mijn werkgever aanklagen voor die camera?",
    "Maak ik kans als ik naar de rechter stap?",
    "¿Debería demandar a la empresa por usar mis datos?",
    "Dovrei fare causa al mio datore di lavoro?",
    "Devo processar a empresa que vendeu os meus dados?",
    "Czy powinienem pozwać pracodawcę za monitoring?",
    "Czy wygram sprawę z bankiem?",
    "Ska jag stämma min arbetsgivare?",
    "Pitäisikö minun haastaa työnantaja oikeuteen?",
    "Mám žalovat zaměstnavatele kvůli kameře?",
    "Trebam li tužiti poslodavca?",
    "Трябва ли да съдя работодателя си?",
    "Πρέπει να μηνύσω τον εργοδότη μου;",
    "Bepereljem a munkáltatómat a kamera miatt?",
])
def test_advice_requests(question):
    assert asks_for_advice(question)


@pytest.mark.parametrize("question", [
    "Can I file a complaint with the data protection authority?",
    "Do I have the right to compensation if my data is leaked?",
    "Is emotion recognition at work allowed?",
    "Welche Bußgelder drohen bei Verstößen gegen die DSGVO?",
    "Puis-je demander l'effacement de mes données ?",
    "Mag mijn werkgever AI gebruiken om mijn emoties te lezen?",
    "¿Cuándo se aplica el Reglamento de IA?",
    "Czy mogę złożyć skargę do organu nadzorczego?",
    "Which court is competent for proceedings against a controller?",
])
def test_questions_the_texts_answer_are_not_advice(question):
    assert not asks_for_advice(question)
