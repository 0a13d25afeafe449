"""The fixed lists a person's profile is built from. Lived-experience areas and interests are configurable
per programme (models), everything else is here."""

from django.db import models


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    POST = "post", "Post"


class Format(models.TextChoices):
    EASY_READ = "easy_read", "Easy read"
    LARGE_PRINT = "large_print", "Large print"
    AUDIO = "audio", "Audio"
    BSL = "bsl", "British Sign Language (BSL)"
    OTHER_LANGUAGE = "other_language", "Another language"


class AccessNeed(models.TextChoices):
    STEP_FREE = "step_free", "Step-free access"
    HEARING_LOOP = "hearing_loop", "Hearing loop"
    BSL_INTERPRETER = "bsl_interpreter", "British Sign Language (BSL) interpreter"
    QUIET_ROOM = "quiet_room", "A quiet room"
    BREAKS = "breaks", "Regular breaks"
    COMPANION = "companion", "Someone to come with me"
    ACCESSIBLE_TOILET = "accessible_toilet", "Accessible toilet"
    PARKING = "parking", "Accessible parking"
    TRANSPORT = "transport", "Help with transport (for example a taxi)"
    PAPERS_IN_ADVANCE = "papers_in_advance", "Papers well before the meeting"


class Day(models.TextChoices):
    MONDAY = "mon", "Monday"
    TUESDAY = "tue", "Tuesday"
    WEDNESDAY = "wed", "Wednesday"
    THURSDAY = "thu", "Thursday"
    FRIDAY = "fri", "Friday"
    SATURDAY = "sat", "Saturday"
    SUNDAY = "sun", "Sunday"


class TimeOfDay(models.TextChoices):
    MORNING = "morning", "Mornings"
    AFTERNOON = "afternoon", "Afternoons"
    EVENING = "evening", "Evenings"


class Recognition(models.TextChoices):
    PAYMENT = "payment", "Payment for my time"
    VOUCHER = "voucher", "A voucher"
    DONATE = "donate", "Give it to a charity"
    VOLUNTEER = "volunteer", "I want to volunteer (no payment)"


class YesNoPreferNot(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = "prefer_not", "Prefer not to say"


class ConsentPurpose(models.TextChoices):
    CONTACT = "contact", "Contact me about opportunities to get involved"
    PHOTOS = "photos", "Use photos of me"
    QUOTES = "quotes", "Quote what I say"
    SHARE_WITH_PARTNERS = "share_with_partners", "Share my details with partner organisations"
    KEEP_EQUALITY_DATA = "keep_equality_data", "Keep my equality monitoring answers"


class ConsentMethod(models.TextChoices):
    ONLINE = "online", "Online, by the person"
    PHONE = "phone", "Over the phone"
    PAPER = "paper", "On a paper form"
    IN_PERSON = "in_person", "In person"


class NoteKind(models.TextChoices):
    GENERAL = "general", "General note"
    SAFEGUARDING = "safeguarding", "Safeguarding (restricted)"


# Equality monitoring: categories match the ONS Census 2021 tables in shared/data/census-2021, so a group
# can be compared with the local population. Every question also offers "Prefer not to say".
PREFER_NOT = ("prefer_not", "Prefer not to say")

AGE_BANDS = [
    ("16-19", "16 to 19"),
    ("20-24", "20 to 24"),
    ("25-34", "25 to 34"),
    ("35-49", "35 to 49"),
    ("50-64", "50 to 64"),
    ("65-74", "65 to 74"),
    ("75-84", "75 to 84"),
    ("85+", "85 or over"),
    ("under-16", "Under 16"),
    PREFER_NOT,
]
SEX = [("Female", "Female"), ("Male", "Male"), PREFER_NOT]
GENDER_IDENTITY = [
    ("Gender identity the same as sex registered at birth", "Yes, the same as my sex registered at birth"),
    (
        "Gender identity different from sex registered at birth but no specific identity given",
        "No, different",
    ),
    ("Trans woman", "Trans woman"),
    ("Trans man", "Trans man"),
    ("Non-binary", "Non-binary"),
    ("Other gender identity", "Another gender identity"),
    PREFER_NOT,
]
ETHNIC_GROUP = [
    ("Asian, Asian British or Asian Welsh", "Asian, Asian British or Asian Welsh"),
    (
        "Black, Black British, Black Welsh, Caribbean or African",
        "Black, Black British, Black Welsh, Caribbean or African",
    ),
    ("Mixed or Multiple ethnic groups", "Mixed or multiple ethnic groups"),
    (
        "White: English, Welsh, Scottish, Northern Irish or British",
        "White: English, Welsh, Scottish, Northern Irish or British",
    ),
    ("White: Irish", "White: Irish"),
    (
        "White: Gypsy or Irish Traveller, Roma or Other White",
        "White: Gypsy or Irish Traveller, Roma or any other White background",
    ),
    ("Other ethnic group", "Another ethnic group"),
    PREFER_NOT,
]
RELIGION = [
    ("No religion", "No religion"),
    ("Christian", "Christian"),
    ("Buddhist", "Buddhist"),
    ("Hindu", "Hindu"),
    ("Jewish", "Jewish"),
    ("Muslim", "Muslim"),
    ("Sikh", "Sikh"),
    ("Other religion", "Another religion"),
    PREFER_NOT,
]
SEXUAL_ORIENTATION = [
    ("Straight or Heterosexual", "Straight or heterosexual"),
    ("Gay or Lesbian", "Gay or lesbian"),
    ("Bisexual", "Bisexual"),
    ("Pansexual", "Pansexual"),
    ("Asexual", "Asexual"),
    ("Queer", "Queer"),
    ("All other sexual orientations", "Another sexual orientation"),
    PREFER_NOT,
]
DISABILITY = [
    ("Disabled under the Equality Act: Day-to-day activities limited a lot", "Yes, limited a lot"),
    ("Disabled under the Equality Act: Day-to-day activities limited a little", "Yes, limited a little"),
    ("Not disabled under the Equality Act", "No"),
    PREFER_NOT,
]
UNPAID_CARE = [
    ("Provides no unpaid care", "No"),
    ("Provides 19 or less hours unpaid care a week", "Yes, 19 hours a week or less"),
    ("Provides 20 to 49 hours unpaid care a week", "Yes, 20 to 49 hours a week"),
    ("Provides 50 or more hours unpaid care a week", "Yes, 50 or more hours a week"),
    PREFER_NOT,
]
