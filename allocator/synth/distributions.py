"""Every number the generator draws from, in one place, each with its source.

``scenarios/README.md`` lists the same figures for readers. "assumption" means no seed gives
the figure and the value is a plausible choice, stated so that a planner can change it.
"""

# --- POD composition (seed 000: PO:PSO:CA about 2:3:1, local variation; PQiPs not counted) ---
PO_SHARE_MEAN = 0.40  # 2 of 2+3 case-holding qualified staff (seed 000, principle 1)
PO_SHARE_SD = 0.08  # local variation (seed 000 "subject to local variation"; size: assumption)
PQIP_RATE = 0.10  # PQiP learners per case holder before the principle-8 cap (assumption)
NQO_RATE = 0.15  # share of POs in their first 12 months (assumption)
CA_PER_POD = ((0, 0.1), (1, 0.8), (2, 0.1))  # (count, probability): 1 CA, with variation (seed 000)

# --- Contracts and reductions (docs/domain.md "Capacity" and "Hours reductions") ---
PART_TIME_RATE = 0.18  # assumption
PART_TIME_HOURS = (18.5, 22.2, 29.6, 30.0)  # 0.5, 0.6, 0.8 FTE and 30 hours (assumption)
PSO_LEARNING_RATE = 0.10  # PSOs with the 20% learning and development reduction (rate: assumption)
PSO_LEARNING_PCT = 20.0  # docs/domain.md
MATERNITY_RATE = 0.015  # staff on maternity or adoption leave (100% reduction; rate: assumption)
UNION_RATE = 0.03  # staff with trade union facility time (rate: assumption)
UNION_HOURS = (3.7, 7.4, 18.5)  # up to 50% of hours (docs/domain.md); values: assumption
OTHER_POINTS_RATE = 0.12  # staff with report work outside the listed holdings (assumption)
OTHER_POINTS = (65, 120, 138)  # fast report, PAROM, standard delivery report (docs/domain.md)

# --- Readiness and vetting (seed 001: SPO-confirmed readiness, ViSOR; rates: assumption) ---
READINESS = {
    "PO": {"mappa": 0.85, "sexual_offending": 0.80, "domestic_abuse": 0.95, "terrorism": 0.25,
           "omic": 0.85, "child_protection": 0.90},
    "PSO": {"mappa": 0.15, "sexual_offending": 0.25, "domestic_abuse": 0.70, "terrorism": 0.0,
            "omic": 0.60, "child_protection": 0.55},
    "PQIP": {"mappa": 0.05, "sexual_offending": 0.15, "domestic_abuse": 0.50, "terrorism": 0.0,
             "omic": 0.30, "child_protection": 0.35},
}  # fmt: skip
PSO_COMPETENCIES = {
    "c1": 0.50,
    "sexual_offending_d1": 0.30,
}  # seed 003 (C1, D1 training); rates: assumption
VISOR_VETTED = {"PO": 0.70, "PSO": 0.20, "PQIP": 0.05, "SPO": 0.90, "CA": 0.0}  # assumption
VISOR_TRAINED_IF_VETTED = 0.85  # assumption; SPOs first (seed 001 national priority)

# --- Absences around the date (seed 001: whereabouts, training; rates: assumption) ---
WINDOW_DAYS = 21  # absences are placed within three weeks either side of the date
LEAVE_RATE, LEAVE_DAYS = 0.35, (1, 10)
SICKNESS_RATE, SICKNESS_DAYS = 0.06, (1, 7)
TRAINING_RATE, TRAINING_DAYS = 0.25, (1, 2)

# --- Practitioner facts (assumption) ---
LIVED_EXPERIENCE_RATE = 0.07
GENDER_DECLARED_RATE = 0.55
GENDERS = (("female", 0.70), ("male", 0.28), ("non-binary", 0.02))
ALLOCATIONS_THIS_WEEK_MEAN = {"PO": 1.0, "PSO": 1.2, "PQIP": 0.4}  # Poisson means
ALLOCATED_TODAY_SHARE = 0.3  # of this week's allocations, how many came today

# --- Offices (seed 001: some sites unsuitable for higher-risk people on probation) ---
OFFICE_SUITABLE_RATE = 0.80  # assumption; the first office of each PDU is always suitable
PODS_PER_OFFICE = 3  # assumption
STAFF_AT_MAIN_OFFICE = 0.90  # assumption

