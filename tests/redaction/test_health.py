"""Health status is disclosed by treatment and tests as surely as by the word "HIV"; the whole
disclosing phrase is hidden, and PrEP alone is not a status."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor

_R = Redactor()


def _health(text: str) -> list[str]:
    return [text[f.start : f.end] for f in _R.redact(text).findings if f.type is PiiType.HEALTH]


def test_being_on_art_hides_the_whole_phrase_including_what_it_treats():
    assert _health("he has been on ART for HIV since 2015") == ["been on ART for HIV"]


def test_stopping_antiretrovirals_is_a_disclosure_with_its_verb():
    assert _health("outreach heard she stopped her ARVs last month") == ["stopped her ARVs"]


@pytest.mark.parametrize("drug", ["Biktarvy", "Genvoya", "Dovato", "Triumeq", "Cabenuva", "dolutegravir"])
def test_an_antiretroviral_drug_name_discloses_the_status(drug):
    assert _health(f"picked up {drug} at the pharmacy") == [f"picked up {drug}"]


def test_an_adverb_before_the_treatment_verb_is_part_of_the_phrase():
    assert _health("he just restarted Odefsey after the hospital stay") == ["just restarted Odefsey"]


def test_antiretroviral_therapy_is_hidden_whole():
    assert _health("she started antiretroviral therapy in May") == ["started antiretroviral therapy"]


def test_a_viral_load_result_is_a_disclosure():
    assert _health("his viral load was 40 copies") == ["his viral load was 40 copies"]


def test_undetectable_on_its_own_is_a_disclosure():
    assert _health("labs came back undetectable, great news") == ["came back undetectable"]


def test_a_cd4_count_is_a_disclosure():
    assert _health("CD4 count of 350 last visit") == ["CD4 count of 350"]


def test_a_positive_status_is_a_disclosure():
    assert _health("please keep her positive status out of the notes") == ["her positive status"]


def test_a_status_said_to_be_positive_is_hidden_with_the_status():
    assert _health("his HIV status is positive per the clinic") == ["his HIV status is positive"]


def test_an_aids_diagnosis_is_a_disclosure():
    assert _health("she got an AIDS diagnosis in 2009") == ["an AIDS diagnosis"]


def test_newly_diagnosed_without_with_is_still_a_disclosure():
    assert _health("newly diagnosed HIV+ and scared") == ["newly diagnosed HIV+"]


@pytest.mark.parametrize(
    "text", ["she is on PrEP now", "started PEP after the exposure", "PrEP clinic is open"]
)
def test_prep_or_pep_alone_is_not_a_status_disclosure(text):
    assert _health(text) == []


@pytest.mark.parametrize("text", ["art class is on Friday", "the ART of case notes", "She is an ARTist"])
def test_art_as_an_ordinary_word_is_not_treatment(text):
    assert _health(text) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("VL undetectable per clinic", "VL undetectable"),
        ("has undetectable VL now", "undetectable VL"),
        ("VL: ND at last visit", "VL: ND"),
        ("viral load under 20 copies", "viral load under 20 copies"),
        ("his T cells are low", "his T cells"),
    ],
)
def test_lab_results_written_short_are_disclosures(text, phrase):
    assert _health(text) == [phrase]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [("HIV: Y", "HIV: Y"), ("HIV (pos)", "HIV (pos)"), ("hiv status - positive", "hiv status - positive")],
)
def test_a_list_column_with_the_status_is_hidden_with_its_value(text, phrase):
    assert _health(text) == [phrase]


def test_meds_for_hiv_is_one_phrase():
    assert _health("she is on meds for hiv now") == ["is on meds for hiv"]


def test_hiv_spelled_as_letters_is_hiv():
    assert _health("tested H I V positive") == ["H I V positive"]


@pytest.mark.parametrize(
    "text", ["the HIV/AIDS housing committee meets Monday", "HIV testing event on Friday"]
)
def test_a_service_named_for_hiv_is_not_a_persons_status(text):
    assert _health(text) == []


@pytest.mark.parametrize(
    ("text", "phrase"), [("hes poz", "hes poz"), ("they're both positive.", "they're both positive")]
)
def test_texting_forms_of_being_positive_are_disclosures(text, phrase):
    assert _health(text) == [phrase]


def test_a_status_said_to_be_positive_hides_the_status_too():
    assert _health("his status is positive") == ["his status is positive"]


def test_positive_for_something_other_than_hiv_is_not_a_disclosure():
    assert _health("the test was positive for flu") == []


def test_poz_is_a_disclosure_whatever_follows_it():
    assert _health("hes poz keep it quiet") == ["hes poz"]


def test_got_aids_is_a_disclosure_but_hearing_aids_are_not():
    assert _health("she's got aids now") == ["got aids"]
    assert _health("she got hearing aids") == []


@pytest.mark.parametrize(
    "text", ["wraps each hive in straw", "keep the hives alive", "Re: hive inspection", "2 tbsp honey"]
)
def test_a_condition_is_a_whole_word_so_hive_and_tbsp_are_not_findings(text):
    assert _health(text) == []


def test_a_condition_word_still_matches_before_a_plus_or_digit():
    assert _health("client is hiv+ since 2010") == ["hiv+"]


def test_a_regimen_written_as_joined_drugs_is_hidden_whole():
    assert _health("he has been on tenofovir/emtricitabine/efavirenz since 2012") == [
        "tenofovir/emtricitabine/efavirenz"
    ]


def test_a_drug_based_regimen_is_hidden_with_its_name():
    assert _health("switched to dolutegravir-based ART in 2019") == ["dolutegravir-based ART"]


def test_a_viral_load_by_its_lab_name_is_a_disclosure():
    assert _health("Labs drawn: HIV-1 RNA <20 copies/mL today") == ["HIV-1 RNA <20 copies/mL"]


def test_prep_drugs_joined_are_still_not_a_status():
    assert _health("started PrEP (tenofovir/emtricitabine) this week") == []


def test_a_status_word_after_a_condition_is_a_whole_word_too():
    assert _health("HIV+ POSSAL") == ["HIV+"]


# --- issue #16, fourth round: treatment and tests written the way people text them ----------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("hes on art now", "hes on art"),
        ("shes been on art since 2019", "been on art"),
        ("ART since 2019, no missed doses", "ART"),
        ("ART compliant per the ID clinic", "ART"),
        ("restarted art after jail", "restarted art"),
        ("art adherence is poor this month", "art adherence"),
        ("he stays on retrovirals", "on retrovirals"),
    ],
)
def test_antiretroviral_therapy_written_as_art_is_a_disclosure(text, phrase):
    assert _health(text) == [phrase]


@pytest.mark.parametrize(
    "text",
    [
        "she started art class",
        "working on art projects with the kids",
        "ART THERAPY GROUP ON MONDAY",
        "art and music night at Hope House",
        "State of the ART facility",
        "the van keys are in the art room",
    ],
)
def test_art_the_pastime_stays_readable(text):
    assert _health(text) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("vl <20 copies last draw", "vl <20 copies"),
        ("vl undetectable!!", "vl undetectable"),
        ("vl: nd", "vl: nd"),
        ("cd4 at 410", "cd4 at 410"),
        ("her cd4s are up", "her cd4s"),
        ("C D four count three fifty", "C D four count three fifty"),
        ("viral load is less than twenty copies", "viral load is less than twenty copies"),
    ],
)
def test_lab_values_texted_in_lower_case_or_said_in_words_are_hidden_with_the_test(text, phrase):
    assert _health(text) == [phrase]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("HIV dx'd 2016", "HIV dx'd"),
        ("HIV diagnosed 2016, linked to care", "HIV diagnosed"),
        ("lab: HIV-1/2 Ab reactive", "HIV-1/2 Ab reactive"),
    ],
)
def test_what_follows_the_condition_word_goes_with_it(text, phrase):
    assert _health(text) == [phrase]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("the pharmacy has his truvada ready", "his truvada"),
        ("needs descovy refill", "needs descovy"),
        ("hes taking Truvada", "taking Truvada"),
    ],
)
def test_truvada_or_descovy_with_no_word_of_prep_is_treatment(text, phrase):
    assert _health(text) == [phrase]


@pytest.mark.parametrize("text", ["on truvada for PrEP", "descovy for prevention", "prep appt tuesday"])
def test_truvada_or_descovy_as_prep_is_not_a_status(text):
    assert _health(text) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("taking bictarvy again", "taking bictarvy"),
        ("biktarvi refill due", "biktarvi"),
        ("genvoia at walgreens", "genvoia"),
        ("hes on trumeq", "on trumeq"),
    ],
)
def test_a_brand_misspelt_by_one_letter_is_still_the_brand(text, phrase):
    assert _health(text) == [phrase]


@pytest.mark.parametrize("text", ["dovetail joints", "triumph at the meeting", "genoa salami on the menu"])
def test_words_near_a_brand_but_english_stay(text):
    assert _health(text) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("HIV-1 infection, on ART", "HIV-1 infection, on ART"),
        ("HIV/HCV coinfection", "HCV coinfection"),
        ("dx: A.I.D.S.", "dx: A.I.D.S."),
        ("HIV +ve since 2010", "HIV +ve"),
        ("HIV reactive at intake", "HIV reactive"),
    ],
)
def test_the_condition_written_with_its_type_or_a_short_result_is_hidden_whole(text, phrase):
    assert phrase in _health(text)


# --- eligibility for the HIV/AIDS programs, and Spanish -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("She remains HOPWA eligible. Please send the lease.", "HOPWA eligible"),
        ("Eligibility: Ryan White eligible", "Ryan White eligible"),
        ("he is eligible for HOPWA now", "eligible for HOPWA"),
    ],
)
def test_eligibility_for_an_hiv_program_said_of_a_person_discloses_the_status(text, phrase):
    assert phrase in _health(text)


def test_the_programs_name_alone_is_no_disclosure():
    assert _health("the HOPWA list is long this month") == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("es para su tratamiento del VIH", "su tratamiento del VIH"),
        ("tiene VIH desde 2019", "tiene VIH"),
        ("salió VIH positivo", "VIH positivo"),
    ],
)
def test_hiv_status_said_in_spanish_is_hidden_whole(text, phrase):
    assert phrase in _health(text)


def test_a_bare_vih_naming_a_service_stays():
    assert _health("la clínica del VIH abre a las 9") == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            "d/c summary: HIV-1 infection, on Biktarvy, last VL <20. Follow up",
            "HIV-1 infection, on Biktarvy, last VL <20",
        ),
        (
            "clinic note: CD4 340, VL detectable at 1,200 copies, missed refills",
            "CD4 340, VL detectable at 1,200 copies",
        ),
    ],
)
def test_disclosures_listed_together_are_one_phrase(text, phrase):
    assert _health(text) == [phrase]


def test_continuing_art_discloses():
    assert _health("Pt instructed to continue ART without interruption.") == ["continue ART"]


def test_an_hiv_disclosure_and_another_condition_stay_apart():
    assert _health("HIV+, diabetic, and on dialysis") == ["HIV+"]


def test_on_art_beside_another_disclosure_is_the_treatment_even_before_and():
    assert _health("she's on art and her cd4 is fine") == ["on art and her cd4 is"]


def test_on_art_and_more_with_no_other_disclosure_stays_readable():
    assert _health("she is on art and music on fridays") == []


def test_a_status_in_slack_bold_is_still_a_disclosure():
    assert _health("charlene is *positive* and doing great on her meds") == ["is *positive"]


def test_testing_positive_for_something_other_than_hiv_is_not_a_disclosure():
    assert _health("she tested positive for covid last week") == []
