"""Every number the court-day generator draws from, in one place, each with its source.

Seed 003, chapter 2 gives the format split (90% short format: 60% oral on the day, 30% fast
delivery reports; 10% standard delivery reports), the 35% PO / 65% PSO target, the nine PO-only
categories and which of them require an SDR. It gives **no rate** for any PO-only category, for
training, rotas, due dates or known cases: those figures below are marked "assumption", chosen to
be plausible and to make every court rule and term bite on a generated day. A planner may
change them; ``scenarios/README.md`` lists them for readers.
"""

# --- Format split of the requests (seed 003 ch. 2: 60/30/10) ---------------------------------
REQUESTED_TYPES = (("oral", 0.60), ("fast_delivery", 0.30), ("standard_delivery", 0.10))

# --- Due dates (assumption: the seed says oral is "completed on the day" and names adjournments
# for FDRs and SDRs, with no period) ---
FDR_ON_THE_DAY = 0.70  # fast delivery reports written on the hearing day; the rest adjourned
FDR_ADJOURNED_DAYS = (1, 5)  # an adjourned FDR is due 1-5 days after the hearing
SDR_DUE_DAYS = (15, 21)  # an SDR is due three weeks or so after the hearing

# --- Court teams (seed 003 ch. 2: POs write about 35%, trained PSOs about 65%) ---------------
PO_CAPACITY_SHARE = 0.35  # POs hold about 35% of the writers' contracted hours
PSO_UNTRAINED_RATE = 0.15  # PSOs not (yet) trained for short-format reports (assumption)
NQO_RATE = 0.15  # POs in their first 12 months (assumption, as in distributions.py)
PART_TIME_RATE = 0.18  # assumption, as in distributions.py
PART_TIME_HOURS = (18.5, 22.2, 29.6, 30.0)  # assumption, as in distributions.py
COURT_WEIGHT_SHAPE = 4.0  # gamma shape of the courts' shares of a PDU's requests (assumption)

# --- Reports already allocated in the PO share period (CourtTeam.reports_in_period) ---------
PERIOD_WORKING_DAYS = 20  # the default 28-day period holds 20 court days (policy.court)
PRIOR_PO_SHARE = (0.35, 0.06)  # normal(mean, sd) of the team's PO share so far (assumption)

# --- The rota (assumption: the seed names court teams and courts, no pattern) ---------------
ON_ROTA_RATE = 0.80  # a writer is on the rota on 4 days in 5 (the rest: office writing days)
HOME_COURT_RATE = 0.85  # on a rota day, at their home court; else at another court of the team

# --- Absences on a court day (as distributions.py: seed 001 whereabouts; rates assumption) ----
WINDOW_DAYS = 10  # absences are placed within ten days either side of the week
LEAVE_RATE, LEAVE_DAYS = 0.20, (1, 5)
SICKNESS_RATE, SICKNESS_DAYS = 0.05, (1, 3)
TRAINING_RATE, TRAINING_DAYS = 0.10, (1, 1)

# --- Reports already being written (Practitioner.reports; WMT report points, assumption) -----
HELD_FDR_MEAN = {"PO": 0.8, "PSO": 1.2}  # Poisson means of fast delivery reports in progress
HELD_SDR_MEAN = {"PO": 1.5, "PSO": 0.3}  # Poisson means of SDRs in progress

# --- PO-only category facts (seed 003 ch. 2 names them; every RATE is an assumption) ---------
# Categories 1 and 2 require an SDR, so the court asks for one far more often when they apply;
# a few still come with a shorter request type and need an adjournment.
DANGEROUSNESS_RATE = {"oral": 0.004, "fast_delivery": 0.01, "standard_delivery": 0.20}  # cat. 1
TERRORISM_RATE = {"oral": 0.001, "fast_delivery": 0.002, "standard_delivery": 0.03}  # cat. 2
MENTAL_HEALTH = (  # categories 3 (diagnosed_without_report) and 4 (indicated_without_diagnosis)
    ("none", 0.895),
    ("diagnosed_with_report", 0.04),
    ("diagnosed_without_report", 0.025),
    ("indicated_without_diagnosis", 0.04),
)
DOMESTIC_ABUSE = (  # category 5: high or very high
    ("none", 0.64),
    ("low", 0.12),
    ("medium", 0.14),
    ("high", 0.08),
    ("very_high", 0.02),
)
SEXUAL_OFFENDING = (  # category 6: medium, high or very high
    ("none", 0.93),
    ("low", 0.02),
    ("medium", 0.03),
    ("high", 0.015),
    ("very_high", 0.005),
)
CHILD_SAFEGUARDING = (("none", 0.79), ("some", 0.17), ("complex_or_serious", 0.04))  # cat. 7
ORGANISED_CRIME_RATE = 0.015  # category 8
EXTRA_RISK_INFORMATION_RATE = 0.02  # category 9 ("in exceptional circumstances")
COMPLEX_CASE_RATE = 0.08  # complex or sensitive (may need an SDR; oral does not suit it)
SERIOUS_SEXUAL_OR_VIOLENT_RATE = 0.06  # may need an SDR
# Together these give about a quarter of requests in at least one PO-only category, below the
# 35% PO share, so the target still has room to pull (tests/synth/test_court_generate.py).

# --- Indicative RoSH (the court's first screening; assumption, from the facts) ---------------
# very high: dangerousness, terrorism or a very high domestic abuse or sexual risk; high: a high
# risk, complex child safeguarding or organised crime; medium: any medium or other PO-only
# category; otherwise low with MEDIUM_OTHERWISE_RATE of medium.
MEDIUM_OTHERWISE_RATE = 0.25

# --- Known cases (seed 003 ch. 2: the OM of a known case gives the court team an update) -----
KNOWN_RATE = 0.30  # requests on a case the service already supervises (assumption)
KNOWN_TO_WRITER_RATE = 0.25  # of those, known to a court-team writer, not an OM (assumption)
CASE_MANAGERS = (3, 6)  # offender managers in the PDU's case-management POD who know cases