# --- Caseload: risk letter by holder grade (seed 001: A/B PO, C mixed, D mostly PSO) ---
# Rates within a grade are assumptions shaped by the grade-vs-tier rule; a few PSO tier B and
# PQiP tier C holdings are the "small number" of out-of-model cases seed 001 describes.
LETTERS = ("A", "B", "C", "D")
HOLDING_LETTER = {
    "PO": (0.07, 0.50, 0.33, 0.10),
    "PSO": (0.00, 0.02, 0.45, 0.53),
    "PQIP": (0.00, 0.00, 0.06, 0.94),
}
NEW_CASE_LETTER = (0.03, 0.22, 0.40, 0.35)  # the day's list (assumption)
# Needs digit 3, 2, 1, 0 (assumption). Digit 0 (no mandate for change) only for community cases.
DIGITS = (3, 2, 1, 0)
DIGIT_P = (0.20, 0.35, 0.30, 0.15)
# Case type. Seed 003 (ch. 3): about 45% of the caseload is managed in the community and the
# rest is custody or licence (51,000 custody cases); the custody/licence split is an assumption.
CASE_TYPES = ("community", "licence", "custody")
HOLDING_CASE_TYPE = (0.45, 0.25, 0.30)
NEW_CASE_TYPE = (0.55, 0.15, 0.30)  # new court orders dominate the day's list (assumption)

# --- Flags by risk letter A, B, C, D (assumption, shaped by seed 003's additional factors) ---
FLAGS = (
    "sexual_offending",
    "domestic_abuse",
    "terrorism",
    "child_protection",
    "iom",
    "vulnerability",
    "serious_mental_health",
)
FLAG_P = {
    "A": (0.35, 0.30, 0.03, 0.15, 0.05, 0.15, 0.12),
    "B": (0.15, 0.35, 0.005, 0.12, 0.10, 0.14, 0.10),
    "C": (0.06, 0.30, 0.0, 0.08, 0.08, 0.12, 0.08),
    "D": (0.04, 0.12, 0.0, 0.04, 0.04, 0.10, 0.06),
}
# MAPPA (docs/domain.md unified derivation: MAPPA level 2/3 = 150 points, so tier A).
MAPPA_L23_IN_A = 0.60  # share of tier A cases there by MAPPA level 2 or 3 (assumption)
MAPPA_L3_SHARE = 0.20  # of level 2/3 cases, level 3 (assumption)
RSO_MAPPA_RATE = 0.80  # sexual offending cases registered, so MAPPA category 1 (assumption)
# RoSH by letter (docs/domain.md bands: very high 150 = A, high 20 = B, medium 10 = C, low 0 = D).
ROSH_B_HIGH = 0.80  # the rest reach B by RSR 7%+ with medium RoSH (assumption)
ROSH_C_MEDIUM = 0.85  # the rest reach C by RSR 3-6.99% with low RoSH (assumption)

# --- The day's list (assumption unless stated) ---
REASONS = (
    ("initial_allocation", 0.72),
    ("transfer_in", 0.08),
    ("change_in_tier", 0.10),
    ("caseload_adjustment", 0.03),
    ("change_of_address", 0.03),
    ("officer_left", 0.02),
    ("other", 0.02),
)
HELD_REASONS = frozenset({"change_in_tier", "caseload_adjustment", "officer_left"})
TIER_UP_SHARE = 0.60  # of tier changes, increases in risk
POD_KNOWN_RATE = 0.85  # new cases arriving with a POD (by area)
DIF_INCOMPLETE_RATE = 0.06  # seed 002 makes a complete DIF a gate; the rate is an assumption
PREFERENCE_RATE = 0.04
PREFERENCE_VALUES = (("female", 0.80), ("male", 0.20))
RESTRICTED_TO_RATE = 0.01
EXCLUDED_STAFF_RATE = 0.02
CONFLICT_RATE = 0.03  # cases some practitioner of the PDU declared a conflict with
RETURNING_RATE = 0.30  # of transfers in and "other", a returning case with a previous practitioner
ALLOCATE_BY_RATE = 0.70  # non-custody cases with an allocate-by date
ALLOCATE_BY_DAYS = (-3, 6)  # relative to the date; negative is overdue
HANDOVER_DAYS = (7, 180)  # custody: POM to COM handover this many days after the date
HANDOVER_LEAD_DAYS = 28  # COM allocated ahead of handover (seed 002: report 28 days before)
